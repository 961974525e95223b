/**
 * Each node kind of the engine's graph, run through the real executor on the WASM kernels,
 * against a plain-loop reference written in the test helpers from the Keras/ONNX
 * definitions: 'same' padding with odd and even kernels, strides, dilation, explicit pads,
 * groups, the depthwise multiplier, batch-norm's epsilon, pooling at the borders.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { tf, useBackend } from './helpers/node-engine';
import { maxRelativeError, type Hwc } from './helpers/reference';
import { convReference, depthwiseReference, poolReference, type Window } from './helpers/window-reference';
import { execute } from '../worker/engine/execute';
import { fromGraph } from '../worker/engine/load-model';
import { MemoryWeights } from '../worker/engine/weights';
import type { GraphNode, OpAttributes } from '../worker/engine/graph';

/** Deterministic values in [-1, 1). */
function values(n: number, seed: number): Float32Array {
  let state = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 31 - 1;
  });
}

function image(h: number, w: number, c: number, seed = 7): Hwc {
  return { h, w, c, data: values(h * w * c, seed) };
}

/** Runs one node on `x` (a 1- or 3-channel image, or more channels through a 1×1 conv-free input) and returns its output. */
async function runNode(attributes: OpAttributes, x: Hwc, weights: Record<string, { shape: number[]; data: Float32Array }> = {}) {
  const store = new Map(Object.entries(weights).map(([role, w]) => [`op/${role}`, w]));
  const node: GraphNode = {
    name: 'op', type: attributes.op, attributes, inputs: ['x'],
    weights: Object.fromEntries(Object.entries(weights).map(([role, w]) => [role, { key: `op/${role}`, shape: w.shape, trainable: true }])),
  };
  const graph = { name: 'one', layout: 'nhwc' as const, output: 'op', nodes: [{ name: 'x', type: 'InputLayer', attributes: { op: 'input' as const, shape: [x.h, x.w, x.c] }, inputs: [], weights: {} }, node] };
  const loaded = fromGraph('memory://one', graph, new MemoryWeights(store), { classNames: null, pixelScale: 1 }, true);
  let result: { shape: number[]; data: Float32Array } | null = null;
  await execute(loaded, x.data, {
    layers: ['op'], probabilities: false, rowIndex: new Map(), isCancelled: () => false,
    onLayer: (r) => { result = { shape: r.shape, data: r.data }; },
  });
  await loaded.weights.dispose();
  return { ...result!, declared: node.outputShape! };
}

function close(actual: { shape: number[]; data: Float32Array; declared: number[] }, expected: Hwc | { shape: number[]; data: Float32Array }, tolerance = 1e-5) {
  const shape = 'shape' in expected ? expected.shape : [1, expected.h, expected.w, expected.c];
  assert.equal(actual.shape, shape, 'computed shape');
  assert.equal(actual.declared, shape, 'inferred shape');
  const error = maxRelativeError(actual.data, expected.data);
  assert.ok(error <= tolerance, `max relative error ${error}`);
}

const linear = { name: 'linear' as const };
const win = (k: [number, number], s: [number, number], d: [number, number], padding: Window['padding']): Window => ({ kh: k[0], kw: k[1], sh: s[0], sw: s[1], dh: d[0], dw: d[1], padding });

const Conv = suite('conv2d');
Conv.before(() => useBackend('wasm'));

const CONV_CASES: [string, [number, number], [number, number], [number, number], Window['padding'], number][] = [
  ['same, odd 3×3 kernel', [3, 3], [1, 1], [1, 1], 'same', 1],
  ['same, even 2×2 kernel, stride 2 (pad after only)', [2, 2], [2, 2], [1, 1], 'same', 1],
  ['same, even 4×4 kernel, stride 1 (pads 1 before, 2 after)', [4, 4], [1, 1], [1, 1], 'same', 1],
  ['valid, 3×2 kernel, strides 2×3', [3, 2], [2, 3], [1, 1], 'valid', 1],
  ['same, dilation 2', [3, 3], [1, 1], [2, 2], 'same', 1],
  ['explicit pads [1, 0, 2, 1] (ONNX)', [3, 3], [1, 1], [1, 1], [1, 0, 2, 1], 1],
  ['two groups', [3, 3], [1, 1], [1, 1], 'valid', 2],
];

for (const [title, kernel, strides, dilations, padding, groups] of CONV_CASES) {
  Conv(`${title} equals the plain loops`, async () => {
    const x = image(9, 8, 4);
    const filters = 6;
    const kernelValues = values(kernel[0] * kernel[1] * (4 / groups) * filters, 3);
    const bias = values(filters, 5);
    const got = await runNode({ op: 'conv2d', filters, kernel, strides, dilations, padding, groups, activation: linear }, x, {
      kernel: { shape: [...kernel, 4 / groups, filters], data: kernelValues }, bias: { shape: [filters], data: bias },
    });
    close(got, convReference(x, kernelValues, filters, bias, win(kernel, strides, dilations, padding), groups));
  });
}

Conv('fuses relu and applies hard-swish after a convolution without bias', async () => {
  const x = image(6, 6, 3);
  const kernelValues = values(3 * 3 * 3 * 2, 11);
  const plain = convReference(x, kernelValues, 2, null, win([3, 3], [1, 1], [1, 1], 'valid'));
  for (const [activation, f] of [['relu', (v: number) => Math.max(0, v)], ['hardSwish', (v: number) => v * Math.min(6, Math.max(0, v + 3)) / 6]] as const) {
    const got = await runNode({ op: 'conv2d', filters: 2, kernel: [3, 3], strides: [1, 1], dilations: [1, 1], padding: 'valid', groups: 1, activation: { name: activation } }, x, {
      kernel: { shape: [3, 3, 3, 2], data: kernelValues },
    });
    close(got, { ...plain, data: plain.data.map(f) });
  }
});
Conv.run();

const Depthwise = suite('depthwise and separable convolution');
Depthwise.before(() => useBackend('wasm'));

Depthwise('depthwise with multiplier 2, same padding, stride 2', async () => {
  const x = image(7, 7, 3);
  const kernel = values(3 * 3 * 3 * 2, 13);
  const bias = values(6, 17);
  const got = await runNode({ op: 'depthwiseConv2d', multiplier: 2, kernel: [3, 3], strides: [2, 2], dilations: [1, 1], padding: 'same', activation: linear }, x, {
    kernel: { shape: [3, 3, 3, 2], data: kernel }, bias: { shape: [6], data: bias },
  });
  close(got, depthwiseReference(x, kernel, 2, bias, win([3, 3], [2, 2], [1, 1], 'same')));
});

Depthwise('depthwise with dilation 2 and explicit pads', async () => {
  const x = image(8, 8, 3);
  const kernel = values(3 * 3 * 3, 19);
  const got = await runNode({ op: 'depthwiseConv2d', multiplier: 1, kernel: [3, 3], strides: [1, 1], dilations: [2, 2], padding: [2, 2, 2, 2], activation: linear }, x, {
    kernel: { shape: [3, 3, 3, 1], data: kernel },
  });
  close(got, depthwiseReference(x, kernel, 1, null, win([3, 3], [1, 1], [2, 2], [2, 2, 2, 2])));
});

Depthwise('separable = depthwise, then a 1×1 convolution with bias', async () => {
  const x = image(6, 6, 3);
  const depthwise = values(3 * 3 * 3 * 2, 23);
  const pointwise = values(6 * 4, 29);
  const bias = values(4, 31);
  const got = await runNode({ op: 'separableConv2d', filters: 4, multiplier: 2, kernel: [3, 3], strides: [1, 1], dilations: [1, 1], padding: 'same', activation: linear }, x, {
    depthwise: { shape: [3, 3, 3, 2], data: depthwise }, pointwise: { shape: [1, 1, 6, 4], data: pointwise }, bias: { shape: [4], data: bias },
  });
  const spatial = depthwiseReference(x, depthwise, 2, null, win([3, 3], [1, 1], [1, 1], 'same'));
  close(got, convReference(spatial, pointwise, 4, bias, win([1, 1], [1, 1], [1, 1], 'valid')));
});
Depthwise.run();

const Pool = suite('pooling at the borders');
Pool.before(() => useBackend('wasm'));

const POOL_CASES: [string, 'max' | 'avg', [number, number], [number, number], Window['padding'], boolean, boolean][] = [
  ['max, same 3×3 stride 2 on 7×7', 'max', [3, 3], [2, 2], 'same', false, false],
  ['avg, same 3×3 stride 2: border windows average their real cells only', 'avg', [3, 3], [2, 2], 'same', false, false],
  ['avg, same 2×2 stride 1 (pad after only)', 'avg', [2, 2], [1, 1], 'same', false, false],
  ['avg, explicit pads 1, count_include_pad=1', 'avg', [3, 3], [2, 2], [1, 1, 1, 1], false, true],
  ['avg, explicit pads 1, count_include_pad=0', 'avg', [3, 3], [2, 2], [1, 1, 1, 1], false, false],
  ['max, ceil mode on 7×7 with 2×2 stride 2', 'max', [2, 2], [2, 2], [0, 0, 0, 0], true, false],
  ['avg, ceil mode: the extra cells never count', 'avg', [3, 3], [2, 2], [0, 0, 0, 0], true, true],
];

for (const [title, kind, pool, strides, padding, ceilMode, countIncludePad] of POOL_CASES) {
  Pool(title, async () => {
    const x = image(7, 7, 3);
    const op = kind === 'max' ? 'maxPool' : 'avgPool';
    const got = await runNode({ op, pool, strides, padding, ceilMode, countIncludePad } as OpAttributes, x);
    close(got, poolReference(x, kind, win(pool, strides, [1, 1], padding), ceilMode, countIncludePad));
  });
}

Pool('global average and max pooling, with and without kept dimensions', async () => {
  const x = image(5, 4, 3);
  const mean = [0, 1, 2].map((c) => x.data.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / 20);
  const max = [0, 1, 2].map((c) => Math.max(...x.data.filter((_, i) => i % 3 === c)));
  close(await runNode({ op: 'globalAvgPool', keepDims: false }, x), { shape: [1, 3], data: Float32Array.from(mean) });
  close(await runNode({ op: 'globalMaxPool', keepDims: true }, x), { shape: [1, 1, 1, 3], data: Float32Array.from(max) });
});
Pool.run();

const Other = suite('normalisation, dense, padding and layout');
Other.before(() => useBackend('wasm'));

Other('batch-norm uses its epsilon: (x - mean) / sqrt(variance + epsilon) * gamma + beta', async () => {
  const x = image(3, 3, 3);
  const [gamma, beta, mean] = [values(3, 41), values(3, 43), values(3, 47)];
  const variance = Float32Array.from([0.01, 0.5, 2]);
  const epsilon = 0.1;
  const got = await runNode({ op: 'batchNorm', epsilon }, x, {
    gamma: { shape: [3], data: gamma }, beta: { shape: [3], data: beta }, mean: { shape: [3], data: mean }, variance: { shape: [3], data: variance },
  });
  const expected = x.data.map((v, i) => ((v - mean[i % 3]) / Math.sqrt(variance[i % 3] + epsilon)) * gamma[i % 3] + beta[i % 3]);
  close(got, { ...x, data: expected });
});

Other('dense on the last axis of an image input', async () => {
  const x = image(2, 2, 3);
  const kernel = values(3 * 4, 53);
  const bias = values(4, 59);
  const got = await runNode({ op: 'dense', units: 4, activation: linear }, x, { kernel: { shape: [3, 4], data: kernel }, bias: { shape: [4], data: bias } });
  const expected = new Float32Array(16);
  for (let p = 0; p < 4; p++) for (let j = 0; j < 4; j++) {
    let sum = bias[j];
    for (let i = 0; i < 3; i++) sum += x.data[p * 3 + i] * kernel[i * 4 + j];
    expected[p * 4 + j] = sum;
  }
  close(got, { h: 2, w: 2, c: 4, data: expected });
});

Other('constant, reflect and edge padding', async () => {
  const x = image(3, 4, 1);
  const at = (y: number, xx: number) => x.data[y * 4 + xx];
  const pads: [[number, number], [number, number]] = [[2, 1], [1, 2]];
  const expected = (mode: string) => {
    const out = new Float32Array(6 * 7);
    for (let y = -2; y < 4; y++) for (let xx = -1; xx < 6; xx++) {
      const inside = y >= 0 && y < 3 && xx >= 0 && xx < 4;
      const reflect = (v: number, n: number) => (v < 0 ? -v : v >= n ? 2 * (n - 1) - v : v);
      const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
      out[(y + 2) * 7 + xx + 1] = mode === 'constant' ? (inside ? at(y, xx) : 0.5) : mode === 'reflect' ? at(reflect(y, 3), reflect(xx, 4)) : at(clamp(y, 3), clamp(xx, 4));
    }
    return { h: 6, w: 7, c: 1, data: out };
  };
  for (const mode of ['constant', 'reflect', 'edge'] as const) close(await runNode({ op: 'pad', pads, mode, value: 0.5 }, x), expected(mode));
});

Other('LRN across channels, as ONNX defines it', async () => {
  const x = image(2, 2, 5);
  const [size, alpha, beta, bias] = [3, 1e-2, 0.75, 2];
  const expected = x.data.map((v, i) => {
    const c = i % 5;
    let sum = 0;
    for (let k = Math.max(0, c - 1); k <= Math.min(4, c + 1); k++) sum += x.data[i - c + k] ** 2;
    return v / (bias + (alpha / size) * sum) ** beta;
  });
  close(await runNode({ op: 'lrn', size, alpha, beta, bias }, x), { ...x, data: expected });
});

Other('channels-first flatten and reshape read values in (c, h, w) order', async () => {
  const x = image(2, 3, 2);
  const chw = new Float32Array(12);
  for (let c = 0; c < 2; c++) for (let y = 0; y < 2; y++) for (let xx = 0; xx < 3; xx++) chw[c * 6 + y * 3 + xx] = x.data[(y * 3 + xx) * 2 + c];
  close(await runNode({ op: 'flatten', order: 'nchw' }, x), { shape: [1, 12], data: chw });
  // (2, 2, 3) -> (3, 2, 2) in channels-first: an NHWC [1, 2, 2, 3] output.
  const got = await runNode({ op: 'reshape', shape: [3, 2, -1], order: 'nchw' }, x);
  const expected = new Float32Array(12);
  for (let c = 0; c < 3; c++) for (let y = 0; y < 2; y++) for (let xx = 0; xx < 2; xx++) expected[(y * 2 + xx) * 3 + c] = chw[c * 4 + y * 2 + xx];
  close(got, { shape: [1, 2, 2, 3], data: expected });
});

Other('activations: hard sigmoid, gelu, elu with alpha, clip, log-softmax', async () => {
  const x = image(2, 2, 3);
  const erf = (v: number) => {
    // Abramowitz–Stegun 7.1.26 is too coarse for 1e-5; integrate instead (Simpson, 2000 steps).
    const n = 2000;
    let s = 0;
    for (let i = 0; i <= n; i++) s += (i === 0 || i === n ? 1 : i % 2 ? 4 : 2) * Math.exp(-(((v * i) / n) ** 2));
    return ((2 / Math.sqrt(Math.PI)) * s * v) / (3 * n);
  };
  const cases: [OpAttributes, (v: number, i: number) => number][] = [
    [{ op: 'activation', activation: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 } }, (v) => Math.min(1, Math.max(0, 0.2 * v + 0.5))],
    [{ op: 'activation', activation: { name: 'gelu' } }, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    [{ op: 'activation', activation: { name: 'elu', alpha: 0.5 } }, (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))],
    [{ op: 'activation', activation: { name: 'clip', min: -0.25, max: 0.5 } }, (v) => Math.min(0.5, Math.max(-0.25, v))],
    [{ op: 'activation', activation: { name: 'logSoftmax' } }, (v, i) => {
      const row = x.data.slice(i - (i % 3), i - (i % 3) + 3);
      return v - Math.log(row.reduce((s, r) => s + Math.exp(r), 0));
    }],
  ];
  for (const [attributes, f] of cases) close(await runNode(attributes, x), { ...x, data: x.data.map(f) }, 1e-4);
});

Other('no node kind leaves a tensor behind', async () => {
  const before = tf.memory().numTensors;
  const x = image(7, 7, 3);
  await runNode({ op: 'avgPool', pool: [3, 3], strides: [2, 2], padding: [1, 1, 1, 1], ceilMode: true, countIncludePad: true }, x);
  await runNode({ op: 'pad', pads: [[1, 1], [1, 1]], mode: 'edge', value: 0 }, x);
  await runNode({ op: 'conv2d', filters: 3, kernel: [1, 1], strides: [1, 1], dilations: [1, 1], padding: 'valid', groups: 3, activation: { name: 'gelu' } }, x, {
    kernel: { shape: [1, 1, 1, 3], data: values(3, 61) },
  });
  assert.is(tf.memory().numTensors, before);
});
Other.run();
