/** Element-wise activations: fused into conv and dense where tfjs' fused kernels have them. */
import * as tf from '@tensorflow/tfjs-core';
import type { Activation } from '../graph';
import type { OpSpec } from './types';

type Fusable = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'leakyrelu' | 'elu';

/** The fused-kernel form of `activation`, or null when it must run as an op of its own. */
export function fusedActivation(activation: Activation): { activation: Fusable; leakyreluAlpha?: number } | null {
  switch (activation.name) {
    case 'linear':
    case 'relu':
    case 'relu6':
    case 'sigmoid':
      return { activation: activation.name };
    case 'leakyRelu':
      return { activation: 'leakyrelu', leakyreluAlpha: activation.alpha ?? 0.3 };
    case 'elu':
      return (activation.alpha ?? 1) === 1 ? { activation: 'elu' } : null;
    default:
      return null;
  }
}

/** `activation` applied to `x`; a new tensor (call inside tf.tidy). */
export function applyActivation(x: tf.Tensor, activation: Activation): tf.Tensor {
  const { alpha, beta } = activation;
  switch (activation.name) {
    case 'linear': return tf.clone(x);
    case 'relu': return tf.relu(x);
    case 'relu6': return tf.relu6(x);
    case 'leakyRelu': return tf.leakyRelu(x, alpha ?? 0.3);
    case 'elu': return (alpha ?? 1) === 1 ? tf.elu(x) : tf.where(tf.greater(x, 0), x, tf.mul(alpha!, tf.sub(tf.exp(x), 1)));
    case 'selu': return tf.selu(x);
    case 'sigmoid': return tf.sigmoid(x);
    case 'hardSigmoid': return tf.clipByValue(tf.add(tf.mul(x, alpha ?? 0.2), beta ?? 0.5), 0, 1);
    case 'hardSwish': return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    case 'swish': return tf.mul(x, tf.sigmoid(x));
    // Exact GELU (Keras' default approximate=False): x * Φ(x).
    case 'gelu': return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));
    case 'tanh': return tf.tanh(x);
    case 'softmax': return tf.softmax(x, -1);
    case 'logSoftmax': return tf.logSoftmax(x, -1);
    case 'softplus': return tf.softplus(x);
    case 'softsign': return tf.div(x, tf.add(tf.abs(x), 1));
    case 'exponential': return tf.exp(x);
    case 'clip': return tf.clipByValue(x, activation.min ?? -Infinity, activation.max ?? Infinity);
  }
}

export const activationOp: OpSpec<'activation'> = {
  shape: (_attrs, [x]) => x,
  run: (attrs, [x]) => applyActivation(x, attrs.activation),
};

/** max(x, 0) + alpha * min(x, 0), alpha broadcast against x (any shape numpy broadcasting allows). */
export const preluOp: OpSpec<'prelu'> = {
  shape: (_attrs, [x]) => x,
  weights: (_attrs, _inputs, given) => ({ alpha: given.alpha ?? [] }),
  run: (_attrs, [x], { alpha }) => tf.add(tf.relu(x), tf.mul(alpha, tf.minimum(x, 0))),
};
