/**
 * The defects the first mutation run found, as regression tests through the real widget:
 * a manifest shape that does not match its weight file, a truncated shard, two paths naming
 * one shard, a layer renamed inside an HDF5 model_config, a truncated .h5, int32 weights.
 * Each is refused with its code and headline, the "In use" line keeps the previous model,
 * a good photo renders every layer with the previous model's own results, and the worker
 * holds what it held before.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hasChromium } from './chromium';
import { activationSums, allDrawn, eventCount, inWidget, nextEvent, poll, shownError, startRig, stopRig, type Rig } from './reliability-harness';
import { routeFiles } from './test-pages';
import { MESSAGES } from '../../src/languages/i18n';
import { SEQUENTIAL_LAYERS, keras3LegacyH5, weightValues } from '../helpers/keras-fixtures';
import { LECTURE_LAYERS, openDriver, runCase, type Driver } from '../mutation/drive';
import type { GivenFile } from '../mutation/cases';

const MODEL_DIR = fileURLToPath(new URL('../../models/cifar10/', import.meta.url));
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/** The default model's files, model.json edited by `edit`, weight files by `bytes`. */
function cifar(edit: (json: any) => void = () => undefined, bytes: (name: string, data: Uint8Array) => Uint8Array = (_, d) => d): GivenFile[] {
  const json = JSON.parse(readFileSync(`${MODEL_DIR}model.json`, 'utf8'));
  json.modelTopology.model_config.config.name = 'edited';
  edit(json);
  const shards = readdirSync(MODEL_DIR).filter((f) => f.endsWith('.bin')).map((name) => ({ name, bytes: bytes(name, new Uint8Array(readFileSync(MODEL_DIR + name))) }));
  return [{ name: 'model.json', bytes: encode(json) }, ...shards];
}

/** `bytes` with the first occurrence of `from` replaced by `to` (same length). */
function replaceOnce(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const at = text.indexOf(from);
  assert.ok(at >= 0 && from.length === to.length, `${from} is in the file`);
  const out = bytes.slice();
  out.set(Buffer.from(to, 'latin1'), at);
  return out;
}

const lenetH5 = () => keras3LegacyH5(SEQUENTIAL_LAYERS, weightValues(SEQUENTIAL_LAYERS), 'sequential');

const CASES: { name: string; code: string; detail: RegExp; files: () => Promise<GivenFile[]> | GivenFile[] }[] = [
  {
    name: 'a manifest shape that does not match the weight file', code: 'weights-length',
    detail: /^Weight file conv2d\.65b024b2\.bin is 3584 bytes, expected 3588\.$/,
    files: () => cifar((json) => (json.weightsManifest[0].weights[1].shape = [33])),
  },
  {
    name: 'a truncated shard', code: 'weights-length', detail: /^Weight file conv2d_1\.fae0cde8\.bin is 100 bytes, expected 73984\.$/,
    files: () => cifar(undefined, (name, data) => (name.startsWith('conv2d_1.') ? data.slice(0, 100) : data)),
  },
  {
    name: 'two paths naming the same shard', code: 'weights-manifest', detail: /names the weight file conv2d\.65b024b2\.bin twice/,
    files: () => cifar((json) => (json.weightsManifest[1].paths = [json.weightsManifest[0].paths[0]])),
  },
  {
    name: 'a layer renamed inside an HDF5 model_config', code: 'weights-missing', detail: /con12d/,
    files: async () => [{ name: 'renamed.h5', bytes: replaceOnce(await lenetH5(), '"name":"conv2d"', '"name":"con12d"') }],
  },
  {
    name: 'a truncated .h5', code: 'model-h5-damaged', detail: /^cut\.h5 .*(damaged|cut short)/,
    files: async () => {
      const whole = await lenetH5();
      return [{ name: 'cut.h5', bytes: whole.slice(0, Math.floor(whole.length * 0.6)) }];
    },
  },
  {
    name: 'int32 weights', code: 'weights-dtype', detail: /^Weight conv2d\/bias is stored as int32; convlens reads float32 weights/,
    files: () => cifar((json) => (json.weightsManifest[0].weights[1].dtype = 'int32')),
  },
];

interface Ctx { rig: Rig; driver: Driver }
const ctx = {} as Ctx;
const test = suite('refused models never replace the one in use');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false });
  await routeFiles(ctx.rig.context, hostedFiles());
  ctx.driver = await openDriver(ctx.rig);
});
test.after(() => stopRig(ctx.rig));

for (const [i, c] of CASES.entries()) {
  test(c.name, async () => {
    const files = await c.files();
    const outcome = await runCase(ctx.driver, { name: c.name, kind: 'model', files }, i % 2 ? 'ko' : 'en');
    assert.is(outcome.result, 'refused');
    assert.is(outcome.code, c.code);
    assert.match(outcome.detail ?? '', c.detail, String(outcome.detail));
    assert.equal(outcome.failures, []);
  });
}

/** Hosted copies of the default model: one whose first weight file is missing, one whose file is short. */
function hostedFiles(): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const [json, ...shards] = cifar();
  files.set('gone/model.json', json.bytes);
  files.set('short/model.json', json.bytes);
  for (const shard of shards) {
    if (!shard.name.startsWith('conv2d.')) files.set(`gone/${shard.name}`, shard.bytes);
    files.set(`short/${shard.name}`, shard.name.startsWith('conv2d_1.') ? shard.bytes.slice(0, 1000) : shard.bytes);
  }
  return files;
}

for (const [dir, code, detail] of [
  ['gone', 'weights-fetch', /^Weight file conv2d\.65b024b2\.bin could not be fetched: HTTP 404\.$/],
  ['short', 'weights-length', /^Weight file conv2d_1\.fae0cde8\.bin is 1000 bytes, expected 73984\.$/],
] as const) {
  test(`a hosted model whose weights fail while computing (${code}): the widget goes back to its previous model and says so`, async () => {
    const { page } = ctx.driver;
    await page.evaluate(() => document.querySelector('#w')!.setAttribute('lang', 'en'));
    const before = await eventCount(page);
    // el.run() as the model becomes ready, in the same task: asked later, it could find the widget
    // already back on the previous model (the photo on show, computed at once, met the failure first).
    const running = page.evaluate((url) => new Promise<string>((resolve) => {
      const el = document.querySelector('#w') as any;
      el.addEventListener('convlens:error', () => resolve('model refused'), { once: true });
      el.addEventListener('convlens:ready', () => {
        el.run('/samples/coffee.png').then(() => 'done', (e: any) => e.code ?? e.name).then(resolve);
      }, { once: true });
      el.setAttribute('model', url);
    }), `/__files/${dir}/model.json`);
    const ready = await nextEvent(page, ['convlens:ready', 'convlens:error'], before, 'w');
    assert.is(ready.type, 'convlens:ready', 'model.json itself is fine');
    // The photo on show or this one meets the failure first; this run is superseded then.
    const ran = await running;
    assert.ok(ran === code || ran === 'AbortError', `el.run rejects with the weights error (or as superseded), not ${ran}`);
    const back = await nextEvent(page, ['convlens:ready'], before + 1, 'w');
    assert.equal(back.detail.layers, LECTURE_LAYERS);
    await poll(page, () => !(document.querySelector('#w')!.shadowRoot!.querySelector('.error') as HTMLElement).hidden, undefined);
    const shown = await shownError(page, '#w');
    assert.equal({ code: shown.code, headline: shown.headline }, { code, headline: MESSAGES.en.errWeightsBack });
    assert.match(shown.detail, detail);
    assert.is(await inWidget(page, (root) => root.querySelector('.model-in-use')!.textContent, undefined, '#w'), MESSAGES.en.modelInUse('cifar10/model.json'));
    // The photo on show is computed again on the previous model, the message stays until a new photo.
    assert.equal(await allDrawn(page, '#w'), LECTURE_LAYERS);
    assert.ok(!(await shownError(page, '#w')).hidden);
    await page.evaluate(() => (document.querySelector('#w') as any).run('/samples/coffee.png'));
    assert.equal(await activationSums(page, '#w'), ctx.driver.clean, 'the previous model’s own results');
    assert.ok((await shownError(page, '#w')).hidden);
    await page.waitForTimeout(100);
    assert.equal(await page.evaluate(() => (customElements.get('conv-lens') as any).memory()), ctx.driver.baseline, 'the failed model was let go');
    const restored = await eventCount(page);
    await page.evaluate(() => document.querySelector('#w')!.removeAttribute('model'));
    await nextEvent(page, ['convlens:ready'], restored, 'w');
    ctx.driver.toggle = false;
  });
}

test('the refusals were shown with their details, and nothing reached the page uncaught', async () => {
  const shown = await shownError(ctx.driver.page, '#w');
  assert.ok(shown.hidden, 'the last good photo cleared the message');
  assert.equal(ctx.driver.page.errors, []);
});

if (hasChromium()) test.run();
else console.log('SKIP model-regressions browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
