/**
 * Constant folding at load: nodes whose inputs are all constants (Constant, ConstantOfShape,
 * the Shape/Gather/Unsqueeze/Squeeze/Concat/Cast chains PyTorch writes to compute a Reshape's
 * target shape, Transpose of a weight, arithmetic on constants) are evaluated here and never
 * become graph nodes. Shape of an activation is known at load (batch 1), so it folds too.
 */
import type { OnnxNode } from './decode';
import { intAttr, intsAttr, type Translation } from './context';
import { constant, elementwise, sizeOf, transpose, type ConstTensor } from './tensor';

type Folder = (node: OnnxNode, inputs: ConstTensor[], t: Translation) => ConstTensor;

const ARITHMETIC: Record<string, (x: number, y: number) => number> = {
  Add: (x, y) => x + y,
  Sub: (x, y) => x - y,
  Mul: (x, y) => x * y,
  Div: (x, y) => x / y,
};

const FOLDERS: Record<string, Folder> = {
  Constant: (node, _inputs, t) => constantValue(node, t),
  Identity: (_node, [x]) => x,
  Dropout: (_node, [x]) => x,
  Cast: (node, [x]) => cast(x, intAttr(node, 'to', 1)),
  ConstantOfShape: (node, [shape]) => {
    const dims = Array.from(shape.data);
    const value = node.attributes.get('value')?.t ?? constant([1], [0], 'float');
    const data = value.kind === 'float' ? new Float32Array(sizeOf(dims)) : new Float64Array(sizeOf(dims));
    return { dims, data: data.fill(value.data[0]), kind: value.kind };
  },
  Concat: (node, inputs) => concat(inputs, intAttr(node, 'axis', 0)),
  Gather: (node, [data, indices]) => gather(data, indices, intAttr(node, 'axis', 0)),
  Unsqueeze: (node, [x, axes]) => unsqueeze(x, axesOf(node, axes)),
  Squeeze: (node, [x, axes]) => squeeze(x, axesOf(node, axes)),
  Transpose: (node, [x]) => transpose(x, intsAttr(node, 'perm') ?? x.dims.map((_, i) => x.dims.length - 1 - i)),
  Reshape: (_node, [x, shape]) => ({ ...x, dims: resolveReshape(x.dims, Array.from(shape.data)) }),
  Flatten: (node, [x]) => {
    const axis = normalize(intAttr(node, 'axis', 1), x.dims.length);
    return { ...x, dims: [sizeOf(x.dims.slice(0, axis)), sizeOf(x.dims.slice(axis))] };
  },
  Neg: (_node, [x]) => ({ ...x, data: x.data.map((v) => -v) }),
  ...Object.fromEntries(Object.entries(ARITHMETIC).map(([op, f]) => [op, arithmetic(op, f)])),
};

/** True when `node` can be folded once its inputs are constants. */
export function isFoldable(node: OnnxNode): boolean {
  return node.opType in FOLDERS;
}

/** Evaluates `node` on constant inputs (absent optional inputs are skipped). */
export function foldNode(node: OnnxNode, inputs: (ConstTensor | undefined)[], t: Translation): ConstTensor {
  return FOLDERS[node.opType](node, inputs as ConstTensor[], t);
}

/** Shape of an activation (ONNX layout, batch 1) as an int64 constant; opset 15 start/end. */
export function shapeConstant(node: OnnxNode, shape: number[]): ConstTensor {
  const rank = shape.length;
  const start = clampAxis(intAttr(node, 'start', 0), rank);
  const end = clampAxis(intAttr(node, 'end', rank), rank);
  const dims = shape.slice(start, Math.max(start, end));
  return constant([dims.length], dims, 'int');
}

function clampAxis(axis: number, rank: number): number {
  return Math.min(rank, Math.max(0, axis < 0 ? axis + rank : axis));
}

function normalize(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

function arithmetic(op: string, f: (x: number, y: number) => number): Folder {
  return (node, [a, b], t) => {
    const integer = a.kind === 'int' && b.kind === 'int' && op === 'Div';
    const result = elementwise(a, b, integer ? (x, y) => Math.trunc(x / y) : f);
    if (!result) throw t.refuse(node, `has constant operands of shapes [${a.dims}] and [${b.dims}], which do not broadcast`);
    return result;
  };
}

function constantValue(node: OnnxNode, t: Translation): ConstTensor {
  const [attribute] = node.attributes.values();
  if (attribute?.t) return attribute.t;
  if (attribute?.f !== undefined && attribute.name === 'value_float') return constant([], [attribute.f], 'float');
  if (attribute?.i !== undefined && attribute.name === 'value_int') return constant([], [attribute.i], 'int');
  if (attribute?.floats) return constant([attribute.floats.length], attribute.floats, 'float');
  if (attribute?.ints) return constant([attribute.ints.length], attribute.ints, 'int');
  throw t.refuse(node, `holds a kind of constant convlens does not read (${attribute?.name ?? 'none'})`);
}

/** ONNX element types: FLOAT 1, FLOAT16 10, DOUBLE 11 are floats; the rest are integers or bool. */
function cast(x: ConstTensor, to: number): ConstTensor {
  const kind = to === 1 || to === 10 || to === 11 ? 'float' : 'int';
  const values = kind === 'int' ? Array.from(x.data, (v) => (to === 9 ? Number(v !== 0) : Math.trunc(v))) : x.data;
  return constant(x.dims, values, kind);
}

function concat(inputs: ConstTensor[], axis: number): ConstTensor {
  const rank = inputs[0].dims.length;
  const a = normalize(axis, rank);
  const outer = sizeOf(inputs[0].dims.slice(0, a));
  const dims = [...inputs[0].dims];
  dims[a] = inputs.reduce((sum, x) => sum + x.dims[a], 0);
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const x of inputs) {
      const block = sizeOf(x.dims.slice(a));
      for (let i = 0; i < block; i++) values.push(x.data[o * block + i]);
    }
  }
  return constant(dims, values, inputs.some((x) => x.kind === 'float') ? 'float' : 'int');
}

function gather(data: ConstTensor, indices: ConstTensor, axis: number): ConstTensor {
  const a = normalize(axis, data.dims.length);
  const outer = sizeOf(data.dims.slice(0, a));
  const inner = sizeOf(data.dims.slice(a + 1));
  const size = data.dims[a];
  const picks = Array.from(indices.data, (i) => (i < 0 ? i + size : i));
  const values: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const i of picks) for (let j = 0; j < inner; j++) values.push(data.data[(o * size + i) * inner + j]);
  }
  return constant([...data.dims.slice(0, a), ...indices.dims, ...data.dims.slice(a + 1)], values, data.kind);
}

/** Unsqueeze/Squeeze axes: an attribute before opset 13, an input from 13 on. */
function axesOf(node: OnnxNode, input: ConstTensor | undefined): number[] | undefined {
  return intsAttr(node, 'axes') ?? (input ? Array.from(input.data) : undefined);
}

function unsqueeze(x: ConstTensor, axes: number[] = []): ConstTensor {
  const rank = x.dims.length + axes.length;
  const inserted = new Set(axes.map((axis) => normalize(axis, rank)));
  const dims: number[] = [];
  let from = 0;
  for (let i = 0; i < rank; i++) dims.push(inserted.has(i) ? 1 : x.dims[from++]);
  return { ...x, dims };
}

function squeeze(x: ConstTensor, axes?: number[]): ConstTensor {
  const removed = new Set((axes ?? x.dims.flatMap((d, i) => (d === 1 ? [i] : []))).map((axis) => normalize(axis, x.dims.length)));
  return { ...x, dims: x.dims.filter((_, i) => !removed.has(i)) };
}

/** A Reshape's target shape: 0 copies the input's dimension, -1 takes what is left. */
export function resolveReshape(inDims: number[], target: number[]): number[] {
  const dims = target.map((d, i) => (d === 0 ? inDims[i] : d));
  const known = dims.reduce((product, d) => (d === -1 ? product : product * d), 1);
  return dims.map((d) => (d === -1 ? sizeOf(inDims) / known : d));
}

