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
import { shownError, startRig, stopRig, type Rig } from './reliability-harness';
import { SEQUENTIAL_LAYERS, keras3LegacyH5, weightValues } from '../helpers/keras-fixtures';
import { openDriver, runCase, type Driver } from '../mutation/drive';
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

test('the refusals were shown with their details, and nothing reached the page uncaught', async () => {
  const shown = await shownError(ctx.driver.page, '#w');
  assert.ok(shown.hidden, 'the last good photo cleared the message');
  assert.equal(ctx.driver.page.errors, []);
});

if (hasChromium()) test.run();
else console.log('skipped: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
