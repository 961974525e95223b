/**
 * Drives the real widget with mutation cases, as a student gives files: model files dropped
 * on the widget, photos through `el.run(File)`. A second widget on the page keeps the shared
 * worker (and the default model) alive, so tensors left behind by a case would show in
 * `memory()`. For each case: accepted, or refused with a coded message (never the general
 * headline) and the "In use" line unchanged; then a good photo renders every layer of the
 * model in use; then, back on the default model, the worker holds what it held before.
 */
import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MESSAGES } from '../../src/languages/i18n';
import { headlineKey } from '../../src/languages/errors';
import { allDrawn, activationSums, eventCount, inWidget, openPage, poll, routeWidgetPage, shownError, type Rig } from '../browser/reliability-harness';
import type { MutationCase } from './cases';

export const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
const GOOD = new Uint8Array(readFileSync(fileURLToPath(new URL('../../static/samples/coffee.png', import.meta.url))));
const WIDGET = '#w';
const CASE_TIMEOUT = 60_000;

export interface Outcome {
  result: 'accepted' | 'refused';
  /** The refusal's code (null: none, a failure). */
  code: string | null;
  /** The refusal's detail as shown under the headline. */
  detail: string | null;
  /** What went against the rules; empty when the case behaved. */
  failures: string[];
}

export interface Driver {
  page: Page & { errors: string[] };
  clean: number[];
  baseline: { numTensors: number; numBytes: number };
  toggle: boolean;
}

type Memory = { numTensors: number; numBytes: number } | null;
const memory = (page: Page) => page.evaluate(() => (customElements.get('conv-lens') as any).memory() as Promise<Memory>);

/** Opens the mutation page: the widget under test and an anchor widget, both on the default model with a good photo. */
export async function openDriver(rig: Rig): Promise<Driver> {
  await routeWidgetPage(rig.context, 'mutation', '<conv-lens id="w" lang="en"></conv-lens><conv-lens id="anchor" lang="en" src="/samples/chelsea.png"></conv-lens>');
  const page = await openPage(rig, '__widget/mutation.html');
  await page.evaluate(() => customElements.whenDefined('conv-lens'));
  await page.evaluate(() => (document.querySelector('#anchor') as any).run('/samples/chelsea.png'));
  const driver: Driver = { page, clean: [], baseline: { numTensors: 0, numBytes: 0 }, toggle: false };
  const ran = await runGood(driver);
  if (ran) throw new Error(`the good photo does not render on the default model: ${ran}`);
  driver.clean = await activationSums(page, WIDGET);
  driver.baseline = (await memory(page))!;
  return driver;
}

/** `el.run(good photo)`; null when it resolved, else the error's text. */
function runGood(driver: Driver): Promise<string | null> {
  return runFile(driver.page, { name: 'coffee.png', bytes: GOOD });
}

function runFile(page: Page, file: { name: string; bytes: Uint8Array }): Promise<string | null> {
  return page.evaluate(({ name, base64, selector }) => {
    const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return (document.querySelector(selector) as any).run(new File([data], name)).then(() => null, (e: Error) => `${e.name}: ${e.message}`);
  }, { name: file.name, base64: Buffer.from(file.bytes).toString('base64'), selector: WIDGET });
}

/** Drops `files` on the widget's input panel together, as one drag of several files. */
function dropFiles(page: Page, files: { name: string; bytes: Uint8Array }[]): Promise<void> {
  const given = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  return page.evaluate(({ given, selector }) => {
    const transfer = new DataTransfer();
    for (const f of given) transfer.items.add(new File([Uint8Array.from(atob(f.base64), (c) => c.charCodeAt(0))], f.name));
    const panel = document.querySelector(selector)!.shadowRoot!.querySelector('.input-panel')!;
    panel.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true }));
  }, { given, selector: WIDGET });
}

const inUse = (page: Page) => inWidget(page, (root) => root.querySelector('.model-in-use')?.textContent ?? '', undefined, WIDGET);

/** The first ready or error event of the widget after `since`, or null after CASE_TIMEOUT. */
async function settle(page: Page, since: number): Promise<{ type: string; detail: any } | null> {
  try {
    return await poll(page, ({ since }) => (globalThis as any).events.slice(since)
      .find((e: any) => e.id === 'w' && (e.type === 'convlens:ready' || e.type === 'convlens:error')) ?? false, { since }, CASE_TIMEOUT);
  } catch {
    return null;
  }
}

/** Runs one case through the widget and checks everything the issue asks of it. */
export async function runCase(driver: Driver, c: MutationCase, lang: 'ko' | 'en'): Promise<Outcome> {
  const { page } = driver;
  const failures: string[] = [];
  const t = MESSAGES[lang];
  await page.evaluate(({ lang }) => document.querySelector('#w')!.setAttribute('lang', lang), { lang });
  const usedBefore = await inUse(page);
  const since = await eventCount(page);
  let result: Outcome['result'] = 'accepted';
  let layers = LECTURE_LAYERS;
  let refusal: string | null = null;
  if (c.kind === 'photo') {
    refusal = await runFile(page, c.files[0]);
  } else {
    await dropFiles(page, c.files);
    const first = await settle(page, since);
    if (!first) return { result: 'refused', code: null, detail: null, failures: ['neither accepted nor refused within 60 s'] };
    if (first.type === 'convlens:ready') layers = first.detail.layers;
    else refusal = first.detail.message;
  }
  let code: string | null = null;
  let detail: string | null = null;
  if (refusal !== null) {
    result = 'refused';
    const shown = await shownError(page, WIDGET);
    ({ code, detail } = shown);
    if (shown.hidden) failures.push(`refused (${refusal}) but no message shown`);
    if (!code) failures.push(`refused without a code: ${shown.headline} / ${shown.detail}`);
    if (shown.headline === t.errGeneral) failures.push(`general headline over: ${shown.detail}`);
    else if (code && shown.headline !== t[headlineKey(code)]) failures.push(`headline "${shown.headline}" is not the one of ${code}`);
    if (c.kind === 'model' && (await inUse(page)) !== usedBefore) failures.push(`"In use" changed to ${await inUse(page)} after a refusal`);
  } else if (c.kind === 'model' && !(await inUse(page)).includes(c.files[0].name)) {
    failures.push(`accepted, but "In use" says ${await inUse(page)}`);
  }
  failures.push(...(await checkGoodPhoto(driver, layers, result === 'refused' || c.kind === 'photo')));
  if (c.kind === 'model' && result === 'accepted') failures.push(...(await backToDefault(driver)));
  const after = await memory(page);
  if (JSON.stringify(after) !== JSON.stringify(driver.baseline)) failures.push(`worker memory ${JSON.stringify(after)}, was ${JSON.stringify(driver.baseline)}`);
  return { result, code, detail, failures };
}

/** A good photo renders every layer of the model in use (the default one's own results when `onDefault`). */
async function checkGoodPhoto(driver: Driver, layers: string[], onDefault: boolean): Promise<string[]> {
  const ran = await runGood(driver);
  if (ran) return [`the good photo failed: ${ran}`];
  const drawn = await allDrawn(driver.page, WIDGET).catch((e: Error) => [`(not drawn: ${e.message})`]);
  if (JSON.stringify(drawn) !== JSON.stringify(layers)) return [`the good photo drew ${drawn}, expected ${layers}`];
  if (onDefault && JSON.stringify(await activationSums(driver.page, WIDGET)) !== JSON.stringify(driver.clean)) return ['the good photo’s results differ on the default model'];
  const left = await shownError(driver.page, WIDGET);
  if (!left.hidden) return [`a message is still shown after the good photo: ${left.code} ${left.headline} / ${left.detail}`];
  return [];
}

/** Gives the widget the default model again (the `model` attribute set or removed: both name it). */
async function backToDefault(driver: Driver): Promise<string[]> {
  const since = await eventCount(driver.page);
  driver.toggle = !driver.toggle;
  await driver.page.evaluate((set) => {
    const el = document.querySelector('#w')!;
    if (set) el.setAttribute('model', '/models/cifar10/model.json');
    else el.removeAttribute('model');
  }, driver.toggle);
  const ready = await settle(driver.page, since);
  if (ready?.type !== 'convlens:ready') return [`the default model did not come back: ${ready?.detail?.message ?? 'timeout'}`];
  return (await checkGoodPhoto(driver, LECTURE_LAYERS, true)).map((failure) => `back on the default model: ${failure}`);
}
