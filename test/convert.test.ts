/**
 * The Keras .h5 -> tfjs layers converter (worker/format, worker/convert/cli.ts) and the
 * committed default model in models/cifar10/, checked against ../shared/models/cifar10.h5,
 * which the test reads on its own with h5wasm.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import h5wasm, { type Dataset, type Group } from 'h5wasm/node';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SUPPORTED_FORMATS } from '../worker/format/errors';
import { float16BitsToNumber, float32ToFloat16Bits } from '../worker/format/float16';
import { readKerasH5 } from '../worker/format/keras-h5';
import { sanitizeModelConfig, stringifyModelJson, toTfjsLayersModel, type TfjsModelJson, type WeightGroup } from '../worker/format/tfjs-writer';
import { sharedPath } from './helpers/shared';
import { skipThisTest } from './helpers/skip';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const MODEL_DIR = join(ROOT, 'models/cifar10');
const CLASSES = 'airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck';
const H5 = sharedPath('models/cifar10.h5');
const WEIGHTS_ONLY = sharedPath('fixtures/tensorspace-lenet-mnist/separated/weights.h5');
const RESNET = sharedPath('fixtures/mlperf-tiny-resnet8-keras2.4/pretrainedResnet.h5');

/** Keras' summary of cifar10.h5 (../shared/models/README.md): name, params, output shape. */
const SUMMARY: [string, number, (number | null)[]][] = [
  ['conv2d', 896, [null, 30, 30, 32]],
  ['max_pooling2d', 0, [null, 15, 15, 32]],
  ['conv2d_1', 18496, [null, 13, 13, 64]],
  ['conv2d_2', 73856, [null, 11, 11, 128]],
  ['max_pooling2d_1', 0, [null, 5, 5, 128]],
  ['conv2d_3', 295168, [null, 3, 3, 256]],
  ['flatten', 0, [null, 2304]],
  ['dense', 295040, [null, 128]],
  ['dropout', 0, [null, 128]],
  ['dense_1', 1290, [null, 10]],
];

/** Runs the converter CLI as `npm run convert` would. */
function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'worker/convert/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function readModelJson(dir: string): TfjsModelJson {
  return JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
}

/** Each weight of a group with its bytes, cut from the group's file in manifest order. */
function splitGroup(dir: string, group: WeightGroup, bytesPerValue: number) {
  const file = new Uint8Array(readFileSync(join(dir, group.paths[0])));
  let offset = 0;
  const weights = group.weights.map((w) => {
    const length = w.shape.reduce((a, b) => a * b, 1) * bytesPerValue;
    const bytes = file.subarray(offset, offset + length);
    offset += length;
    return { ...w, bytes };
  });
  assert.is(offset, file.length, `${group.paths[0]} is ${file.length} bytes, expected ${offset}`);
  return weights;
}

/** Every weight dataset of a Keras .h5, read directly: layer -> [{ name, shape, data }]. */
async function readH5Directly(path: string) {
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  const root = file.get('model_weights') as Group;
  const layers = new Map<string, { name: string; shape: number[]; data: Float32Array }[]>();
  for (const layer of root.attrs.layer_names.value as string[]) {
    const names = (root.get(layer) as Group).attrs.weight_names.value;
    if (!Array.isArray(names) || names.length === 0) continue;
    layers.set(layer, (names as string[]).map((name) => {
      const dataset = file.get(`model_weights/${layer}/${name}`) as Dataset;
      return { name, shape: dataset.shape!, data: dataset.value as Float32Array };
    }));
  }
  file.close();
  return layers;
}

const bytesOf = (data: Float32Array) => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const half = suite('float32ToFloat16Bits');

half('encodes hand-checked values', () => {
  assert.is(float32ToFloat16Bits(1), 0x3c00);
  assert.is(float32ToFloat16Bits(-2), 0xc000);
  assert.is(float32ToFloat16Bits(65504), 0x7bff, 'largest finite half');
  assert.is(float32ToFloat16Bits(65520), 0x7c00, 'halfway to 2^16 rounds (to even) to infinity');
  assert.is(float32ToFloat16Bits(Infinity), 0x7c00);
  assert.is(float32ToFloat16Bits(-Infinity), 0xfc00);
  assert.ok(Number.isNaN(float16BitsToNumber(float32ToFloat16Bits(NaN))));
  assert.is(float32ToFloat16Bits(-0), 0x8000);
  assert.is(float32ToFloat16Bits(0.1), 0x2e66);
  assert.is(float16BitsToNumber(0x2e66), 0.0999755859375);
});

half('rounds ties to even', () => {
  assert.is(float32ToFloat16Bits(1 + 2 ** -11), 0x3c00, '1 + half an ulp stays 1 (even)');
  assert.is(float32ToFloat16Bits(1 + 3 * 2 ** -11), 0x3c02, '1 + 1.5 ulp goes up to the even 1 + 2 ulp');
  assert.is(float32ToFloat16Bits(1 + 2 ** -11 + 2 ** -20), 0x3c01, 'just above the tie rounds up');
  assert.is(float32ToFloat16Bits(2048 + 1), 0x6800, '2049 -> 2048');
  assert.is(float32ToFloat16Bits(2048 + 3), 0x6802, '2051 -> 2052');
});

half('handles subnormals and underflow', () => {
  assert.is(float32ToFloat16Bits(2 ** -14), 0x0400, 'smallest normal');
  assert.is(float32ToFloat16Bits(2 ** -24), 0x0001, 'smallest subnormal');
  assert.is(float32ToFloat16Bits(6e-8), 0x0001);
  assert.is(float32ToFloat16Bits(1e-8), 0x0000, '1e-8 is below 2^-25: zero');
  assert.is(float32ToFloat16Bits(-1e-8), 0x8000);
  assert.is(float32ToFloat16Bits(2 ** -25), 0x0000, 'tie between 0 and 2^-24 goes to even 0');
  assert.is(float32ToFloat16Bits(3 * 2 ** -25), 0x0002, 'tie between 1 and 2 subnormal units goes to 2');
  assert.is(float32ToFloat16Bits(2 ** -14 - 2 ** -26), 0x0400, 'rounds up from the largest subnormal into the normals');
  for (let bits = 0; bits < 0x7c00; bits++) {
    if (float32ToFloat16Bits(float16BitsToNumber(bits)) !== bits) assert.unreachable(`half 0x${bits.toString(16)} does not round-trip`);
  }
});

half.run();

if (!H5) {
  console.log('SKIP convert (default model, CLI, refusals): ../shared/models/cifar10.h5 is not present');
} else {
  const h5Path = H5;
  const model = suite('models/cifar10 (committed)');
  const committed = readModelJson(MODEL_DIR);

  model('holds every weight of cifar10.h5 bit for bit, in Keras weight order', async () => {
    const h5 = await readH5Directly(h5Path);
    assert.equal(committed.weightsManifest.map((g) => g.weights[0].name.split('/')[0]), [...h5.keys()]);
    for (const group of committed.weightsManifest) {
      const expected = h5.get(group.weights[0].name.split('/')[0])!;
      const actual = splitGroup(MODEL_DIR, group, 4);
      assert.equal(actual.map((w) => w.name), expected.map((w) => w.name.replace(/:0$/, '')));
      actual.forEach((w, i) => {
        assert.equal(w.shape, expected[i].shape, w.name);
        assert.is(w.dtype, 'float32');
        assert.is(firstDifference(w.bytes, bytesOf(expected[i].data)), -1, `${w.name} differs from the .h5`);
      });
    }
  });

  model('has one weight group and one content-hashed file per layer', () => {
    for (const group of committed.weightsManifest) {
      const layer = group.weights[0].name.split('/')[0];
      assert.is(group.paths.length, 1);
      assert.ok(group.weights.every((w) => w.name.startsWith(`${layer}/`)), `group of ${layer} mixes layers`);
      const match = /^(.+)\.([0-9a-f]{8})\.bin$/.exec(group.paths[0]);
      assert.ok(match && match[1] === layer, `file name ${group.paths[0]}`);
      const sha = createHash('sha256').update(readFileSync(join(MODEL_DIR, group.paths[0]))).digest('hex');
      assert.is(match![2], sha.slice(0, 8), `${group.paths[0]} does not match its content`);
    }
    const onDisk = readdirSync(MODEL_DIR).filter((name) => name.endsWith('.bin')).sort();
    assert.equal(onDisk, committed.weightsManifest.map((g) => g.paths[0]).sort(), 'no stale .bin files');
  });

  model('is what the converter produces today, with the metadata of the README', async () => {
    await h5wasm.ready;
    const file = new h5wasm.File(h5Path, 'r');
    const read = readKerasH5(file, 'cifar10.h5');
    file.close();
    const metadata = committed.userDefinedMetadata.convlens;
    assert.equal(metadata.classNames, CLASSES.split(','));
    assert.is(metadata.pixelScale, 1 / 255);
    assert.match(metadata.source!, /^cifar10\.h5 sha256:bea65f237d5de7aa450386195160607f2b79082b7615c8d5c8e621689781dca1$/);
    const { modelJson, files } = await toTfjsLayersModel(read, metadata);
    // Only the converter's version may differ: a version bump alone need not re-convert.
    modelJson.convertedBy = committed.convertedBy;
    assert.is(readFileSync(join(MODEL_DIR, 'model.json'), 'utf8'), stringifyModelJson(modelJson));
    assert.equal([...files.keys()], committed.weightsManifest.map((g) => g.paths[0]));
  });

  model('deserialises in tfjs-layers with the Keras summary', async () => {
    const net = await tfl.models.modelFromJSON({ modelTopology: committed.modelTopology as never });
    const rows = net.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
    assert.equal(rows.map((l) => [l.name, l.countParams(), l.outputShape]), SUMMARY);
    assert.is(net.countParams(), 684746);
    net.dispose();
  });

  model('loads with its weights and gives probabilities', async () => {
    const specs = committed.weightsManifest.flatMap((g) => g.weights);
    const parts = committed.weightsManifest.map((g) => new Uint8Array(readFileSync(join(MODEL_DIR, g.paths[0]))));
    const weightData = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      weightData.set(part, offset);
      offset += part.length;
    }
    const net = await tfl.loadLayersModel({
      load: async () => ({ modelTopology: committed.modelTopology as never, weightSpecs: specs, weightData: weightData.buffer }),
    });
    const probabilities = tf.tidy(() => (net.predict(tf.fill([1, 32, 32, 3], 0.5)) as tf.Tensor).dataSync() as Float32Array);
    assert.is(probabilities.length, 10);
    assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    net.dispose();
  });

  model.run();

  const cli = suite('convert CLI');
  const tmp = mkdtempSync(join(tmpdir(), 'convlens-convert-'));
  cli.after(() => rmSync(tmp, { recursive: true, force: true }));

  cli('--float16 writes half-precision weights that tfjs decodes within rounding', async () => {
    const out = join(tmp, 'f16');
    const run = runCli(h5Path, out, '--float16', '--classes', CLASSES, '--pixel-scale', '1/255');
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /dense_1\s+kernel 128x10, bias 10\s+2580\s+dense_1\.[0-9a-f]{8}\.bin/);
    const json = readModelJson(out);
    const h5 = await readH5Directly(h5Path);
    for (const group of json.weightsManifest) {
      assert.equal(group.weights[0].quantization, { dtype: 'float16', original_dtype: 'float32' });
      const buffer = readFileSync(join(out, group.paths[0]));
      splitGroup(out, group, 2); // sizes: 2 bytes per value
      const decoded = tf.io.decodeWeights(new Uint8Array(buffer).buffer, group.weights as tf.io.WeightsManifestEntry[]);
      const expected = h5.get(group.weights[0].name.split('/')[0])!;
      for (const [i, w] of group.weights.entries()) {
        const got = decoded[w.name].dataSync() as Float32Array;
        const want = expected[i].data;
        assert.is(got.length, want.length);
        for (let j = 0; j < want.length; j++) {
          const tolerance = Math.max(Math.abs(want[j]) * 2 ** -11, 2 ** -25);
          if (!(Math.abs(got[j] - want[j]) <= tolerance)) assert.unreachable(`${w.name}[${j}]: ${got[j]} vs ${want[j]}`);
        }
      }
      tf.dispose(Object.values(decoded));
    }
  });

  cli('announces the default pixel scale and leaves class names null', () => {
    const out = join(tmp, 'defaults');
    const run = runCli(h5Path, out);
    assert.is(run.code, 0, run.stderr);
    assert.match(run.stdout, /pixel scale 1 \(raw 0–255/);
    assert.equal(readModelJson(out).userDefinedMetadata.convlens.classNames, null);
    assert.is(readModelJson(out).userDefinedMetadata.convlens.pixelScale, 1);
  });

  cli('refuses a weights-only .h5 with its own message', () => {
    if (!WEIGHTS_ONLY) return skipThisTest('refusing a weights-only .h5: ../shared/fixtures/tensorspace-lenet-mnist is not present');
    const run = runCli(WEIGHTS_ONLY, join(tmp, 'weights-only'));
    assert.is(run.code, 1);
    assert.match(run.stderr, /weights\.h5 has no model_config: it looks like a weights-only file \(model\.save_weights\); give the topology JSON too/);
    assert.not.match(run.stderr, /\n\s+at /, 'no stack trace');
  });

  cli('refuses a file that is not a model, whatever its name, with its own message', () => {
    const notH5 = join(tmp, 'notes.h5');
    writeFileSync(notH5, 'just some text, not a model\n');
    const run = runCli(notH5, join(tmp, 'not-h5'));
    assert.is(run.code, 1);
    assert.is(run.stderr.trim(), `convert: ${basename(notH5)} is not a model file: it is plain text. ${SUPPORTED_FORMATS}.`);
  });

  cli('refuses a bad --pixel-scale', () => {
    const bad = runCli(h5Path, join(tmp, 'bad'), '--pixel-scale', 'x');
    assert.is(bad.code, 1);
    assert.match(bad.stderr, /--pixel-scale must be 1 \(raw 0–255 pixels\) or 1\/255/);
  });

  cli.run();
}

if (RESNET) {
  const fixtures = suite('readKerasH5 on a Functional Keras 2.4 model (ResNet-8)');
  fixtures('keeps BatchNorm weights in gamma, beta, moving_mean, moving_variance order', async () => {
    await h5wasm.ready;
    const file = new h5wasm.File(RESNET, 'r');
    const read = readKerasH5(file);
    file.close();
    assert.is(read.layers.length, 17);
    const bn = read.layers.find((l) => l.layerName === 'batch_normalization')!;
    assert.equal(bn.weights.map((w) => w.name.split('/')[1]), ['gamma', 'beta', 'moving_mean', 'moving_variance']);
    const net = await tfl.models.modelFromJSON({ modelTopology: { model_config: sanitizeModelConfig(read.modelConfig) } as never });
    assert.is(net.countParams(), 78666, 'L2 regularizers are rewritten so tfjs-layers loads the config');
    net.dispose();
  });
  fixtures.run();
}
