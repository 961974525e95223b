/**
 * Window operators: Conv (grouped, depthwise, dilated, no bias), MaxPool, AveragePool,
 * GlobalAverage/MaxPool, and the per-channel ones that sit between them: BatchNormalization,
 * LRN, Pad. ONNX shapes are computed here (NCHW, batch 1) for the reader's own use.
 */
import type { ConvAttributes, OpAttributes, Pair, Padding } from '../../engine/graph';
import { LINEAR } from '../../engine/graph';
import type { OnnxNode } from './decode';
import { floatAttr, intAttr, intsAttr, stringAttr, type RuntimeValue, type Translation } from './context';
import { convKernel, depthwiseKernel } from './layout';
import type { ConstTensor } from './tensor';

export type Translator = (node: OnnxNode, t: Translation) => void;

/** A 4-D activation input, or a refusal saying what was found. */
export function image(node: OnnxNode, t: Translation): RuntimeValue {
  const x = t.runtime(node, 0);
  if (x.shape.length !== 4) throw t.refuse(node, `works on a ${x.shape.length}-D tensor [${x.shape}]; convlens runs 2-D windows on (N, C, H, W) tensors only`);
  return x;
}

function pair(node: OnnxNode, name: string, fallback: number): Pair {
  const values = intsAttr(node, name);
  return values && values.length === 2 ? [values[0], values[1]] : [fallback, fallback];
}

interface Window {
  kernel: Pair;
  strides: Pair;
  dilations: Pair;
  padding: Padding;
  /** [top, bottom, left, right] actually applied, for the output size. */
  pads: [number, number, number, number];
}

/** kernel_shape, strides, dilations, pads / auto_pad of a window over `[h, w]`. */
function windowOf(node: OnnxNode, t: Translation, kernel: Pair, size: Pair): Window {
  const strides = pair(node, 'strides', 1);
  const dilations = pair(node, 'dilations', 1);
  const autoPad = stringAttr(node, 'auto_pad', 'NOTSET');
  const span = (axis: 0 | 1) => dilations[axis] * (kernel[axis] - 1) + 1;
  if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
    const total = (axis: 0 | 1) => Math.max(0, (Math.ceil(size[axis] / strides[axis]) - 1) * strides[axis] + span(axis) - size[axis]);
    const split = (axis: 0 | 1): Pair => {
      const small = Math.floor(total(axis) / 2);
      return autoPad === 'SAME_UPPER' ? [small, total(axis) - small] : [total(axis) - small, small];
    };
    const [[top, bottom], [left, right]] = [split(0), split(1)];
    const padding: Padding = autoPad === 'SAME_UPPER' ? 'same' : [top, bottom, left, right];
    return { kernel, strides, dilations, padding, pads: [top, bottom, left, right] };
  }
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw t.refuse(node, `has auto_pad "${autoPad}"`);
  const given = autoPad === 'VALID' ? [0, 0, 0, 0] : (intsAttr(node, 'pads') ?? [0, 0, 0, 0]);
  if (given.length !== 4) throw t.refuse(node, `has pads [${given}]; convlens runs 2-D windows only`);
  if (given.some((p) => p < 0)) throw t.refuse(node, `has negative pads [${given}]`);
  const [top, left, bottom, right] = given;
  const pads: Window['pads'] = [top, bottom, left, right];
  return { kernel, strides, dilations, padding: pads.every((p) => p === 0) ? 'valid' : pads, pads };
}

function outputSize(window: Window, size: Pair, ceilMode = false): Pair {
  const axis = (a: 0 | 1) => {
    const padded = size[a] + window.pads[a * 2] + window.pads[a * 2 + 1];
    const span = window.dilations[a] * (window.kernel[a] - 1) + 1;
    const steps = (padded - span) / window.strides[a];
    let out = (ceilMode ? Math.ceil(steps) : Math.floor(steps)) + 1;
    // As PyTorch: the last window must start inside the input or its leading padding.
    if (ceilMode && (out - 1) * window.strides[a] >= size[a] + window.pads[a * 2]) out--;
    return out;
  };
  return [axis(0), axis(1)];
}

export const conv: Translator = (node, t) => {
  const x = image(node, t);
  const weight = t.requiredConstant(node, 1, 'weight');
  const bias = t.constant(node, 2, 'bias');
  if (weight.dims.length !== 4) throw t.refuse(node, `has a ${weight.dims.length}-D weight [${weight.dims}]; convlens runs 2-D convolutions only`);
  const [cout, cinPerGroup, kh, kw] = weight.dims;
  const channels = x.shape[1];
  const groups = intAttr(node, 'group', 1);
  if (cinPerGroup * groups !== channels || cout % groups !== 0) {
    throw t.refuse(node, `has weight [${weight.dims}] and group ${groups}, which do not fit its input's ${channels} channels`);
  }
  const w = windowOf(node, t, [kh, kw], [x.shape[2], x.shape[3]]);
  const name = t.layerName(node);
  const depthwise = groups === channels && groups > 1;
  const kernel = depthwise ? depthwiseKernel(weight, channels) : convKernel(weight);
  const weights = { kernel: t.weight(name, 'kernel', kernel), ...(bias ? { bias: t.weight(name, 'bias', flat(bias)) } : {}) };
  const common = { kernel: w.kernel, strides: w.strides, dilations: w.dilations, padding: w.padding, activation: LINEAR };
  const conv: ConvAttributes = depthwise ? { op: 'depthwiseConv2d', multiplier: cout / channels, ...common } : { op: 'conv2d', filters: cout, ...common, groups };
  const both = w.strides.some((s) => s > 1) && w.dilations.some((d) => d > 1);
  const attributes: OpAttributes = both ? { op: 'dilatedStridedConv', conv: { ...conv, padding: explicit(w.pads) }, strides: w.strides } : conv;
  t.add(node, attributes, [x.node], [1, cout, ...outputSize(w, [x.shape[2], x.shape[3]])], weights, name);
};

/** Explicit pads, or 'valid' when there are none. */
function explicit(pads: Window['pads']): Padding {
  return pads.every((p) => p === 0) ? 'valid' : pads;
}

function flat(tensor: ConstTensor): ConstTensor {
  return { ...tensor, dims: [tensor.data.length] };
}

function pool(kind: 'maxPool' | 'avgPool'): Translator {
  return (node, t) => {
    const x = image(node, t);
    if (node.outputs.length > 1 && node.outputs[1] !== '') throw t.refuse(node, 'also outputs the indices of the maxima, which convlens does not compute');
    const kernelShape = intsAttr(node, 'kernel_shape') ?? [];
    if (kernelShape.length !== 2) throw t.refuse(node, `has kernel_shape [${kernelShape}]; convlens runs 2-D pooling only`);
    const w = windowOf(node, t, [kernelShape[0], kernelShape[1]], [x.shape[2], x.shape[3]]);
    if (w.dilations[0] !== 1 || w.dilations[1] !== 1) throw t.refuse(node, `has dilations [${w.dilations}]; convlens pools without dilation`);
    const ceilMode = intAttr(node, 'ceil_mode', 0) === 1;
    const base = { pool: w.kernel, strides: w.strides, padding: w.padding, ceilMode };
    const attributes = kind === 'maxPool'
      ? { op: 'maxPool' as const, ...base }
      : { op: 'avgPool' as const, ...base, countIncludePad: intAttr(node, 'count_include_pad', 0) === 1 };
    t.add(node, attributes, [x.node], [1, x.shape[1], ...outputSize(w, [x.shape[2], x.shape[3]], ceilMode)]);
  };
}

export const maxPool = pool('maxPool');
export const avgPool = pool('avgPool');

function globalPool(op: 'globalAvgPool' | 'globalMaxPool'): Translator {
  return (node, t) => {
    const x = image(node, t);
    t.add(node, { op, keepDims: true }, [x.node], [1, x.shape[1], 1, 1]);
  };
}

export const globalAvgPool = globalPool('globalAvgPool');
export const globalMaxPool = globalPool('globalMaxPool');

export const batchNorm: Translator = (node, t) => {
  const x = t.runtime(node, 0);
  if (intAttr(node, 'spatial', 1) !== 1) throw t.refuse(node, 'has spatial=0 (statistics per position); convlens normalises per channel');
  if (intAttr(node, 'training_mode', 0) === 1) throw t.refuse(node, 'is in training mode; export the model with model.eval()');
  if (x.shape.length !== 4 && x.shape.length !== 2) throw t.refuse(node, `works on a ${x.shape.length}-D tensor; convlens normalises (N, C) or (N, C, H, W)`);
  const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => flat(t.requiredConstant(node, i, ['scale', 'bias', 'mean', 'variance'][i - 1])));
  const name = t.layerName(node);
  const weights = {
    gamma: t.weight(name, 'gamma', gamma),
    beta: t.weight(name, 'beta', beta),
    mean: t.weight(name, 'mean', mean, false),
    variance: t.weight(name, 'variance', variance, false),
  };
  t.add(node, { op: 'batchNorm', epsilon: floatAttr(node, 'epsilon', 1e-5) }, [x.node], x.shape, weights, name);
};

export const lrn: Translator = (node, t) => {
  const x = image(node, t);
  const attributes = { op: 'lrn' as const, size: intAttr(node, 'size', 1), alpha: floatAttr(node, 'alpha', 1e-4), beta: floatAttr(node, 'beta', 0.75), bias: floatAttr(node, 'bias', 1) };
  t.add(node, attributes, [x.node], x.shape);
};

export const pad: Translator = (node, t) => {
  const x = image(node, t);
  const fromInputs = t.opset >= 11;
  const pads = fromInputs ? Array.from(t.requiredConstant(node, 1, 'pads').data) : (intsAttr(node, 'pads') ?? []);
  const value = fromInputs ? (t.constant(node, 2, 'constant value')?.data[0] ?? 0) : floatAttr(node, 'value', 0);
  if (fromInputs && t.constant(node, 3, 'axes')) throw t.refuse(node, 'pads only some axes (an axes input); convlens reads pads for all four');
  const mode = stringAttr(node, 'mode', 'constant');
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'edge') throw t.refuse(node, `has mode "${mode}"; convlens pads with constant, reflect or edge`);
  if (pads.length !== 8) throw t.refuse(node, `has pads [${pads}]; convlens pads (N, C, H, W) tensors`);
  const [nb, cb, top, left, ne, ce, bottom, right] = pads;
  if (nb || cb || ne || ce) throw t.refuse(node, `pads the batch or channel axis (pads [${pads}]); convlens pads height and width only`);
  if (pads.some((p) => p < 0)) throw t.refuse(node, `has negative pads [${pads}] (a crop)`);
  const attributes = { op: 'pad' as const, pads: [[top, bottom], [left, right]] as [Pair, Pair], mode: mode as 'constant' | 'reflect' | 'edge', value };
  t.add(node, attributes, [x.node], [1, x.shape[1], x.shape[2] + top + bottom, x.shape[3] + left + right]);
};
