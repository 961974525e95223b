/**
 * Real model files from ../shared/fixtures/, read from there, through the worker's own
 * file path (loadModelFiles + buildModel) and the converter CLI: ResNet-8 (Keras 2.4
 * Functional, BatchNorm, Add) against a plain-loop reference; LeNet as Keras 2.1.6 .h5, as
 * topology + weights-only .h5, and as an old-format tfjs model; CNN Explainer's Tiny VGG.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import h5wasm, { type Dataset, type Group } from 'h5wasm/node';
import { loadModelUrl } from '../worker/files/url';
import type { LoadedModel } from '../worker/engine/load-model';
import { fileFetch, loadFromDisk, ROOT, useBackend } from './helpers/node-engine';
import { sharedPath } from './helpers/shared';
import { readCifar } from './helpers/cifar';
import { maxRelativeError } from './helpers/reference';
import { batchNorm, conv2dSame, loadGiven, relu, runLayers } from './helpers/keras-fixtures';

const FIXTURES = sharedPath('fixtures/');
const CIFAR = sharedPath('data/cifar-10-batches-bin/test_batch.bin');
const given = (...paths: string[]) => paths.map((path) => ({ name: basename(path), bytes: new Uint8Array(readFileSync(FIXTURES + path)) }));

/** A handwritten-looking "7", white on black, 0–255. */
function digit(): Float32Array {
  const image = new Float32Array(28 * 28);
  for (let x = 6; x < 22; x++) image[6 * 28 + x] = 255;
  for (let y = 7; y < 23; y++) image[y * 28 + Math.round(21 - (y - 7) * 0.5)] = 230;
  return image;
}

/** Every layer's output, in layer order. */
async function activations(loaded: LoadedModel, input: Float32Array) {
  const { results, prediction } = await runLayers(loaded, input);
  return { layers: [...results.values()].map((r) => [r.name, r.shape, r.data] as const), probabilities: prediction!.probabilities };
}

if (!FIXTURES) {
  console.log('SKIP formats-fixtures: ../shared/fixtures is not present');
} else {
  const Resnet = suite('ResNet-8, Keras 2.4 Functional .h5 (mlperf-tiny)');
  const RESNET = 'mlperf-tiny-resnet8-keras2.4/pretrainedResnet.h5';
  Resnet.before(() => useBackend('wasm'));

  /** Every weight dataset under model_weights, read from the file on its own: path -> values. */
  async function resnetDatasets(): Promise<Map<string, Float32Array>> {
    await h5wasm.ready;
    const file = new h5wasm.File(FIXTURES + RESNET, 'r');
    const found = new Map<string, Float32Array>();
    const walk = (group: Group) => {
      for (const key of group.keys()) {
        const entity = group.get(key);
        if (entity instanceof h5wasm.Group) walk(entity);
        else if (entity instanceof h5wasm.Dataset) found.set((entity as Dataset).path, (entity as Dataset).value as Float32Array);
      }
    };
    walk(file.get('model_weights') as Group);
    file.close();
    return found;
  }

  Resnet('its summary counts as many parameters as the file holds weight values', async () => {
    const datasets = await resnetDatasets();
    const total = [...datasets.values()].reduce((sum, values) => sum + values.length, 0);
    const { summary } = await runLayers(await loadGiven(given(RESNET)), new Float32Array(32 * 32 * 3), []);
    assert.is(summary.totalParams, total);
    assert.is(total, 78666);
    assert.equal(summary.inputShape, [32, 32, 3]);
    assert.is(summary.metadata.known, false);
  });

  Resnet('conv2d, batch_normalization and activation equal a plain-loop reference', async () => {
    const datasets = await resnetDatasets();
    const weight = (layer: string, name: string) => datasets.get(`/model_weights/${layer}/${layer}/${name}:0`)!;
    const input = CIFAR ? Float32Array.from(readCifar(CIFAR, 1)[0].hwc) : Float32Array.from({ length: 3072 }, (_, i) => (i * 37) % 256);
    const loaded = await loadGiven(given(RESNET));
    const { results } = await runLayers(loaded, input, ['conv2d', 'batch_normalization', 'activation']);
    const conv = conv2dSame({ h: 32, w: 32, c: 3, data: input }, weight('conv2d', 'kernel'), 3, weight('conv2d', 'bias'));
    const bn = batchNorm(conv, ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((n) => weight('batch_normalization', n)), 0.001);
    const expected = { conv2d: conv, batch_normalization: bn, activation: relu(bn) };
    for (const [name, reference] of Object.entries(expected)) {
      const error = maxRelativeError(results.get(name)!.data, reference.data);
      assert.ok(error <= 1e-4, `${name}: relative error ${error}`);
    }
  });

  if (CIFAR) {
    Resnet('classifies 76.0 % of CIFAR-10 test photos 0–999 right, the figure SOURCES.md gives for this file', async () => {
      const loaded = await loadGiven(given(RESNET));
      const images = readCifar(CIFAR, 1000);
      let right = 0;
      for (const image of images) {
        const { prediction } = await runLayers(loaded, Float32Array.from(image.hwc), []);
        if (prediction!.top[0].index === image.label) right++;
      }
      // SOURCES.md: 76.0 % on the JPEG versions of images 0–999 (numpy forward pass); allow a near-tie or two.
      assert.ok(Math.abs(right - 760) <= 2, `${right} / 1000 right`);
    });
  }
  Resnet.run();

  const Lenet = suite('LeNet MNIST (tensorspace): .h5, topology + weights .h5, old tfjs format');
  Lenet.before(() => useBackend('wasm'));
  const COMBINED = 'tensorspace-lenet-mnist/combined/mnist.h5';
  const SEPARATED = ['tensorspace-lenet-mnist/separated/weights.h5', 'tensorspace-lenet-mnist/separated/topology.json'];
  const CONVERTED = ['tensorspace-lenet-mnist/converted/model.json', 'tensorspace-lenet-mnist/converted/group1-shard1of1'];

  Lenet('the Keras 2.1.6 .h5 and the topology + weights-only pair load, grayscale, with identical activations', async () => {
    const combined = await loadGiven(given(COMBINED));
    const separated = await loadGiven(given(...SEPARATED));
    assert.equal(combined.inputShape, [28, 28, 1], 'a (28, 28) input is one grayscale channel');
    assert.equal(separated.inputShape, [28, 28, 1]);
    const a = await activations(combined, digit());
    const b = await activations(separated, digit());
    assert.equal(a.layers.map(([name, shape]) => [name, shape]), b.layers.map(([name, shape]) => [name, shape]));
    assert.equal(a.layers.map(([name]) => name), ['reshape_1', 'Conv2D_1', 'MaxPooling2D_1', 'Conv2D_2', 'MaxPooling2D_2', 'flatten_1', 'Dense_1', 'Dense_2', 'Softmax']);
    a.layers.forEach(([name, , data], i) => assert.equal(b.layers[i][2], data, name));
    assert.equal(a.probabilities, b.probabilities);
  });

  Lenet('the old-format tfjs model (shard without .bin, every layer an output) runs and agrees', async () => {
    const converted = await loadGiven(given(...CONVERTED));
    const combined = await loadGiven(given(COMBINED));
    const a = await activations(combined, digit());
    const c = await activations(converted, digit());
    for (const [name, , data] of a.layers) {
      const match = c.layers.find(([other]) => other === name);
      assert.ok(match, `layer ${name}`);
      assert.equal(match[2], data, name);
    }
    assert.is(c.probabilities.length, 10, 'the prediction is the last layer, not the first output');
    assert.equal(c.probabilities, a.probabilities);
  });

  Lenet('an .h5 given by URL (the model attribute) is converted in memory too', async () => {
    const url = pathToFileURL(FIXTURES + COMBINED).href;
    const loaded = await loadModelUrl(url, fileFetch());
    const a = await activations(loaded, digit());
    const b = await activations(await loadGiven(given(COMBINED)), digit());
    assert.equal(a.probabilities, b.probabilities);
  });
  Lenet.run();

  const TinyVgg = suite('Tiny VGG (CNN Explainer, tfjs converter 1.3.1.1)');
  TinyVgg.before(() => useBackend('wasm'));
  TinyVgg('loads and runs: ten 4-D layers by default and ten class probabilities', async () => {
    const loaded = await loadGiven(given('cnn-explainer-tinyvgg-tfjs/model.json', 'cnn-explainer-tinyvgg-tfjs/group1-shard1of1.bin'));
    const input = Float32Array.from({ length: 64 * 64 * 3 }, (_, i) => ((i * 31) % 256) / 255);
    const { summary, results, prediction } = await runLayers(loaded, input);
    assert.equal(summary.inputShape, [64, 64, 3]);
    assert.is(summary.defaultLayers.length, 10);
    assert.is(results.size, 12);
    assert.ok(Math.abs(prediction!.probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  });
  TinyVgg.run();

  const Cli = suite('npm run convert on every format');
  const tmp = mkdtempSync(join(tmpdir(), 'convlens-formats-'));
  Cli.before(() => useBackend('wasm'));
  Cli.after(() => rmSync(tmp, { recursive: true, force: true }));
  const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'worker/convert/cli.ts', ...args], { cwd: new URL(ROOT).pathname, encoding: 'utf8' });

  Cli('the .h5, the weights-only pair (--topology) and the old tfjs folder give the same per-layer files and activations', async () => {
    const runs = [
      [FIXTURES + COMBINED],
      [FIXTURES + SEPARATED[0], '--topology', FIXTURES + SEPARATED[1]],
      [FIXTURES + 'tensorspace-lenet-mnist/converted'],
    ];
    const outputs: Awaited<ReturnType<typeof activations>>[] = [];
    for (const [i, [input, ...flags]] of runs.entries()) {
      const out = join(tmp, `lenet-${i}`);
      const run = cli(input, out, ...flags);
      assert.is(run.status, 0, run.stderr);
      assert.match(run.stdout, /Conv2D_1\s+kernel 5x5x1x6, bias 6\s+624\s+Conv2D_1\.[0-9a-f]{8}\.bin/);
      assert.match(run.stdout, /5 weight files, 177704 bytes/);
      outputs.push(await activations(await loadFromDisk(join(out, 'model.json')), digit()));
    }
    assert.equal(outputs[1].probabilities, outputs[0].probabilities);
    assert.equal(outputs[2].probabilities, outputs[0].probabilities);
  });

  Cli('a tfjs model.json is re-split one weight file per layer, keeping its values', async () => {
    const out = join(tmp, 'tinyvgg');
    const run = cli(FIXTURES + 'cnn-explainer-tinyvgg-tfjs/model.json', out, '--pixel-scale', '1/255');
    assert.is(run.status, 0, run.stderr);
    const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    assert.equal(json.weightsManifest.map((g: { paths: string[] }) => g.paths[0].split('.')[0]), ['conv_1_1', 'conv_1_2', 'conv_2_1', 'conv_2_2', 'output']);
    const input = Float32Array.from({ length: 64 * 64 * 3 }, (_, i) => ((i * 31) % 256) / 255);
    const original = await activations(await loadGiven(given('cnn-explainer-tinyvgg-tfjs/model.json', 'cnn-explainer-tinyvgg-tfjs/group1-shard1of1.bin')), input);
    const resplit = await activations(await loadFromDisk(join(out, 'model.json')), input);
    assert.equal(resplit.probabilities, original.probabilities);
  });
  Cli.run();
}
