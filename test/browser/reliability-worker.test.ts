/**
 * When the worker fails, the widget notices, says so, starts a fresh worker and runs
 * again: a crash that fires `error` (killed from the test), an out-of-memory approximated
 * the same way in the middle of a run, a worker that stops silently (caught by the stall
 * timeout), and a model that never arrives. Also the cancellation burst: ten images dropped
 * in quick succession end with the last one painted, and the worker stops work for each
 * superseded image at the next layer boundary.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium';
import { encodePng } from '../helpers/png';
import { MESSAGES } from '../../src/languages/i18n';
import {
  activationSums, allDrawn, dropFile, eventCount, inWidget, nextEvent, openPage, photoCaption, routeWidgetPage, shownError,
  startRig, stopRig, type Rig,
} from './reliability-harness';

const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
const t = MESSAGES.en;

interface Ctx { rig: Rig }
const ctx = {} as Ctx;

const workers = (page: Page) => page.evaluate(() => ({ ...(globalThis as any).workers }) as { started: number; terminated: number });
const run = (page: Page, src: string) => page.evaluate((src) => (document.querySelector('conv-lens') as any).run(src).then(() => 'done', (e: Error) => `${e.name}: ${e.message}`), src);

/** A page with one English widget that has computed every layer of chelsea.png. */
async function readyPage(name = 'one', size = { width: 1100, height: 900 }): Promise<Page & { errors: string[] }> {
  await routeWidgetPage(ctx.rig.context, name, '<conv-lens lang="en"></conv-lens>');
  const page = await openPage(ctx.rig, `__widget/${name}.html`, size);
  assert.is(await run(page, '/samples/chelsea.png'), 'done');
  return page;
}

/** The worker's current Playwright handle (the newest one). */
async function workerOf(page: Page) {
  await page.waitForFunction(() => (globalThis as any).workers.started > (globalThis as any).workers.terminated);
  const list = page.workers();
  return list[list.length - 1];
}

/** After a loss: the fresh worker runs a new image through every layer and the message goes. */
async function assertRunsAgain(page: Page): Promise<void> {
  assert.is(await run(page, '/samples/rocket.jpg'), 'done');
  assert.equal(await allDrawn(page), LECTURE_LAYERS);
  assert.ok((await shownError(page)).hidden);
  assert.match(await photoCaption(page), /rocket\.jpg/);
}

const test = suite('worker failures and cancellation');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false });
});

test.after(() => stopRig(ctx.rig));

test('a crash of the worker (an error event) is shown, a fresh worker starts, and the widget runs again', async () => {
  const page = await readyPage();
  const before = await eventCount(page);
  const worker = await workerOf(page);
  await worker.evaluate(() => void setTimeout(() => {
    throw new Error('boom');
  }));
  const event = await nextEvent(page, ['convlens:error'], before);
  assert.is(event.detail.code, 'worker-crashed');
  const shown = await shownError(page);
  assert.is(shown.headline, t.errWorkerRestarted);
  assert.match(shown.detail, /^The inference worker stopped: Uncaught Error: boom$/);
  await page.waitForFunction(() => (globalThis as any).workers.started === 2);
  assert.equal(await workers(page), { started: 2, terminated: 1 }, 'the dead worker ended, a fresh one started');
  // The image on show is computed again by the fresh worker, and the message stays until the student acts.
  await page.waitForFunction(() => (globalThis as any).events.filter((e: any) => e.type === 'convlens:ready').length === 2);
  await page.waitForFunction(() => !!document.querySelector('conv-lens')!.shadowRoot!.querySelector('.layer[data-state="done"]'));
  assert.match(await photoCaption(page), /chelsea\.png/);
  assert.not.ok((await shownError(page)).hidden);
  await assertRunsAgain(page);
  assert.equal(page.errors, [], 'the page heard no uncaught error');
  await page.close();
});

test('running out of memory in the middle of a run (approximated by an uncaught RangeError) rejects the run and recovers', async () => {
  const page = await readyPage();
  const worker = await workerOf(page);
  const pending = run(page, '/samples/astronaut.png');
  await worker.evaluate(() => void setTimeout(() => {
    throw new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded');
  }));
  assert.match(await pending, /^WorkerLost: The inference worker stopped: Uncaught RangeError: WebAssembly\.Memory\.grow\(\): Maximum memory size exceeded$/);
  assert.is((await shownError(page)).headline, t.errWorkerRestarted);
  await assertRunsAgain(page);
  assert.equal(await workers(page), { started: 2, terminated: 1 });
  await page.close();
});

test('a worker that stops silently (close(), no error event) is caught by the stall timeout, and the widget recovers', async () => {
  const page = await readyPage();
  await page.evaluate(() => ((customElements.get('conv-lens') as any).stallTimeout = 2000));
  const worker = await workerOf(page);
  await worker.evaluate(() => close());
  const started = Date.now();
  const outcome = await run(page, '/samples/coffee.png');
  const waited = Date.now() - started;
  assert.match(outcome, /^WorkerLost: No answer from the inference worker for 2 s while computing the layers; it was stopped\.$/);
  assert.ok(waited >= 1900 && waited < 10_000, `waited ${waited} ms`);
  const shown = await shownError(page);
  assert.is(shown.headline, t.errWorkerStalled);
  assert.is(shown.code, 'worker-stalled');
  await assertRunsAgain(page);
  assert.equal(await workers(page), { started: 2, terminated: 1 });
  await page.close();
});

test('a model that never arrives times out with a clear message; another model then works', async () => {
  await ctx.rig.context.route('**/__hang/**', () => undefined);
  await routeWidgetPage(ctx.rig.context, 'hang', '<conv-lens lang="ko"></conv-lens>');
  const page = await openPage(ctx.rig, '__widget/hang.html');
  await page.evaluate(() => ((customElements.get('conv-lens') as any).stallTimeout = 2000));
  const before = await eventCount(page);
  await page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('model', '/__hang/model.json'));
  await nextEvent(page, ['convlens:error'], before);
  const shown = await shownError(page);
  assert.is(shown.headline, MESSAGES.ko.errWorkerStopped);
  assert.match(shown.detail, /^No answer from the inference worker for 2 s while loading the model http:\/\/localhost:\d+\/__hang\/model\.json; it was stopped\.$/);
  const ready = await eventCount(page);
  await page.evaluate(() => document.querySelector('conv-lens')!.setAttribute('model', '/models/cifar10/model.json'));
  await nextEvent(page, ['convlens:ready'], ready);
  assert.is(await run(page, '/samples/coffee.png'), 'done');
  assert.equal(await allDrawn(page), LECTURE_LAYERS);
  await page.close();
});

/** Ten different images: the four samples and six small noise PNGs. */
function burst(): { name: string; bytes: Uint8Array }[] {
  const samples = ['chelsea.png', 'coffee.png', 'astronaut.png'].map((name) => ({ name, bytes: new Uint8Array(readFileSync(new URL(`../../static/samples/${name}`, import.meta.url))) }));
  const noise = Array.from({ length: 6 }, (_, k) => ({
    name: `noise-${k}.png`,
    bytes: encodePng({ width: 48, height: 48, colorType: 2, pixels: Uint8Array.from({ length: 48 * 48 * 3 }, (_, i) => (i * (k + 3) * 7919) % 256) }),
  }));
  const last = { name: 'rocket.jpg', bytes: new Uint8Array(readFileSync(new URL('../../static/samples/rocket.jpg', import.meta.url))) };
  return [...samples.slice(0, 2), ...noise.slice(0, 3), samples[2], ...noise.slice(3), last];
}

/** In the worker: when each run's callbacks port started (runs in arrival order) and when each layer was posted on it. */
function recordWorkerPosts(): void {
  const g = globalThis as any;
  g.ports = [] as { started: number; layers: number[] }[];
  const ids = new WeakMap<MessagePort, number>();
  const start = MessagePort.prototype.start;
  // Comlink starts a callbacks port when the run arrives, and again before each call on it.
  MessagePort.prototype.start = function (this: MessagePort) {
    if (!ids.has(this)) ids.set(this, g.ports.push({ started: performance.now(), layers: [] }) - 1);
    return start.call(this);
  };
  const post = MessagePort.prototype.postMessage as (message: any, transfer?: any) => void;
  MessagePort.prototype.postMessage = function (this: MessagePort, message: any, transfer?: any) {
    const id = ids.get(this);
    if (id !== undefined && message?.type === 'APPLY' && message.path?.[0] === 'onLayer') g.ports[id].layers.push(performance.now());
    return post.call(this, message, transfer);
  } as typeof MessagePort.prototype.postMessage;
}

test('ten images dropped in quick succession: the last is painted, nothing stale, superseded work stops', async () => {
  const page = await readyPage('burst', { width: 1100, height: 6000 });
  const images = burst();
  assert.is(await run(page, '/samples/rocket.jpg'), 'done');
  const clean = await activationSums(page);
  assert.is(await run(page, '/samples/coffee.png'), 'done');
  const worker = await workerOf(page);
  await worker.evaluate(recordWorkerPosts);
  const before = await eventCount(page);
  for (const image of images) {
    await dropFile(page, image.name, image.bytes);
    await page.waitForTimeout(15);
  }
  await page.waitForFunction(() => /rocket\.jpg/.test(document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel figcaption')!.textContent!));
  await allDrawn(page);
  assert.match(await photoCaption(page), /rocket\.jpg/);
  assert.equal(await allDrawn(page), LECTURE_LAYERS);
  assert.equal(await activationSums(page), clean, 'every layer holds the last image’s values');
  const ports: { started: number; layers: number[] }[] = await worker.evaluate(() => (globalThis as any).ports);
  assert.ok(ports.length >= 2, `${ports.length} runs reached the worker`);
  for (let k = 0; k + 1 < ports.length; k++) {
    const late = ports[k].layers.filter((at) => at > ports[k + 1].started).length;
    assert.ok(late <= 1, `run ${k} posted ${late} layers after run ${k + 1} replaced it`);
  }
  assert.is(ports[ports.length - 1].layers.length, 6, 'the last run computed all six layers');
  assert.ok(ports.slice(0, -1).some((port) => port.layers.length < 6), 'some runs were cut short: the burst overlapped');
  assert.equal(await shownError(page).then((s) => s.hidden), true);
  await page.close();
});

if (hasChromium()) test.run();
else console.log('SKIP reliability-worker browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
