/**
 * Grad-CAM on ONNX graphs (PyTorch exports, NCHW), through the worker's own file path
 * (loadModelFiles -> fromGraph) on the WASM backend with the worker's kernels:
 * - lecture-cifar10.onnx against a plain-loop computation in ONNX's own layout: PyTorch's
 *   conv2d_3 output (the fixture's), the Gemm weights read from the file with onnx-buf, and
 *   the gradient of the cat logit through Flatten (channel-major), Gemm, ReLU and Gemm;
 *   also against the Keras model's Grad-CAM of the same layer;
 * - mobilenet-v2-torchvision.onnx (Add residuals, depthwise Conv, Clip, Gemm; its
 *   BatchNorms are folded by the exporter) against finite differences of the class score.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node build registers no gradients; tfjs-layers' Node build does (see grad-cam.test.ts).
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { registerWasmKernels } from '../worker/kernels';
import { gradCam, defaultGradCamLayer } from '../worker/engine/grad-cam';
import { loadGiven } from './helpers/keras-fixtures';
import { DEFAULT_MODEL_URL, loadFromDisk } from './helpers/node-engine';
import { toEngineLayout } from './helpers/onnx-run';
import { camChw } from './helpers/nchw-reference';
import { forwardValues, scoresAfter } from './helpers/graph-forward';
import { maxRelativeError } from './helpers/reference';
import { sharedPath } from './helpers/shared';
import { skipPart } from './helpers/skip';

const DIR = sharedPath('fixtures/pytorch-onnx/');
const CAT = 3;
const TOLERANCE = 1e-4;

interface Expected {
  input_shape: number[];
  input: number[];
  'intermediate (PyTorch module outputs, NCHW)': Record<string, { shape: number[]; data: number[] }>;
}

const expectedOf = (name: string) => JSON.parse(readFileSync(`${DIR}${name}.expected.json`, 'utf8')) as Expected;
const load = (name: string) => loadGiven([{ name: `${name}.onnx`, bytes: new Uint8Array(readFileSync(`${DIR}${name}.onnx`)) }]);

/** The fixture's input (NCHW) in the engine's HWC layout. */
function inputOf(expected: Expected): Float32Array {
  const [, c, h, w] = expected.input_shape;
  return toEngineLayout(Float32Array.from(expected.input), [c, h, w]);
}

/** The float32 initialisers of an .onnx file, by name, read with onnx-buf (not the reader). */
function initializers(path: string): Map<string, Float32Array> {
  const model = fromBinary(ModelProtoSchema, new Uint8Array(readFileSync(path)));
  return new Map(model.graph!.initializer.map((t) => [t.name, new Float32Array(t.rawData.slice().buffer)]));
}

const test = suite('Grad-CAM on ONNX graphs');
test.before(async () => {
  setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  registerWasmKernels();
  assert.ok(await tf.setBackend('wasm'));
});

if (!DIR) {
  skipPart('Grad-CAM on ONNX graphs: ../shared/fixtures/pytorch-onnx is not present');
} else {
  /**
   * d(cat logit)/dA for A the flattened conv2d_3 maps (channel-major, as ONNX's Flatten
   * reads NCHW): Σ_j W1[j, i] · [z1_j > 0] · W2[cat, j], with W [out, in] (Gemm, transB = 1).
   */
  function lectureGradient(a: Float64Array): Float64Array {
    const w = initializers(`${DIR}lecture-cifar10.onnx`);
    const [w1, b1, w2] = [w.get('dense.weight')!, w.get('dense.bias')!, w.get('dense_1.weight')!];
    const units = b1.length;
    const gradient = new Float64Array(a.length);
    for (let j = 0; j < units; j++) {
      let z = b1[j];
      for (let i = 0; i < a.length; i++) z += w1[j * a.length + i] * a[i];
      if (z > 0) for (let i = 0; i < a.length; i++) gradient[i] += w1[j * a.length + i] * w2[CAT * units + j];
    }
    return gradient;
  }

  /** alpha_k: the gradient's mean over each channel's h × w cells (channel-major). */
  const channelMeans = (gradient: Float64Array, c: number) => {
    const plane = gradient.length / c;
    return Float32Array.from({ length: c }, (_, k) => gradient.subarray(k * plane, (k + 1) * plane).reduce((s, v) => s + v, 0) / plane);
  };

  test('lecture-cifar10.onnx: Relu_3 and conv2d_3/Conv for "cat" equal the plain-loop gradient in NCHW (≤ 1e-4 relative)', async () => {
    const expected = expectedOf('lecture-cifar10');
    const conv = expected['intermediate (PyTorch module outputs, NCHW)'].conv2d_3;
    assert.equal(conv.shape, [1, 256, 3, 3]);
    const pre = Float64Array.from(conv.data);
    const post = pre.map((v) => Math.max(0, v));
    const gradient = lectureGradient(post);
    const loaded = await load('lecture-cifar10');
    assert.is(defaultGradCamLayer(loaded.graph), 'Relu_3', 'the ReLU after the last Conv: Keras\' conv2d_3');
    // After the ReLU, and before it (the gradient then passes the ReLU: zero where it clipped).
    const cases: [string, Float64Array, Float64Array][] = [['Relu_3', post, gradient], ['conv2d_3/Conv', pre, gradient.map((g, i) => (pre[i] > 0 ? g : 0))]];
    for (const [layer, a, g] of cases) {
      const cam = await gradCam(loaded, inputOf(expected), { classIndex: CAT, layer });
      const alpha = channelMeans(g, 256);
      const map = camChw({ c: 256, h: 3, w: 3, data: a }, alpha);
      assert.equal([cam.layer, cam.shape], [layer, [3, 3]]);
      assert.ok(maxRelativeError(cam.alpha, alpha) <= TOLERANCE, `${layer} alpha: ${maxRelativeError(cam.alpha, alpha)}`);
      assert.ok(maxRelativeError(cam.map, map) <= TOLERANCE, `${layer} map: ${maxRelativeError(cam.map, map)}`);
      assert.ok(cam.map.some((v) => v > 0), 'the cat has evidence somewhere');
    }
    const top = await gradCam(loaded, inputOf(expected));
    assert.equal([top.layer, top.classIndex], ['Relu_3', CAT], 'by default: the top class (cat) on Relu_3');
    await loaded.weights.dispose();
  });

  test('lecture-cifar10.onnx: the same Grad-CAM as the Keras model on every class', async () => {
    const input = inputOf(expectedOf('lecture-cifar10'));
    const onnx = await load('lecture-cifar10');
    const keras = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
    for (let c = 0; c < 10; c++) {
      const a = await gradCam(onnx, input, { classIndex: c, layer: 'Relu_2' });
      const b = await gradCam(keras, input, { classIndex: c, layer: 'conv2d_2' });
      assert.equal(a.shape, [11, 11]);
      assert.ok(maxRelativeError(a.map, b.map) <= TOLERANCE, `class ${c}: ${maxRelativeError(a.map, b.map)}`);
    }
    await onnx.weights.dispose();
  });

  test('mobilenet-v2: by default the last layer with maps of more than one cell, not the 1×1 GlobalAveragePool', async () => {
    const loaded = await load('mobilenet-v2-torchvision');
    assert.is(defaultGradCamLayer(loaded.graph), 'features.18.2/Clip');
    const cam = await gradCam(loaded, inputOf(expectedOf('mobilenet-v2-torchvision')));
    assert.equal([cam.layer, cam.shape, cam.alpha.length], ['features.18.2/Clip', [7, 7], 1280]);
    await loaded.weights.dispose();
  });

  test('mobilenet-v2: on an Add (residual), alpha_k and the map equal finite differences of the class score', async () => {
    const loaded = await load('mobilenet-v2-torchvision');
    const input = inputOf(expectedOf('mobilenet-v2-torchvision'));
    const layer = 'features.16/Add';
    const { values, activations } = await forwardValues(loaded, input, layer);
    try {
      const [h, w, c, classes] = [7, 7, 160, 10];
      // Every cell of channel k moves by ±step; each score's change / (2 step h w) is that
      // class's alpha_k. The scores are float32 and alpha small (random weights): at a step
      // of 0.01 rounding dominates (4 % of the largest alpha), at 0.1 and more the Clip (ReLU6)
      // kinks downstream do (1.4 %, 2.5 %); at 0.03 the worst channel is within 0.5 %.
      const step = 0.03;
      const alphas = Array.from({ length: classes }, () => new Float32Array(c));
      for (let k = 0; k < c; k++) {
        const shifted = (sign: number) => activations.map((v, i) => (i % c === k ? v + sign * step : v));
        const [plus, minus] = [await scoresAfter(loaded, values, layer, shifted(1)), await scoresAfter(loaded, values, layer, shifted(-1))];
        for (let j = 0; j < classes; j++) alphas[j][k] = (plus[j] - minus[j]) / (2 * step * h * w);
      }
      const mapOf = (alpha: Float32Array) => new Float32Array(h * w).map((_, p) => Math.max(0, alpha.reduce((sum, a, k) => sum + a * activations[p * c + k], 0)));
      // Random weights leave some classes without evidence on this layer: explain the class with the most.
      const evidence = alphas.map((alpha) => mapOf(alpha).reduce((sum, v) => sum + v, 0));
      const classIndex = evidence.indexOf(Math.max(...evidence));
      const [alpha, map] = [alphas[classIndex], mapOf(alphas[classIndex])];
      assert.ok(map.filter((v) => v > 0).length >= 3, `class ${classIndex} has evidence in a few cells`);
      const cam = await gradCam(loaded, input, { layer, classIndex });
      assert.equal(cam.shape, [h, w]);
      const largest = Math.max(...alpha.map(Math.abs));
      const worst = Math.max(...alpha.map((v, k) => Math.abs(v - cam.alpha[k])));
      console.log(`mobilenet features.16/Add, class ${classIndex}: alpha off by ${(worst / largest).toExponential(1)} of the largest, map by ${maxRelativeError(cam.map, map).toExponential(1)}`);
      assert.ok(worst <= 1e-2 * largest, `alpha: worst difference ${worst} for the largest |alpha| ${largest}`);
      assert.ok(maxRelativeError(cam.map, map) <= 2e-2, `map: ${maxRelativeError(cam.map, map)}`);
    } finally {
      tf.dispose([...values.values()]);
      await loaded.weights.dispose();
    }
  });

  test('an ONNX model leaves the tensor count unchanged after 10 calls', async () => {
    const loaded = await load('lecture-cifar10');
    const input = inputOf(expectedOf('lecture-cifar10'));
    await gradCam(loaded, input);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) await gradCam(loaded, input, { classIndex: i, layer: i % 2 ? 'MaxPool_1' : undefined });
    assert.is(tf.memory().numTensors, before);
    await loaded.weights.dispose();
  });
}

test.run();
