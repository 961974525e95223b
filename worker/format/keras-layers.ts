/**
 * One Keras layer config (Keras 2 form, see keras-config.ts) -> one engine graph node.
 * Weight keys are tfjs' names, `<layer>/<weight>` (weight-names.ts), with the shapes the
 * weights manifest declares. Pure.
 */
import { ConvlensError } from '../errors';
import type { Activation, ActivationName, GraphNode, OpAttributes, Pair, WeightRef } from '../engine/graph';
import { LINEAR } from '../engine/graph';
import { SUPPORTED_LAYERS, isObject, type JsonObject } from './keras-config';

/** The manifest's shape of a weight, or undefined when the model has none by that name. */
export type ShapeOf = (key: string) => number[] | undefined;

const IDENTITY_LAYERS = new Set(['Dropout', 'SpatialDropout2D', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'ActivityRegularization']);

const ACTIVATIONS: Record<string, Activation> = {
  linear: LINEAR, relu: { name: 'relu' }, relu6: { name: 'relu6' }, elu: { name: 'elu' }, selu: { name: 'selu' },
  sigmoid: { name: 'sigmoid' }, hard_sigmoid: { name: 'hardSigmoid', alpha: 0.2, beta: 0.5 },
  hard_swish: { name: 'hardSwish' }, hard_silu: { name: 'hardSwish' }, swish: { name: 'swish' }, silu: { name: 'swish' },
  gelu: { name: 'gelu' }, tanh: { name: 'tanh' }, softmax: { name: 'softmax' }, log_softmax: { name: 'logSoftmax' },
  softplus: { name: 'softplus' }, softsign: { name: 'softsign' }, exponential: { name: 'exponential' },
  leaky_relu: { name: 'leakyRelu', alpha: 0.2 },
};

export interface LayerContext {
  name: string;
  className: string;
  config: JsonObject;
  inputs: string[];
  shapeOf: ShapeOf;
  fileName: string;
}

/** The node for one layer; throws ConvlensError for a layer or setting convlens cannot run. */
export function layerNode(layer: LayerContext): GraphNode {
  const { name, className, config, inputs } = layer;
  const weights: Record<string, WeightRef> = {};
  const weight = (role: string, kerasName: string, trainable = true) => {
    const key = `${name}/${kerasName}`;
    const shape = layer.shapeOf(key);
    if (!shape) throw new ConvlensError('weights-missing', `The model has no weights for ${key} (layer ${name}).`);
    weights[role] = { key, shape, trainable };
  };
  const bias = () => config.use_bias !== false && weight('bias', 'bias');
  const attributes = layerAttributes(layer, weight, bias);
  return { name, type: className, attributes, inputs, weights };
}

type WeightFn = (role: string, kerasName: string, trainable?: boolean) => void;

function layerAttributes(layer: LayerContext, weight: WeightFn, bias: () => void): OpAttributes {
  const { className, config: c } = layer;
  const activation = () => activationOf(c.activation, layer);
  const window = () => ({ kernel: pair(c.kernel_size, 1), strides: pair(c.strides, 1), dilations: pair(c.dilation_rate, 1), padding: padding(layer) });
  if (IDENTITY_LAYERS.has(className)) return { op: 'identity' };
  switch (className) {
    case 'Conv2D':
      weight('kernel', 'kernel');
      bias();
      return { op: 'conv2d', filters: Number(c.filters), ...window(), groups: Number(c.groups ?? 1), activation: activation() };
    case 'DepthwiseConv2D':
      weight('kernel', 'depthwise_kernel');
      bias();
      return { op: 'depthwiseConv2d', multiplier: Number(c.depth_multiplier ?? 1), ...window(), activation: activation() };
    case 'SeparableConv2D':
      weight('depthwise', 'depthwise_kernel');
      weight('pointwise', 'pointwise_kernel');
      bias();
      return { op: 'separableConv2d', filters: Number(c.filters), multiplier: Number(c.depth_multiplier ?? 1), ...window(), activation: activation() };
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const pool = pair(c.pool_size, 2);
      const strides = c.strides === null || c.strides === undefined ? pool : pair(c.strides, 1);
      return { op: className === 'MaxPooling2D' ? 'maxPool' : 'avgPool', pool, strides, padding: padding(layer) };
    }
    case 'GlobalAveragePooling2D':
      return { op: 'globalAvgPool', keepDims: c.keepdims === true };
    case 'GlobalMaxPooling2D':
      return { op: 'globalMaxPool', keepDims: c.keepdims === true };
    case 'BatchNormalization':
      lastAxisOnly(layer);
      if (c.scale !== false) weight('gamma', 'gamma');
      if (c.center !== false) weight('beta', 'beta');
      weight('mean', 'moving_mean', false);
      weight('variance', 'moving_variance', false);
      return { op: 'batchNorm', epsilon: typeof c.epsilon === 'number' ? c.epsilon : 1e-3 };
    case 'Dense':
      weight('kernel', 'kernel');
      bias();
      return { op: 'dense', units: Number(c.units), activation: activation() };
    default:
      return otherAttributes(layer, weight);
  }
}

function otherAttributes(layer: LayerContext, weight: WeightFn): OpAttributes {
  const { className, config: c } = layer;
  switch (className) {
    case 'InputLayer':
      return { op: 'input', shape: inputShape(layer) };
    case 'Activation':
      return { op: 'activation', activation: activationOf(c.activation, layer) };
    case 'ReLU': {
      const max = typeof c.max_value === 'number' ? c.max_value : null;
      return { op: 'activation', activation: max === null ? { name: 'relu' } : max === 6 ? { name: 'relu6' } : { name: 'clip', min: 0, max } };
    }
    case 'LeakyReLU':
      return { op: 'activation', activation: { name: 'leakyRelu', alpha: Number(c.negative_slope ?? c.alpha ?? 0.3) } };
    case 'ELU':
      return { op: 'activation', activation: { name: 'elu', alpha: Number(c.alpha ?? 1) } };
    case 'Softmax':
      lastAxisOnly(layer);
      return { op: 'activation', activation: { name: 'softmax' } };
    case 'PReLU':
      weight('alpha', 'alpha');
      return { op: 'prelu' };
    case 'Add':
      return layer.inputs.length === 2 ? { op: 'add' } : { op: 'addN' };
    case 'Subtract':
      return { op: 'sub' };
    case 'Multiply':
      return binaryOnly(layer, 'mul');
    case 'Maximum':
      return binaryOnly(layer, 'max');
    case 'Minimum':
      return binaryOnly(layer, 'min');
    case 'Concatenate':
      return { op: 'concat', axis: typeof c.axis === 'number' ? c.axis : -1 };
    case 'ZeroPadding2D':
      return { op: 'pad', pads: zeroPadding(c.padding), mode: 'constant', value: 0 };
    case 'Rescaling':
      return { op: 'rescale', scale: Number(c.scale ?? 1), offset: Number(c.offset ?? 0) };
    case 'Flatten':
      return { op: 'flatten', order: 'nhwc' };
    case 'Reshape':
      return { op: 'reshape', shape: (c.target_shape as number[]).map(Number), order: 'nhwc' };
    default:
      throw unknownLayer(layer, className);
  }
}

function activationOf(value: unknown, layer: LayerContext): Activation {
  const name = typeof value === 'string' ? value : isObject(value) ? String(value.config ?? value.class_name) : 'linear';
  const known = ACTIVATIONS[name];
  if (!known) throw unknownLayer(layer, `the activation ${name}`);
  return known;
}

function unknownLayer(layer: LayerContext, what: string): ConvlensError {
  return new ConvlensError(
    'model-unknown-layer',
    `${layer.fileName} uses ${what}, which convlens does not know (a custom layer, or one convlens does not run: layer ${layer.name}). Supported: ${SUPPORTED_LAYERS}.`,
  );
}

function binaryOnly(layer: LayerContext, op: 'mul' | 'max' | 'min'): OpAttributes {
  if (layer.inputs.length !== 2) throw unknownLayer(layer, `${layer.className} of ${layer.inputs.length} inputs`);
  return { op } as OpAttributes;
}

function lastAxisOnly(layer: LayerContext): void {
  const axis = Array.isArray(layer.config.axis) ? layer.config.axis : [layer.config.axis ?? -1];
  if (axis.length !== 1 || (axis[0] !== -1 && axis[0] !== 3)) {
    throw new ConvlensError('model-unsupported-setting', `${layer.fileName}: layer ${layer.name} (${layer.className}) works on axis ${JSON.stringify(layer.config.axis)}; convlens runs it on the channel axis (-1) only.`);
  }
}

function padding(layer: LayerContext): 'valid' | 'same' {
  const value = layer.config.padding ?? 'valid';
  if (value === 'valid' || value === 'same') return value;
  throw new ConvlensError('model-unsupported-setting', `${layer.fileName}: layer ${layer.name} (${layer.className}) has padding ${JSON.stringify(value)}; convlens runs 'valid' and 'same'.`);
}

function inputShape(layer: LayerContext): number[] {
  const shape = (layer.config.batch_input_shape ?? layer.config.batch_shape) as (number | null)[] | undefined;
  return Array.isArray(shape) ? shape.slice(1).map((d) => (d === null ? -1 : Number(d))) : [];
}

export function pair(value: unknown, fallback: number): Pair {
  if (Array.isArray(value)) return [Number(value[0]), Number(value[1] ?? value[0])];
  return typeof value === 'number' ? [value, value] : [fallback, fallback];
}

function zeroPadding(value: unknown): [Pair, Pair] {
  if (typeof value === 'number') return [[value, value], [value, value]];
  if (Array.isArray(value) && Array.isArray(value[0])) return [pair(value[0], 0), pair(value[1], 0)];
  if (Array.isArray(value)) return [[Number(value[0]), Number(value[0])], [Number(value[1]), Number(value[1])]];
  return [[1, 1], [1, 1]];
}
