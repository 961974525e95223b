/**
 * Grad-CAM through an ONNX BatchNormalization, a residual Add and a Gemm. No fixture keeps
 * its BatchNorms (PyTorch's exporter folds them into the Conv), so the graph is written here:
 *   x (1×3×8×8) → Conv 3×3 pad 1 → BatchNormalization → Relu ("block") → Conv 3×3 pad 1 →
 *   BatchNormalization → Add(block) → Relu → GlobalAveragePool → Flatten → Gemm (5 classes)
 * and checked against finite differences of the class score computed by plain float64 loops
 * in NCHW (helpers/nchw-reference.ts), on every channel and every cell of the map.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import { fileURLToPath } from 'node:url';
import { registerWasmKernels } from '../worker/kernels';
import { defaultGradCamLayer, gradCam } from '../worker/engine/grad-cam';
import { loadGiven } from './helpers/keras-fixtures';
import { onnxBytes, tensor } from './helpers/onnx-builder';
import { toEngineLayout } from './helpers/onnx-run';
import { addChw, batchNormChw, camChw, convChw, gemmTransB, globalMeanChw, reluChw, seeded, type Chw } from './helpers/nchw-reference';
import { maxRelativeError } from './helpers/reference';

const [C_IN, C, SIDE, CLASSES, EPSILON] = [3, 4, 8, 5, 1e-5];

/** The graph's weights, seeded; variances positive. */
const W = {
  conv1: seeded(C * C_IN * 9, 1, 0.5), bias1: seeded(C, 2, 0.1),
  gamma1: seeded(C, 3, 0.5).map((v) => 1 + v), beta1: seeded(C, 4, 0.3), mean1: seeded(C, 5, 0.2), var1: seeded(C, 6, 0.4).map((v) => 0.6 + v),
  conv2: seeded(C * C * 9, 7, 0.4), bias2: seeded(C, 8, 0.1),
  gamma2: seeded(C, 9, 0.5).map((v) => 1 + v), beta2: seeded(C, 10, 0.3), mean2: seeded(C, 11, 0.2), var2: seeded(C, 12, 0.4).map((v) => 0.6 + v),
  dense: seeded(CLASSES * C, 13, 1), denseBias: seeded(CLASSES, 14, 0.1),
};

function model(): Uint8Array {
  const bn = (name: string, input: string, i: 1 | 2) => ({
    op: 'BatchNormalization', name, inputs: [input, `gamma${i}`, `beta${i}`, `mean${i}`, `var${i}`], outputs: [name], attributes: { epsilon: { float: EPSILON } },
  });
  const conv = (name: string, input: string, i: 1 | 2) => ({
    op: 'Conv', name, inputs: [input, `conv${i}`, `bias${i}`], outputs: [name], attributes: { kernel_shape: [3, 3], pads: [1, 1, 1, 1] },
  });
  return onnxBytes({
    inputs: [{ name: 'x', dims: [1, C_IN, SIDE, SIDE] }],
    output: 'scores',
    nodes: [
      conv('/conv1/Conv', 'x', 1), bn('/bn1/BatchNormalization', '/conv1/Conv', 1),
      { op: 'Relu', name: '/block/Relu', inputs: ['/bn1/BatchNormalization'], outputs: ['/block/Relu'] },
      conv('/conv2/Conv', '/block/Relu', 2), bn('/bn2/BatchNormalization', '/conv2/Conv', 2),
      { op: 'Add', name: '/Add', inputs: ['/bn2/BatchNormalization', '/block/Relu'], outputs: ['/Add'] },
      { op: 'Relu', name: '/Relu', inputs: ['/Add'], outputs: ['/Relu'] },
      { op: 'GlobalAveragePool', name: '/GlobalAveragePool', inputs: ['/Relu'], outputs: ['/GlobalAveragePool'] },
      { op: 'Flatten', name: '/Flatten', inputs: ['/GlobalAveragePool'], outputs: ['/Flatten'] },
      { op: 'Gemm', name: '/fc/Gemm', inputs: ['/Flatten', 'dense', 'denseBias'], outputs: ['scores'], attributes: { transB: 1 } },
    ],
    initializers: [
      tensor('conv1', [C, C_IN, 3, 3], W.conv1), tensor('bias1', [C], W.bias1), tensor('conv2', [C, C, 3, 3], W.conv2), tensor('bias2', [C], W.bias2),
      ...([1, 2] as const).flatMap((i) => ['gamma', 'beta', 'mean', 'var'].map((role) => tensor(`${role}${i}`, [C], W[`${role}${i}` as keyof typeof W]))),
      tensor('dense', [CLASSES, C], W.dense), tensor('denseBias', [CLASSES], W.denseBias),
    ],
  });
}

/** The block's output (the Grad-CAM layer), NCHW, in plain loops. */
function block(x: Chw): Chw {
  return reluChw(batchNormChw(convChw(x, W.conv1, W.bias1, C, 3, 1), W.gamma1, W.beta1, W.mean1, W.var1, EPSILON));
}

/** The class scores from the block's output onwards, in plain loops. */
function scoresFrom(a: Chw): Float64Array {
  const branch = batchNormChw(convChw(a, W.conv2, W.bias2, C, 3, 1), W.gamma2, W.beta2, W.mean2, W.var2, EPSILON);
  return gemmTransB(globalMeanChw(reluChw(addChw(branch, a))), W.dense, W.denseBias, CLASSES);
}

const test = suite('Grad-CAM through BatchNormalization, Add and Gemm (ONNX)');
test.before(async () => {
  setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  registerWasmKernels();
  assert.ok(await tf.setBackend('wasm'));
});

test('the graph keeps its BatchNormalization nodes, and explains the last map layer (not the 1×1 pool) by default', async () => {
  const loaded = await loadGiven([{ name: 'residual-bn.onnx', bytes: model() }]);
  assert.equal(loaded.graph.nodes.filter((n) => n.attributes.op === 'batchNorm').map((n) => n.name), ['bn1/BatchNormalization', 'bn2/BatchNormalization']);
  assert.is(defaultGradCamLayer(loaded.graph), 'Relu');
  await loaded.weights.dispose();
});

test('alpha_k and the map of the block before the residual Add equal float64 finite differences of each class score', async () => {
  const x: Chw = { c: C_IN, h: SIDE, w: SIDE, data: Float64Array.from(seeded(C_IN * SIDE * SIDE, 99, 1)) };
  const a = block(x);
  const plane = SIDE * SIDE;
  const loaded = await loadGiven([{ name: 'residual-bn.onnx', bytes: model() }]);
  const input = toEngineLayout(Float32Array.from(x.data), [C_IN, SIDE, SIDE]);
  const step = 1e-4;
  let explained = 0;
  for (let classIndex = 0; classIndex < CLASSES; classIndex++) {
    // alpha_k = mean_ij dy/dA_kij: the derivative along "every cell of channel k + step".
    const alpha = Float32Array.from({ length: C }, (_, k) => {
      const shifted = (sign: number) => ({ ...a, data: a.data.map((v, i) => (Math.floor(i / plane) === k ? v + sign * step : v)) });
      return (scoresFrom(shifted(1))[classIndex] - scoresFrom(shifted(-1))[classIndex]) / (2 * step * plane);
    });
    const cam = await gradCam(loaded, input, { layer: 'block/Relu', classIndex });
    assert.equal(cam.shape, [SIDE, SIDE]);
    assert.ok(maxRelativeError(cam.alpha, alpha) <= 1e-3, `class ${classIndex} alpha: ${maxRelativeError(cam.alpha, alpha)}`);
    const map = camChw(a, alpha);
    assert.ok(maxRelativeError(cam.map, map) <= 1e-3, `class ${classIndex} map: ${maxRelativeError(cam.map, map)}`);
    if (map.some((v) => v > 0)) explained++;
  }
  assert.ok(explained >= 2, `${explained} classes have evidence on the block's maps`);
  await loaded.weights.dispose();
});

test.run();
