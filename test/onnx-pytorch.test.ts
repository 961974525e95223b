/**
 * The three PyTorch exports of ../shared/fixtures/pytorch-onnx through the worker's own file
 * path (loadModelFiles -> fromGraph -> execute): the output and the stated intermediate
 * module outputs equal PyTorch's within 1e-4 relative; lecture-cifar10.onnx gives the same
 * six activations as models/cifar10 (the Keras model) on chelsea, and cat 0.478.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { summarize } from '../worker/engine/summary';
import { resizeNearest, toModelInput } from '../worker/image/resize';
import { loadGiven, runLayers } from './helpers/keras-fixtures';
import { DEFAULT_MODEL_URL, loadFromDisk, useBackend } from './helpers/node-engine';
import { toEngineLayout, toOnnxLayout } from './helpers/onnx-run';
import { decodePng, toRgba } from './helpers/png';
import { maxRelativeError } from './helpers/reference';
import { sharedPath } from './helpers/shared';
import { skipPart } from './helpers/skip';

const DIR = sharedPath('fixtures/pytorch-onnx/');
const TOLERANCE = 1e-4;

interface Expected {
  input_shape: number[];
  input: number[];
  outputs: { output: { shape: number[]; data: number[] } };
  'intermediate (PyTorch module outputs, NCHW)': Record<string, { shape: number[]; data: number[] }>;
}

/** PyTorch module -> the graph node whose output is that module's output. */
const MODULE_NODES: Record<string, Record<string, string>> = {
  'lecture-cifar10': { conv2d: 'conv2d/Conv', conv2d_1: 'conv2d_1/Conv', conv2d_2: 'conv2d_2/Conv', conv2d_3: 'conv2d_3/Conv' },
  'lenet-view-flatten': { conv1: 'conv1/Conv', conv2: 'conv2/Conv' },
  // features.0 is Conv-BN-ReLU6 (BN folded by the exporter); features.1 ends in its 1x1 projection.
  'mobilenet-v2-torchvision': { 'features.0': 'features.0.2/Clip', 'features.1': 'features.1/conv.1/Conv' },
};

/** The Keras layers and the ONNX nodes holding the same activation (Keras fuses ReLU into Conv2D). */
const LECTURE_PAIRS: [string, string][] = [
  ['conv2d', 'Relu'], ['max_pooling2d', 'MaxPool'], ['conv2d_1', 'Relu_1'], ['conv2d_2', 'Relu_2'], ['max_pooling2d_1', 'MaxPool_1'], ['conv2d_3', 'Relu_3'],
];

const test = suite('pytorch onnx exports');
test.before(() => useBackend('wasm'));

async function load(name: string) {
  return loadGiven([{ name: `${name}.onnx`, bytes: new Uint8Array(readFileSync(`${DIR}${name}.onnx`)) }]);
}

if (!DIR) {
  skipPart('pytorch-onnx tests: ../shared/fixtures/pytorch-onnx is absent');
} else {
  for (const name of Object.keys(MODULE_NODES)) {
    test(`${name}: output and module outputs equal PyTorch's (≤ ${TOLERANCE} relative)`, async () => {
      const expected = JSON.parse(readFileSync(`${DIR}${name}.expected.json`, 'utf8')) as Expected;
      const loaded = await load(name);
      const [, c, h, w] = expected.input_shape;
      const input = toEngineLayout(Float32Array.from(expected.input), [c, h, w]);
      const nodes = MODULE_NODES[name];
      const { results, prediction } = await runLayers(loaded, input, [...Object.values(nodes), loaded.graph.output]);
      const output = results.get(loaded.graph.output)!;
      assert.equal(output.shape, expected.outputs.output.shape);
      const error = maxRelativeError(output.data, Float32Array.from(expected.outputs.output.data));
      assert.ok(error <= TOLERANCE, `output: max relative error ${error}`);
      for (const [module, node] of Object.entries(nodes)) {
        const want = expected['intermediate (PyTorch module outputs, NCHW)'][module];
        const got = results.get(node)!;
        assert.equal([got.shape[0], got.shape[3], got.shape[1], got.shape[2]], want.shape, module);
        const moduleError = maxRelativeError(toOnnxLayout(got.data, got.shape), Float32Array.from(want.data));
        assert.ok(moduleError <= TOLERANCE, `${module} (${node}): max relative error ${moduleError}`);
      }
      // PyTorch's classifiers here end in logits (a Gemm), the lecture's in a Softmax node.
      const logits = name !== 'lecture-cifar10';
      assert.is(summarize(loaded).outputs, logits ? 'logits' : 'probabilities');
      const values = Float64Array.from(expected.outputs.output.data);
      const exps = values.map((v) => Math.exp(v - Math.max(...values)));
      const want = logits ? exps.map((v) => v / exps.reduce((a, b) => a + b, 0)) : values;
      assert.ok(maxRelativeError(prediction!.probabilities, Float32Array.from(want)) < 1e-4, 'probabilities: the softmax of logits, or the softmax output as it is');
      await loaded.weights.dispose();
    });
  }

  test('lecture-cifar10.onnx: the summary shows ONNX shapes and 684,746 parameters, the initialisers\' sum', async () => {
    const loaded = await load('lecture-cifar10');
    const summary = summarize(loaded);
    assert.is(summary.totalParams, 684746);
    assert.is(summary.trainableParams, 684746);
    const conv = summary.rows.find((row) => row.name === 'conv2d/Conv')!;
    assert.equal(conv.sourceShape, [1, 32, 30, 30]);
    assert.equal(conv.outputShape, [null, 30, 30, 32]);
    assert.is(conv.params, 896);
    assert.equal(summary.inputShape, [32, 32, 3]);
    assert.is(summary.metadata.known, false);
    await loaded.weights.dispose();
  });

  test('lecture-cifar10.onnx on chelsea: the six activations of models/cifar10 (Keras), and cat 0.478', async () => {
    const png = decodePng(readFileSync(fileURLToPath(new URL('../static/samples/chelsea.png', import.meta.url))));
    const rgba = resizeNearest(toRgba(png), png.width, png.height, 32, 32);
    const input = toModelInput(rgba, 3, 1 / 255);
    const expected = JSON.parse(readFileSync(`${DIR}lecture-cifar10.expected.json`, 'utf8')) as Expected;
    assert.ok(maxRelativeError(toEngineLayout(Float32Array.from(expected.input), [3, 32, 32]), input) < 1e-6, 'the same preprocessed image as PyTorch had');
    const keras = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
    const onnx = await load('lecture-cifar10');
    const fromKeras = await runLayers(keras, input, LECTURE_PAIRS.map(([k]) => k));
    const fromOnnx = await runLayers(onnx, input, LECTURE_PAIRS.map(([, o]) => o));
    for (const [k, o] of LECTURE_PAIRS) {
      const a = fromKeras.results.get(k)!;
      const b = fromOnnx.results.get(o)!;
      assert.equal(b.shape, a.shape, o);
      const error = maxRelativeError(b.data, a.data);
      assert.ok(error <= TOLERANCE, `${o} vs ${k}: max relative error ${error}`);
    }
    const cat = fromOnnx.prediction!.top[0];
    assert.is(cat.index, 3);
    assert.ok(Math.abs(cat.probability - 0.478) < 5e-4, `cat ${cat.probability}`);
    assert.ok(Math.abs(cat.probability - fromKeras.prediction!.top[0].probability) < 1e-5);
    await Promise.all([keras.weights.dispose(), onnx.weights.dispose()]);
  });
}

test.run();
