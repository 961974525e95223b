/**
 * The worker's engine run in Node on the same WASM kernels as the browser: the lecture's
 * summary table, numerics against an independent plain-loop forward pass, lazy weights,
 * supersession and tensor hygiene.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MODEL_URL, loadFromDisk, tf, useBackend } from './helpers/node-engine';
import { sharedPath } from './helpers/shared';
import { readFileSync } from 'node:fs';
import { readCifar, toFloat } from './helpers/cifar';
import { LECTURE_LAYERS, lectureForward, readH5Weights } from './helpers/lecture-model';
import { maxRelativeError } from './helpers/reference';
import { rejects } from './helpers/assert';
import { summarize } from '../worker/engine/summary';
import { execute, prefetchFirstWeights, type ExecuteOptions } from '../worker/engine/execute';
import type { LayerResult } from '../worker/contract';

const LECTURE_TABLE: [string, string, (number | null)[], number][] = [
  ['conv2d', 'Conv2D', [null, 30, 30, 32], 896],
  ['max_pooling2d', 'MaxPooling2D', [null, 15, 15, 32], 0],
  ['conv2d_1', 'Conv2D', [null, 13, 13, 64], 18496],
  ['conv2d_2', 'Conv2D', [null, 11, 11, 128], 73856],
  ['max_pooling2d_1', 'MaxPooling2D', [null, 5, 5, 128], 0],
  ['conv2d_3', 'Conv2D', [null, 3, 3, 256], 295168],
  ['flatten', 'Flatten', [null, 2304], 0],
  ['dense', 'Dense', [null, 128], 295040],
  ['dropout', 'Dropout', [null, 128], 0],
  ['dense_1', 'Dense', [null, 10], 1290],
];

/** Runs the engine and collects the streamed layers. */
async function runAll(input: Float32Array, overrides: Partial<ExecuteOptions> = {}, fetched?: string[]) {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL), fetched);
  const summary = summarize(loaded);
  const results: LayerResult[] = [];
  const prediction = await execute(loaded, input, {
    layers: summary.defaultLayers,
    probabilities: true,
    rowIndex: new Map(summary.rows.map((row, i) => [row.name, i])),
    isCancelled: () => false,
    onLayer: (result) => results.push(result),
    ...overrides,
  });
  return { loaded, summary, results, prediction };
}

const Summary = suite('summary of the default model');
Summary.before(() => useBackend('wasm'));

Summary('equals the lecture table row by row, with 684,746 parameters in total', async () => {
  const summary = summarize(await loadFromDisk(new URL(DEFAULT_MODEL_URL)));
  assert.equal(summary.rows.map((r) => [r.name, r.type, r.outputShape, r.params]), LECTURE_TABLE);
  assert.is(summary.totalParams, 684746);
  assert.is(summary.trainableParams, 684746);
  assert.equal(summary.inputShape, [32, 32, 3]);
  assert.equal(summary.defaultLayers, LECTURE_LAYERS);
  assert.equal(summary.metadata.classNames?.[3], 'cat');
  assert.equal(summary.metadata.classNamesByLang?.ko?.[3], '고양이', 'the Korean names reach the page with the summary');
  assert.ok(Math.abs(summary.metadata.pixelScale - 1 / 255) < 1e-12);
});

Summary('gives conv and pooling layers their window geometry', async () => {
  const summary = summarize(await loadFromDisk(new URL(DEFAULT_MODEL_URL)));
  const geometry = Object.fromEntries(summary.rows.map((r) => [r.name, r.geometry]));
  assert.equal(geometry.conv2d, { kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: 'valid' });
  assert.equal(geometry.max_pooling2d, { kernel: [2, 2], stride: [2, 2], dilation: [1, 1], padding: 'valid' });
  assert.is(geometry.dense, undefined);
});

Summary.run();

const Numerics = suite('activations against a plain-loop reference');
const testBatch = sharedPath('data/cifar-10-batches-bin/test_batch.bin');
const h5 = sharedPath('models/cifar10.h5');
Numerics.before(() => useBackend('wasm'));

if (!testBatch || !h5) {
  console.log('SKIP numerics: ../shared (CIFAR-10 test batch, cifar10.h5) is not present');
} else {
  Numerics('all six layers and the probabilities match within 1e-4 on three CIFAR-10 test photos', async () => {
    const weights = await readH5Weights(h5);
    for (const image of readCifar(testBatch, 3)) {
      const input = toFloat(image.hwc, 1 / 255);
      const { results, prediction } = await runAll(input);
      const reference = lectureForward({ h: 32, w: 32, c: 3, data: input }, weights);
      assert.equal(results.map((r) => r.name), LECTURE_LAYERS);
      for (const result of results) {
        const expected = reference.layers[result.name];
        assert.equal(result.shape, [1, expected.h, expected.w, expected.c]);
        const error = maxRelativeError(result.data, expected.data);
        assert.ok(error <= 1e-4, `${result.name}: relative error ${error}`);
      }
      const probabilities = prediction!.probabilities;
      assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5, 'probabilities sum to 1');
      assert.ok(maxRelativeError(probabilities, reference.probabilities) <= 1e-4);
    }
  });

  Numerics('the first test image (a cat) is classified as a cat', async () => {
    const [cat] = readCifar(testBatch, 1);
    assert.is(cat.label, 3);
    const { prediction } = await runAll(toFloat(cat.hwc, 1 / 255));
    assert.is(prediction!.top[0].name, 'cat');
    assert.is(prediction!.top.length, 5);
  });
}
Numerics.run();

const Stats = suite('per-channel statistics sent with each layer');
Stats.before(() => useBackend('wasm'));

Stats('equal min, max and zero counts read channel by channel from the layer data', async () => {
  const input = Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => ((i * 7919) % 255) / 255);
  const { results } = await runAll(input);
  for (const result of results) {
    const [, h, w, c] = result.shape;
    assert.is(result.stats.pixels, h * w, result.name);
    for (let channel = 0; channel < c; channel++) {
      const values = Array.from({ length: h * w }, (_, p) => result.data[p * c + channel]);
      assert.is(result.stats.min[channel], Math.min(...values), `${result.name} min ${channel}`);
      assert.is(result.stats.max[channel], Math.max(...values), `${result.name} max ${channel}`);
      assert.is(result.stats.zeros[channel], values.filter((v) => v === 0).length, `${result.name} zeros ${channel}`);
    }
  }
  assert.ok(results.some((r) => r.stats.zeros.some((z) => z > 0)), 'some ReLU outputs are exactly 0');
});
Stats.run();

const Lazy = suite('lazy weights');
Lazy.before(() => useBackend('wasm'));

Lazy('computing conv2d alone fetches only model.json and conv2d weight file', async () => {
  const fetched: string[] = [];
  await runAll(new Float32Array(32 * 32 * 3), { layers: ['conv2d'], probabilities: false }, fetched);
  const files = fetched.map((url) => url.split('/').pop());
  assert.is(files[0], 'model.json');
  assert.equal(files.length, 2, `fetched ${files}`);
  assert.match(files[1]!, /^conv2d\.[0-9a-f]{8}\.bin$/);
});

Lazy('the six layers without probabilities never fetch the dense layers', async () => {
  const fetched: string[] = [];
  await runAll(new Float32Array(32 * 32 * 3), { probabilities: false }, fetched);
  const files = fetched.map((url) => url.split('/').pop()!);
  assert.ok(files.every((file) => !file.startsWith('dense')), `fetched ${files}`);
  assert.is(files.length, 5);
});

Lazy('loading holds no weight at all, and a layer\'s tensors are its trained values once it is needed', async () => {
  const before = tf.memory().numTensors;
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  assert.is(tf.memory().numTensors, before, 'no tensor made at load: no Glorot draw, no zero variables');
  const conv = loaded.graph.nodes.find((node) => node.name === 'conv2d')!;
  const { kernel, bias } = await loaded.weights.tensors(conv);
  assert.equal(kernel.shape, [3, 3, 3, 32]);
  assert.equal(bias.shape, [32]);
  // The file's first float is the kernel's first value: read it independently of tfjs.
  const manifest = JSON.parse(readFileSync(new URL(DEFAULT_MODEL_URL), 'utf8')).weightsManifest[0];
  const file = readFileSync(new URL(manifest.paths[0], DEFAULT_MODEL_URL));
  const first = new Float32Array(file.buffer, file.byteOffset, 27 * 32);
  assert.equal(Array.from(kernel.dataSync()), Array.from(first));
  await loaded.weights.dispose();
  assert.is(tf.memory().numTensors, before, 'disposing the store frees every weight');
});

Lazy('prefetching the first layer fetches its weight file only, once, and a run then reuses it', async () => {
  const fetched: string[] = [];
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL), fetched);
  prefetchFirstWeights(loaded, ['conv2d_1'], false);
  await execute(loaded, new Float32Array(3072), {
    layers: ['conv2d_1'], probabilities: false, rowIndex: new Map(), isCancelled: () => false, onLayer: () => {},
  });
  const files = fetched.map((url) => url.split('/').pop()!.split('.')[0]);
  assert.equal(files, ['model', 'conv2d', 'conv2d_1']);
  fetched.length = 0;
  prefetchFirstWeights(loaded, [], false);
  assert.equal(fetched, [], 'no layer asked: nothing fetched');
});

Lazy('a missing weight file is named in the error', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const group = (loaded.weights as unknown as { manifest: { paths: string[] }[] }).manifest[0];
  group.paths = ['missing-conv2d.bin'];
  await rejects(
    () => execute(loaded, new Float32Array(3072), {
      layers: ['conv2d'], probabilities: false, rowIndex: new Map(), isCancelled: () => false, onLayer: () => {},
    }),
    /missing-conv2d\.bin could not be fetched: HTTP 404/,
  );
});
Lazy.run();

const Hygiene = suite('tensor hygiene and supersession');
Hygiene.before(() => useBackend('wasm'));

Hygiene('numTensors is the same before and after 20 runs', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const summary = summarize(loaded);
  const options: ExecuteOptions = {
    layers: summary.defaultLayers, probabilities: true, rowIndex: new Map(), isCancelled: () => false, onLayer: () => {},
  };
  await execute(loaded, new Float32Array(3072).fill(0.5), options); // loads every weight once
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) await execute(loaded, new Float32Array(3072).fill(i / 20), options);
  assert.is(tf.memory().numTensors, before);
});

Hygiene('a cancelled run stops with an AbortError and leaks nothing', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const layers: string[] = [];
  const before = tf.memory().numTensors;
  let cancelled = false;
  await rejects(
    () => execute(loaded, new Float32Array(3072), {
      layers: LECTURE_LAYERS, probabilities: true, rowIndex: new Map(),
      isCancelled: () => cancelled,
      onLayer: (r) => { layers.push(r.name); cancelled = true; },
    }),
    (error: Error) => error.name === 'AbortError',
  );
  assert.equal(layers, ['conv2d']);
  // Only the weights it fetched are held (and let go with the model); no activation survives.
  await loaded.weights.dispose();
  assert.is(tf.memory().numTensors, before);
});
Hygiene.run();
