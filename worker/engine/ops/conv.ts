/** Convolutions: conv2d (grouped too), depthwise and separable, each with bias and activation fused. */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation, Pair, Padding } from '../graph';
import { applyActivation, fusedActivation } from './activation';
import { ShapeError, type OpSpec, type Tensors } from './types';
import { tfPad, windowOutput } from './window';

type Conv4D = (x: tf.Tensor4D, bias: tf.Tensor | undefined, fused: ReturnType<typeof fusedActivation>) => tf.Tensor4D;

/** Runs `conv` with the activation fused when tfjs can, otherwise applied after it. */
function withActivation(x: tf.Tensor, bias: tf.Tensor | undefined, activation: Activation, conv: Conv4D): tf.Tensor {
  const fused = fusedActivation(activation);
  if (fused) return conv(x as tf.Tensor4D, bias, fused);
  return applyActivation(conv(x as tf.Tensor4D, bias, { activation: 'linear' }), activation);
}

/**
 * A depthwise kernel [kh, kw, c, m] as the full conv2d kernel [kh, kw, c, c * m] it equals
 * (zero off the diagonal): tfjs' WASM backend has no gradient kernel for depthwise
 * convolution, but has conv2d's input gradient, so Grad-CAM runs depthwise layers this way.
 */
function asFullKernel(depthwise: tf.Tensor): tf.Tensor4D {
  const [kh, kw, c, m] = depthwise.shape as number[];
  const diagonal = tf.reshape(tf.eye(c), [1, 1, c, c, 1]);
  return tf.reshape(tf.mul(tf.reshape(depthwise, [kh, kw, c, 1, m]), diagonal), [kh, kw, c, c * m]);
}

function depthwise(x: tf.Tensor, kernel: tf.Tensor, strides: Pair, padding: Padding, dilations: Pair, differentiable: boolean): tf.Tensor4D {
  if (differentiable) return tf.conv2d(x as tf.Tensor4D, asFullKernel(kernel), strides, padArg(padding), 'NHWC', dilations);
  return tf.depthwiseConv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, strides, padArg(padding), 'NHWC', dilations);
}

function channels(input: number[]): number {
  if (input.length !== 4) throw new ShapeError(`it needs a 4-D (image-like) input, got shape [${input}]`);
  return input[3];
}

function padArg(padding: Padding) {
  return tfPad(padding) as 'valid' | 'same';
}

export const conv2dOp: OpSpec<'conv2d'> = {
  shape: (a, [x]) => [1, ...windowOutput(x, a.kernel, a.strides, a.dilations, a.padding), a.filters],
  weights: (a, [x], given) => {
    const cin = channels(x);
    if (cin % a.groups !== 0 || a.filters % a.groups !== 0) throw new ShapeError(`${cin} input channels and ${a.filters} filters cannot be split into ${a.groups} groups`);
    return { kernel: [...a.kernel, cin / a.groups, a.filters], bias: given.bias ? [a.filters] : null };
  },
  run: (a, [x], { kernel, bias }, differentiable) => {
    const options = { strides: a.strides, pad: padArg(a.padding), dilations: a.dilations };
    // tf.fused.conv2d keeps its fused kernel for a linear activation even under tf.grad, and
    // that kernel's gradient needs the filter gradient, which WASM lacks: plain conv2d then.
    if (differentiable && a.groups === 1) {
      const plain = tf.conv2d(x as tf.Tensor4D, kernel as tf.Tensor4D, a.strides, options.pad, 'NHWC', a.dilations);
      return applyActivation(bias ? tf.add(plain, bias) : plain, a.activation);
    }
    if (a.groups === 1) {
      return withActivation(x, bias, a.activation, (input, b, fused) =>
        tf.fused.conv2d({ x: input, filter: kernel as tf.Tensor4D, bias: b, ...options, ...fused! }));
    }
    // Grouped: each group of input channels meets its own slice of filters.
    const inputs = tf.split(x, a.groups, 3);
    const filters = tf.split(kernel, a.groups, 3);
    const outputs = inputs.map((part, g) => tf.conv2d(part as tf.Tensor4D, filters[g] as tf.Tensor4D, a.strides, options.pad, 'NHWC', a.dilations));
    const joined = tf.concat(outputs, 3);
    return applyActivation(bias ? tf.add(joined, bias) : joined, a.activation);
  },
};

export const depthwiseConv2dOp: OpSpec<'depthwiseConv2d'> = {
  shape: (a, [x]) => [1, ...windowOutput(x, a.kernel, a.strides, a.dilations, a.padding), channels(x) * a.multiplier],
  weights: (a, [x], given) => ({ kernel: [...a.kernel, channels(x), a.multiplier], bias: given.bias ? [channels(x) * a.multiplier] : null }),
  run: (a, [x], { kernel, bias }, differentiable) => {
    if (differentiable) {
      const spatial = depthwise(x, kernel, a.strides, a.padding, a.dilations, true);
      return applyActivation(bias ? tf.add(spatial, bias) : spatial, a.activation);
    }
    return withActivation(x, bias, a.activation, (input, b, fused) =>
      tf.fused.depthwiseConv2d({ x: input, filter: kernel as tf.Tensor4D, bias: b, strides: a.strides, pad: padArg(a.padding), dilations: a.dilations, ...fused! }));
  },
};

export const separableConv2dOp: OpSpec<'separableConv2d'> = {
  shape: (a, [x]) => [1, ...windowOutput(x, a.kernel, a.strides, a.dilations, a.padding), a.filters],
  weights: (a, [x], given) => ({
    depthwise: [...a.kernel, channels(x), a.multiplier],
    pointwise: [1, 1, channels(x) * a.multiplier, a.filters],
    bias: given.bias ? [a.filters] : null,
  }),
  run: (a, [x], weights, differentiable = false) => {
    const spatial = depthwise(x, weights.depthwise, a.strides, a.padding, a.dilations, differentiable);
    if (differentiable) {
      const mixed = tf.conv2d(spatial, weights.pointwise as tf.Tensor4D, 1, 'valid');
      return applyActivation(weights.bias ? tf.add(mixed, weights.bias) : mixed, a.activation);
    }
    return withActivation(spatial, weights.bias, a.activation, (input, b, fused) =>
      tf.fused.conv2d({ x: input, filter: weights.pointwise as tf.Tensor4D, strides: 1, pad: 'valid', bias: b, ...fused! }));
  },
};

export type { Tensors };
