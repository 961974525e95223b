/** Dense (Keras Dense, ONNX Gemm and MatMul with a constant matrix), on the last axis. */
import * as tf from '@tensorflow/tfjs-core';
import { applyActivation, fusedActivation } from './activation';
import { ShapeError, type OpSpec } from './types';

export const denseOp: OpSpec<'dense'> = {
  shape: (a, [x]) => [...x.slice(0, -1), a.units],
  weights: (a, [x], given) => {
    if (x.length < 2) throw new ShapeError(`it needs an input with a feature axis, got shape [${x}]`);
    return { kernel: [x.at(-1)!, a.units], bias: given.bias ? [a.units] : null };
  },
  run: (a, [x], { kernel, bias }, differentiable) => {
    const features = x.shape.at(-1)!;
    const flat = x.rank === 2 ? x : tf.reshape(x, [-1, features]);
    // Fused matMul's gradient covers linear and relu only: Grad-CAM runs it unfused.
    const fused = differentiable ? null : fusedActivation(a.activation);
    const product = differentiable
      ? (bias ? tf.add(tf.matMul(flat, kernel), bias) : tf.matMul(flat, kernel))
      : tf.fused.matMul({ a: flat as tf.Tensor2D, b: kernel as tf.Tensor2D, bias, ...(fused ?? { activation: 'linear' }) });
    const activated = fused ? product : applyActivation(product, a.activation);
    return x.rank === 2 ? activated : tf.reshape(activated, [...x.shape.slice(0, -1), a.units]);
  },
};
