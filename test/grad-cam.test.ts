/**
 * Grad-CAM on the engine, run on a WASM backend that has only the worker's forward and
 * gradient kernels (a missing gradient kernel fails here), against independent plain-loop
 * computations from the lecture model's HDF5 weights: the exact gradient through flatten →
 * dense (ReLU) → dense_1 logits for conv2d_3, and finite differences of the class score for
 * conv2d_2.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core's Node build registers no gradient functions; tfjs-layers' Node build carries
// tfjs' own gradient configs and registers them (the worker loads the same configs from
// tfjs-core's ESM modules, see worker/tfjs-core-lean.js).
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { registerWasmKernels } from '../worker/kernels';
import { registerGradientKernels } from '../worker/gradient-kernels';
import '@tensorflow/tfjs-backend-cpu';
import { gradCam, defaultGradCamLayer } from '../worker/engine/grad-cam';
import { resizeNearest, toModelInput } from '../worker/image/resize';
import { DEFAULT_MODEL_URL, loadFromDisk } from './helpers/node-engine';
import { decodePng, toRgba } from './helpers/png';
import { sharedPath } from './helpers/shared';
import { lectureForward, readH5Weights } from './helpers/lecture-model';
import { conv2dValidRelu, dense, maxPool2x2, maxRelativeError, type Hwc } from './helpers/reference';

const CAT = 3;
const H5 = sharedPath('models/cifar10.h5');

/** Chelsea as the default model sees her: PIL-nearest 32×32, values / 255. */
function chelsea(): Float32Array {
  const png = decodePng(new Uint8Array(readFileSync(new URL('../static/samples/chelsea.png', import.meta.url))));
  return toModelInput(resizeNearest(toRgba(png), png.width, png.height, 32, 32), 3, 1 / 255);
}

/** Grad-CAM's map from alpha and activations, in plain loops. */
function camFrom(a: Hwc, alpha: Float64Array | Float32Array): Float32Array {
  const map = new Float32Array(a.h * a.w);
  for (let p = 0; p < a.h * a.w; p++) {
    let sum = 0;
    for (let k = 0; k < a.c; k++) sum += alpha[k] * a.data[p * a.c + k];
    map[p] = Math.max(0, sum);
  }
  return map;
}

const test = suite('Grad-CAM');
test.before(async () => {
  setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  registerWasmKernels();
  assert.ok(await tf.setBackend('wasm'));
});

test('explains conv2d_3 by default: the last layer with maps before the classifier', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  assert.is(defaultGradCamLayer(loaded.graph), 'conv2d_3');
});

if (!H5) {
  console.log('SKIP Grad-CAM numerics: ../shared/models/cifar10.h5 is not present');
} else {
  const h5 = H5;

  test('conv2d_3 for "cat" equals the plain-loop gradient of the cat logit through flatten, dense (ReLU) and dense_1', async () => {
    const w = await readH5Weights(h5);
    const input = chelsea();
    const reference = lectureForward({ h: 32, w: 32, c: 3, data: input }, w);
    const a = reference.layers.conv2d_3;
    // d logit_c / d a_i = Σ_j W1[i, j] · [z1_j > 0] · W2[j, c]
    const units = w.dense.bias.length;
    const z1 = dense(a.data, w.dense.kernel, w.dense.bias, false);
    const alpha = new Float64Array(a.c);
    for (let i = 0; i < a.data.length; i++) {
      let g = 0;
      for (let j = 0; j < units; j++) if (z1[j] > 0) g += w.dense.kernel[i * units + j] * w.dense_1.kernel[j * 10 + CAT];
      alpha[i % a.c] += g / (a.h * a.w);
    }
    const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
    const cam = await gradCam(loaded, input, { classIndex: CAT, layer: 'conv2d_3' });
    assert.equal(cam.shape, [3, 3]);
    assert.ok(maxRelativeError(cam.alpha, Float32Array.from(alpha)) < 1e-4, `alpha error ${maxRelativeError(cam.alpha, Float32Array.from(alpha))}`);
    assert.ok(maxRelativeError(cam.map, camFrom(a, alpha)) < 1e-4, `map error ${maxRelativeError(cam.map, camFrom(a, alpha))}`);
    assert.ok(cam.map.some((v) => v > 0), 'the cat has evidence somewhere');
    const top = await gradCam(loaded, input, { layer: 'conv2d_3' });
    assert.is(top.classIndex, CAT, 'the top class of Chelsea is cat');
  });

  test('conv2d_2: alpha_k equals a finite difference of the class score along channel k (plain loops)', async () => {
    const w = await readH5Weights(h5);
    const input = chelsea();
    const a = lectureForward({ h: 32, w: 32, c: 3, data: input }, w).layers.conv2d_2;
    const score = (x: Hwc) => {
      const pooled = maxPool2x2(x);
      const c3 = conv2dValidRelu(pooled, w.conv2d_3.kernel, 3, 3, w.conv2d_3.bias);
      return dense(dense(c3.data, w.dense.kernel, w.dense.bias, true), w.dense_1.kernel, w.dense_1.bias, false)[CAT];
    };
    const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
    const cam = await gradCam(loaded, input, { classIndex: CAT, layer: 'conv2d_2' });
    assert.equal(cam.shape, [11, 11]);
    const largest = [...cam.alpha.keys()].sort((x, y) => Math.abs(cam.alpha[y]) - Math.abs(cam.alpha[x])).slice(0, 4);
    // Each cell of channel k moves by ±step (large enough that float32 holds it to ~0.1 %).
    const step = 1e-3;
    for (const k of [...largest, 5, 77]) {
      // alpha_k = mean_ij dy/dA_ijk: the derivative along the direction (1 / hw) on channel k.
      const shifted = (sign: number) => ({ ...a, data: a.data.map((v, i) => (i % a.c === k ? v + sign * step : v)) });
      const difference = (score(shifted(1)) - score(shifted(-1))) / (2 * step * a.h * a.w);
      const scale = Math.max(...largest.map((j) => Math.abs(cam.alpha[j])));
      assert.ok(Math.abs(cam.alpha[k] - difference) <= 2e-3 * scale + 1e-6, `channel ${k}: ${cam.alpha[k]} vs ${difference}`);
    }
  });
}

test('a class the model scores near zero has another map than the top class', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const input = chelsea();
  const top = await gradCam(loaded, input);
  const lowest = top.logits.indexOf(Math.min(...top.logits));
  const low = await gradCam(loaded, input, { classIndex: lowest });
  assert.is.not(low.classIndex, top.classIndex);
  assert.ok(top.map.some((v, i) => Math.abs(v - low.map[i]) > 1e-3 * Math.max(...top.map)), 'maps differ');
});

test('leaves the tensor count unchanged after 20 calls', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const input = chelsea();
  await gradCam(loaded, input);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) await gradCam(loaded, input, { classIndex: i % 10, layer: i % 2 ? 'conv2d_2' : undefined });
  assert.is(tf.memory().numTensors, before);
});

test('a layer without maps and a class that does not exist are refused with coded errors', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const input = chelsea();
  await gradCam(loaded, input, { layer: 'dense' }).then(() => assert.unreachable(), (e) => assert.is(e.code, 'explain-layer'));
  await gradCam(loaded, input, { classIndex: 10 }).then(() => assert.unreachable(), (e) => assert.is(e.code, 'explain-class'));
});

test('the gradients the WASM kernels give equal the cpu backend\'s (pooling at odd sizes, activations, convolutions)', async () => {
  registerGradientKernels();
  const n = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const values = (shape: number[], seed: number) => Float32Array.from({ length: n(shape) }, (_, i) => Math.sin(i * 1.7 + seed));
  const cases: [string, number[], (x: tf.Tensor4D) => tf.Tensor][] = [
    ['max pool 2×2/2 on 11×11×8 (the last row and column dropped)', [1, 11, 11, 8], (x) => tf.maxPool(x, 2, 2, 'valid')],
    ['max pool 3×3/2 same on 7×7×3', [1, 7, 7, 3], (x) => tf.maxPool(x, 3, 2, 'same')],
    ['average pool 3×3/2 same on 7×7×5', [1, 7, 7, 5], (x) => tf.avgPool(x, 3, 2, 'same')],
    ['average pool 2×2/2 on 9×9×4', [1, 9, 9, 4], (x) => tf.avgPool(x, 2, 2, 'valid')],
    ['conv2d 3×3 stride 2 same', [1, 8, 8, 6], (x) => tf.conv2d(x, tf.tensor4d(values([3, 3, 6, 5], 3), [3, 3, 6, 5]), 2, 'same')],
    ['relu6, elu, leaky relu, sigmoid, tanh', [1, 4, 4, 3], (x) => tf.addN([tf.relu6(tf.mul(x, 8)), tf.elu(x), tf.leakyRelu(x, 0.2), tf.sigmoid(x), tf.tanh(x)])],
  ];
  for (const [title, shape, f] of cases) {
    const weights = values([1, ...f(tf.zeros(shape) as unknown as tf.Tensor4D).shape.slice(1)], 9);
    const gradient = () => {
      const w = tf.tensor(weights, f(tf.zeros(shape) as unknown as tf.Tensor4D).shape);
      return Array.from(tf.grad((x: tf.Tensor) => tf.sum(tf.mul(f(x as tf.Tensor4D), w)))(tf.tensor4d(values(shape, 1), shape as [number, number, number, number])).dataSync());
    };
    const onWasm = gradient();
    assert.ok(await tf.setBackend('cpu'));
    const onCpu = gradient();
    assert.ok(await tf.setBackend('wasm'));
    const worst = Math.max(...onWasm.map((v, i) => Math.abs(v - onCpu[i])));
    assert.ok(worst < 1e-5, `${title}: ${worst}`);
  }
});

test.run();
