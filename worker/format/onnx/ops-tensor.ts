/**
 * Operators on whole tensors: Add/Sub/Mul/Div (with broadcasting, a constant operand
 * becoming a hidden `constant` node), Sum, Concat, Flatten, Reshape, a Transpose folded into
 * the Reshape/Flatten it feeds, Gemm and MatMul as dense layers (transB, alpha and beta
 * folded into the weights), Dropout and Identity.
 */
import { LINEAR } from '../../engine/graph';
import type { OnnxNode } from './decode';
import { floatAttr, intAttr, intsAttr, type RuntimeValue, type Translation, type Value } from './context';
import { resolveReshape } from './fold';
import { engineAxis, toNhwcOperand } from './layout';
import type { Translator } from './ops-conv';
import { broadcastShape, broadcastTo, constant, elementwise, sizeOf, transpose, type ConstTensor } from './tensor';

type Binary = 'add' | 'sub' | 'mul' | 'div';

function binary(op: Binary): Translator {
  return (node, t) => {
    const operands = [0, 1].map((i) => t.value(node, i)!);
    const runtime = operands.filter((v): v is RuntimeValue => v.kind === 'runtime');
    operands.forEach((v, i) => v.kind === 'runtime' && t.runtime(node, i));
    const rank = Math.max(...runtime.map((v) => v.shape.length));
    if (runtime.length === 2 && runtime[0].shape.length !== runtime[1].shape.length && rank === 4) {
      throw t.refuse(node, `broadcasts [${runtime[0].shape}] against [${runtime[1].shape}]; convlens broadcasts 4-D activations against 4-D ones or constants`);
    }
    const name = t.layerName(node);
    const shapes = operands.map((v, i) => (v.kind === 'runtime' ? v.shape : legacyBroadcast(node, v.tensor, rank, i).dims));
    const shape = broadcastShape(shapes[0], shapes[1]);
    if (!shape) throw t.refuse(node, `has operands of shapes [${shapes[0]}] and [${shapes[1]}], which do not broadcast`);
    if (shape[0] !== 1 || shape.length !== rank) throw t.refuse(node, `would give shape [${shape}], which changes the batch axis`);
    const inputs = operands.map((v, i) => {
      if (v.kind === 'runtime') return v.node;
      const tensor = legacyBroadcast(node, v.tensor, rank, i);
      return t.addConstant(`${name}/operand${i}`, rank === 4 ? toNhwcOperand(tensor) : tensor);
    });
    t.add(node, { op }, inputs, shape, {}, name);
  };
}

/** Opsets before 7 broadcast only with broadcast=1, aligning the second operand at `axis`. */
function legacyBroadcast(node: OnnxNode, tensor: ConstTensor, rank: number, index: number): ConstTensor {
  if (index !== 1 || intAttr(node, 'broadcast', 0) !== 1 || !node.attributes.has('axis')) return tensor;
  const axis = intAttr(node, 'axis', 0);
  const start = axis < 0 ? axis + rank : axis;
  const trailing = rank - start - tensor.dims.length;
  return { ...tensor, dims: [...tensor.dims, ...new Array<number>(Math.max(0, trailing)).fill(1)] };
}

export const add = binary('add');
export const sub = binary('sub');
export const mul = binary('mul');
export const div = binary('div');

export const sum: Translator = (node, t) => {
  const inputs = node.inputs.map((_, i) => t.runtime(node, i));
  const [first] = inputs;
  if (inputs.some((x) => x.shape.join() !== first.shape.join())) throw t.refuse(node, `adds tensors of different shapes (${inputs.map((x) => `[${x.shape}]`).join(', ')})`);
  t.add(node, inputs.length === 1 ? { op: 'identity' } : { op: 'addN' }, inputs.map((x) => x.node), first.shape);
};

export const concat: Translator = (node, t) => {
  const inputs = node.inputs.map((_, i) => t.runtime(node, i));
  const rank = inputs[0].shape.length;
  const given = intAttr(node, 'axis', 1);
  const axis = given < 0 ? given + rank : given;
  if (axis === 0) throw t.refuse(node, 'concatenates along the batch axis');
  const shape = [...inputs[0].shape];
  shape[axis] = inputs.reduce((total, x) => total + x.shape[axis], 0);
  const engine = engineAxis(axis, rank);
  t.add(node, { op: 'concat', axis: engine === rank - 1 ? -1 : engine }, inputs.map((x) => x.node), shape);
};

/** Reading order of a 4-D tensor flattened after an optional Transpose: NCHW as is, NHWC after perm [0, 2, 3, 1]. */
function flattenOrder(node: OnnxNode, t: Translation, x: RuntimeValue): 'nchw' | 'nhwc' {
  const perm = x.perm?.join();
  if (x.shape.length !== 4) {
    if (perm !== undefined && perm !== x.shape.map((_, i) => i).join()) throw t.refuse(node, `reads a Transpose with perm [${perm}] of a ${x.shape.length}-D tensor`);
    return 'nhwc';
  }
  if (perm === undefined || perm === '0,1,2,3') return 'nchw';
  if (perm === '0,2,3,1') return 'nhwc';
  throw t.refuse(node, `reads Transpose "${x.permNode}" with perm [${perm}]; convlens folds only perm [0, 2, 3, 1] (to channels last) into a Reshape or Flatten`);
}

export const flatten: Translator = (node, t) => {
  const x = t.runtime(node, 0, { allowPerm: true });
  const given = intAttr(node, 'axis', 1);
  const axis = given < 0 ? given + x.shape.length : given;
  if (axis > 1 && sizeOf(x.shape.slice(1, axis)) !== 1) throw t.refuse(node, `flattens from axis ${given} of [${x.shape}], which merges non-batch axes into the batch`);
  t.add(node, { op: 'flatten', order: flattenOrder(node, t, x) }, [x.node], [1, sizeOf(x.shape)]);
};

export const reshape: Translator = (node, t) => {
  const x = t.runtime(node, 0, { allowPerm: true });
  const target = Array.from(t.requiredConstant(node, 1, 'target shape').data);
  if (intAttr(node, 'allowzero', 0) === 1 && target.includes(0)) throw t.refuse(node, 'has allowzero=1 with a zero in its target shape');
  const shape = resolveReshape(x.shape, target);
  if (shape[0] !== 1 || sizeOf(shape) !== sizeOf(x.shape)) throw t.refuse(node, `reshapes [${x.shape}] to [${target}]; convlens keeps the batch axis first`);
  if (shape.length === 4 && shape.join() !== x.shape.join()) throw t.refuse(node, `reshapes [${x.shape}] to the 4-D shape [${shape}]; convlens reshapes 4-D tensors to vectors or matrices only`);
  const order = flattenOrder(node, t, x);
  const attributes = shape.length === 4 ? { op: 'identity' as const } : { op: 'reshape' as const, shape: shape.slice(1), order };
  t.add(node, attributes, [x.node], shape);
};

/** A Transpose of an activation makes no node: its Reshape/Flatten reads the data in the permuted order. */
export const transposeNode: Translator = (node, t) => {
  const x = t.runtime(node, 0);
  const perm = intsAttr(node, 'perm') ?? x.shape.map((_, i) => x.shape.length - 1 - i);
  if (perm[0] !== 0) throw t.refuse(node, `moves the batch axis (perm [${perm}])`);
  const value: Value = { kind: 'runtime', node: x.node, shape: perm.map((axis) => x.shape[axis]), perm, permNode: node.name || node.outputs[0] };
  t.values.set(node.outputs[0], value);
};

export const identity: Translator = (node, t) => {
  const x = t.runtime(node, 0);
  t.add(node, { op: 'identity' }, [x.node], x.shape);
};

/** Y = alpha * A * B' + beta * C as a dense layer: kernel [in, units] = alpha * B (transposed back when transB), bias = beta * C. */
export const gemm: Translator = (node, t) => {
  const a = matrix(node, t);
  if (intAttr(node, 'transA', 0) === 1) throw t.refuse(node, 'has transA=1; convlens runs Gemm on (batch, features) activations as they come');
  const b = t.requiredConstant(node, 1, 'weight B');
  if (b.dims.length !== 2) throw t.refuse(node, `has a ${b.dims.length}-D weight B`);
  const kernel = intAttr(node, 'transB', 0) === 1 ? transpose(b, [1, 0]) : b;
  const alpha = floatAttr(node, 'alpha', 1);
  const beta = floatAttr(node, 'beta', 1);
  const c = t.constant(node, 2, 'bias C');
  dense(node, t, a, scaled(kernel, alpha), c && beta !== 0 ? scaled(biasVector(node, t, c, kernel.dims[1]), beta) : undefined);
};

export const matMul: Translator = (node, t) => {
  const a = matrix(node, t);
  const b = t.requiredConstant(node, 1, 'weight B');
  if (b.dims.length !== 2) throw t.refuse(node, `multiplies by a ${b.dims.length}-D constant [${b.dims}]; convlens runs MatMul as a dense layer (a 2-D weight)`);
  dense(node, t, a, b, undefined);
};

function matrix(node: OnnxNode, t: Translation): RuntimeValue {
  const a = t.runtime(node, 0);
  if (a.shape.length !== 2) throw t.refuse(node, `multiplies a ${a.shape.length}-D tensor [${a.shape}]; convlens runs it on (batch, features) (a Flatten first?)`);
  return a;
}

function dense(node: OnnxNode, t: Translation, a: RuntimeValue, kernel: ConstTensor, bias: ConstTensor | undefined): void {
  const [inputs, units] = kernel.dims;
  if (inputs !== a.shape[1]) throw t.refuse(node, `has a weight of [${kernel.dims}] (after transB) for ${a.shape[1]} input features`);
  const name = t.layerName(node);
  const weights = { kernel: t.weight(name, 'kernel', kernel), ...(bias ? { bias: t.weight(name, 'bias', bias) } : {}) };
  t.add(node, { op: 'dense', units, activation: LINEAR }, [a.node], [1, units], weights, name);
}

function biasVector(node: OnnxNode, t: Translation, c: ConstTensor, units: number): ConstTensor {
  if (c.dims.length > 2 || (c.dims.length === 2 && c.dims[0] !== 1) || broadcastShape(c.dims, [units])?.join() !== String(units)) {
    throw t.refuse(node, `has a bias C of shape [${c.dims}] for ${units} outputs`);
  }
  return broadcastTo({ ...c, dims: c.dims.length === 2 ? [c.dims[1]] : c.dims }, [units]);
}

function scaled(tensor: ConstTensor, factor: number): ConstTensor {
  return factor === 1 ? tensor : elementwise(tensor, constant([], [factor], 'float'), (x, y) => x * y)!;
}
