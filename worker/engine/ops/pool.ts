/**
 * Pooling. Padding is always made explicit and handled here, not by the kernels: max pooling
 * pads with the lowest float, average pooling divides by the count of cells that count (real
 * cells, plus ONNX's padded cells with count_include_pad; ceil mode's extra cells never), so
 * Keras' 'same', ONNX pads and ceil mode give the reference result on any backend.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, type OpSpec } from './types';
import { explicitPads, windowOutput } from './window';

const LOWEST = -3.4028234663852886e38;
const ONE: [number, number] = [1, 1];

export const maxPoolOp: OpSpec<'maxPool'> = {
  shape: (a, [x]) => [1, ...windowOutput(x, a.pool, a.strides, ONE, a.padding, a.ceilMode), x[3]],
  run: (a, [x]) => {
    const { pads, extra } = explicitPads(x.shape, a.pool, a.strides, ONE, a.padding, a.ceilMode);
    const padded = padded4(x, pads, extra, LOWEST);
    return tf.maxPool(padded as tf.Tensor4D, a.pool, a.strides, 'valid');
  },
};

export const avgPoolOp: OpSpec<'avgPool'> = {
  shape: (a, [x]) => [1, ...windowOutput(x, a.pool, a.strides, ONE, a.padding, a.ceilMode), x[3]],
  run: (a, [x]) => {
    const { pads, extra } = explicitPads(x.shape, a.pool, a.strides, ONE, a.padding, a.ceilMode);
    const unpadded = pads.every((p) => p === 0) && extra[0] === 0 && extra[1] === 0;
    if (unpadded) return tf.avgPool(x as tf.Tensor4D, a.pool, a.strides, 'valid');
    // Mean over the window = (mean of zero-padded values) / (mean of a mask of cells that count).
    const sums = tf.avgPool(padded4(x, pads, extra, 0) as tf.Tensor4D, a.pool, a.strides, 'valid');
    const ones = tf.ones([1, x.shape[1]!, x.shape[2]!, 1]);
    const mask = a.countIncludePad ? padded4(padded4(ones, pads, [0, 0], 1), [0, 0, 0, 0], extra, 0) : padded4(ones, pads, extra, 0);
    const counts = tf.avgPool(mask as tf.Tensor4D, a.pool, a.strides, 'valid');
    return tf.div(sums, counts);
  },
};

/** x padded by [top, bottom, left, right] plus ceil mode's extra bottom/right cells. */
function padded4(x: tf.Tensor, [top, bottom, left, right]: number[], [extraH, extraW]: number[], value: number): tf.Tensor {
  if (top + bottom + left + right + extraH + extraW === 0) return x;
  return tf.pad(x, [[0, 0], [top, bottom + extraH], [left, right + extraW], [0, 0]], value);
}

function globalShape(keepDims: boolean, [x]: number[][]): number[] {
  if (x.length !== 4) throw new ShapeError(`it needs a 4-D (image-like) input, got shape [${x}]`);
  return keepDims ? [1, 1, 1, x[3]] : [1, x[3]];
}

export const globalAvgPoolOp: OpSpec<'globalAvgPool'> = {
  shape: (a, inputs) => globalShape(a.keepDims, inputs),
  run: (a, [x]) => tf.mean(x, [1, 2], a.keepDims),
};

export const globalMaxPoolOp: OpSpec<'globalMaxPool'> = {
  shape: (a, inputs) => globalShape(a.keepDims, inputs),
  run: (a, [x]) => tf.max(x, [1, 2], a.keepDims),
};
