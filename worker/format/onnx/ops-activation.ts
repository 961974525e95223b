/**
 * Element-wise activations (Relu, LeakyRelu, Elu, Selu, Sigmoid, Tanh, HardSigmoid,
 * HardSwish, Clip), PRelu with its slope, and Softmax/LogSoftmax over the axis the engine
 * can name (channels of a 4-D tensor, the last axis otherwise).
 */
import type { Activation } from '../../engine/graph';
import type { OnnxNode } from './decode';
import { floatAttr, intAttr, type Translation } from './context';
import { toNhwcOperand } from './layout';
import type { Translator } from './ops-conv';

const SELU_ALPHA = 1.6732632423543772;
const SELU_GAMMA = 1.0507009873554805;

function activation(make: (node: OnnxNode, t: Translation) => Activation): Translator {
  return (node, t) => {
    const x = t.runtime(node, 0);
    t.add(node, { op: 'activation', activation: make(node, t) }, [x.node], x.shape);
  };
}

export const relu = activation(() => ({ name: 'relu' }));
export const sigmoid = activation(() => ({ name: 'sigmoid' }));
export const tanh = activation(() => ({ name: 'tanh' }));
export const hardSwish = activation(() => ({ name: 'hardSwish' }));
export const leakyRelu = activation((node) => ({ name: 'leakyRelu', alpha: floatAttr(node, 'alpha', 0.01) }));
export const elu = activation((node) => ({ name: 'elu', alpha: floatAttr(node, 'alpha', 1) }));
export const hardSigmoid = activation((node) => ({ name: 'hardSigmoid', alpha: floatAttr(node, 'alpha', 0.2), beta: floatAttr(node, 'beta', 0.5) }));

export const selu = activation((node, t) => {
  const alpha = floatAttr(node, 'alpha', SELU_ALPHA);
  const gamma = floatAttr(node, 'gamma', SELU_GAMMA);
  // Files store the constants as float32: compare at that precision.
  if (Math.abs(alpha - SELU_ALPHA) > 1e-6 || Math.abs(gamma - SELU_GAMMA) > 1e-6) {
    throw t.refuse(node, `has alpha ${alpha} and gamma ${gamma}; convlens runs SELU with its standard constants only`);
  }
  return { name: 'selu' };
});

/** Clip: bounds as attributes before opset 11, as optional constant inputs from 11 on. */
export const clip = activation((node, t) => {
  const bound = (index: number, name: string) =>
    t.opset >= 11 ? t.constant(node, index, `${name} bound`)?.data[0] : node.attributes.get(name)?.f;
  const min = bound(1, 'min');
  const max = bound(2, 'max');
  if (min === 0 && max === 6) return { name: 'relu6' };
  return { name: 'clip', ...(min !== undefined && min > -Infinity ? { min } : {}), ...(max !== undefined && max < Infinity ? { max } : {}) };
});

/** PRelu: the slope broadcasts against the input; for a 4-D input it becomes NHWC like the input. */
export const prelu: Translator = (node, t) => {
  const x = t.runtime(node, 0);
  const slope = t.requiredConstant(node, 1, 'slope');
  const name = t.layerName(node);
  // Before opset 7 a 1-D slope of C values is per channel, not broadcast from the right.
  const legacy = t.opset < 7 && slope.dims.length === 1 && slope.dims[0] > 1 && slope.dims[0] === x.shape[1];
  const aligned = legacy ? { ...slope, dims: [slope.dims[0], ...new Array<number>(x.shape.length - 2).fill(1)] } : slope;
  const alpha = x.shape.length === 4 ? toNhwcOperand(aligned) : aligned;
  t.add(node, { op: 'prelu' }, [x.node], x.shape, { alpha: t.weight(name, 'alpha', alpha) }, name);
};

function softmaxOf(name: 'softmax' | 'logSoftmax'): Translator {
  return (node, t) => {
    const x = t.runtime(node, 0);
    const rank = x.shape.length;
    const given = intAttr(node, 'axis', t.opset >= 13 ? -1 : 1);
    const axis = given < 0 ? given + rank : given;
    if (softmaxAxis(x.shape, axis, t.opset) !== (rank === 4 ? 1 : rank - 1)) {
      throw t.refuse(node, `takes the ${name} over axis ${given} of [${x.shape}]; convlens takes it over the channels (or the last axis)`);
    }
    t.add(node, { op: 'activation', activation: { name } }, [x.node], x.shape);
  };
}

/**
 * The one axis a softmax really runs over, or -1. Before opset 13 the input is flattened
 * from `axis` on, which is one axis only when every other dimension from there is 1.
 */
function softmaxAxis(shape: number[], axis: number, opset: number): number {
  if (opset >= 13) return axis;
  const wide = shape.map((d, i) => (i >= axis && d > 1 ? i : -1)).filter((i) => i >= 0);
  if (wide.length > 1) return -1;
  if (wide.length === 1) return wide[0];
  return shape.length === 4 ? 1 : shape.length - 1;
}

export const softmax = softmaxOf('softmax');
export const logSoftmax = softmaxOf('logSoftmax');
