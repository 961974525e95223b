/** Normalisations: batch-norm as one multiply-add, rescaling, and ONNX's local response normalisation. */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, type OpSpec } from './types';

export const batchNormOp: OpSpec<'batchNorm'> = {
  shape: (_a, [x]) => x,
  weights: (_a, [x], given) => {
    const c = [x.at(-1)!];
    return { gamma: given.gamma ? c : null, beta: given.beta ? c : null, mean: c, variance: c };
  },
  // scale = gamma / sqrt(variance + epsilon), offset = beta - mean * scale: computed once per model.
  prepare: (a, { gamma, beta, mean, variance }) => {
    const inverse = tf.rsqrt(tf.add(variance, a.epsilon));
    const scale = gamma ? tf.mul(gamma, inverse) : inverse;
    const offset = tf.sub(beta ?? tf.zerosLike(mean), tf.mul(mean, scale));
    return { scale, offset };
  },
  run: (_a, [x], { scale, offset }) => tf.add(tf.mul(x, scale), offset),
};

export const rescaleOp: OpSpec<'rescale'> = {
  shape: (_a, [x]) => x,
  run: (a, [x]) => tf.add(tf.mul(x, a.scale), a.offset),
};

/**
 * LRN across channels (ONNX): x / (bias + alpha / size * Σ x²)^beta, the sum over the
 * channels c - ⌊(size-1)/2⌋ … c + ⌈(size-1)/2⌉, done as a 1×1 convolution with a band matrix.
 */
export const lrnOp: OpSpec<'lrn'> = {
  shape: (_a, [x]) => {
    if (x.length !== 4) throw new ShapeError(`it needs a 4-D (image-like) input, got shape [${x}]`);
    return x;
  },
  run: (a, [x]) => {
    const c = x.shape[3]!;
    const band = new Float32Array(c * c);
    const below = Math.floor((a.size - 1) / 2);
    const above = Math.ceil((a.size - 1) / 2);
    for (let out = 0; out < c; out++) {
      for (let from = Math.max(0, out - below); from <= Math.min(c - 1, out + above); from++) band[from * c + out] = 1;
    }
    const sums = tf.conv2d(tf.square(x) as tf.Tensor4D, tf.tensor4d(band, [1, 1, c, c]), 1, 'valid');
    const base = tf.add(tf.mul(sums, a.alpha / a.size), a.bias);
    return tf.mul(x, tf.pow(base, -a.beta));
  },
};
