/**
 * Ops only ONNX graphs need. dilatedStridedConv: TensorFlow.js convolves with strides or
 * dilations above 1, never both; with explicit pads a stride-s convolution equals the
 * stride-1 one sampled at every s-th cell, which is what runs here.
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dOp, depthwiseConv2dOp } from './conv';
import type { Attrs, OpSpec, Tensors } from './types';

type Inner = Attrs<'dilatedStridedConv'>['conv'];
type ConvSpec = OpSpec<'conv2d'>;

/** The inner op's spec and its attributes with strides 1 (typed as conv2d: both specs take the same calls). */
function stride1(conv: Inner): [ConvSpec, Attrs<'conv2d'>] {
  const spec = (conv.op === 'conv2d' ? conv2dOp : depthwiseConv2dOp) as unknown as ConvSpec;
  return [spec, { ...conv, strides: [1, 1] } as Attrs<'conv2d'>];
}

const call = <R>(conv: Inner, f: (spec: ConvSpec, attrs: Attrs<'conv2d'>) => R): R => f(...stride1(conv));

export const dilatedStridedConvOp: OpSpec<'dilatedStridedConv'> = {
  shape: (a, inputs, w) => {
    const [, h, width, c] = call(a.conv, (spec, attrs) => spec.shape(attrs, inputs, w));
    return [1, Math.floor((h - 1) / a.strides[0]) + 1, Math.floor((width - 1) / a.strides[1]) + 1, c];
  },
  weights: (a, inputs, given) => call(a.conv, (spec, attrs) => spec.weights!(attrs, inputs, given)),
  run: (a, inputs, weights: Tensors) => {
    const full = call(a.conv, (spec, attrs) => spec.run(attrs, inputs, weights));
    const [, h, w, c] = full.shape;
    return tf.stridedSlice(full, [0, 0, 0, 0], [1, h!, w!, c!], [1, a.strides[0], a.strides[1], 1]);
  },
};
