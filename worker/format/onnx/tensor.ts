/**
 * Constant tensors of an ONNX graph (initialisers, Constant nodes, folded shape chains) as
 * plain arrays. Floats stay float32 (they become weights); integers are kept as float64,
 * exact for every shape or index an exporter writes (below 2^53). Row-major, ONNX layout.
 */
export interface ConstTensor {
  dims: number[];
  data: Float32Array | Float64Array;
  kind: 'float' | 'int';
}

export function sizeOf(dims: number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

export function constant(dims: number[], values: ArrayLike<number>, kind: 'float' | 'int'): ConstTensor {
  const data = kind === 'float' ? (values instanceof Float32Array ? values : Float32Array.from(values)) : Float64Array.from(values);
  return { dims, data, kind };
}

/** Row-major strides of `dims`. */
export function stridesOf(dims: number[]): number[] {
  const strides = new Array<number>(dims.length);
  let stride = 1;
  for (let axis = dims.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= dims[axis];
  }
  return strides;
}

/** out[i0, i1, ...] = t[i_perm...]: output axis k is input axis perm[k] (numpy's transpose). */
export function transpose(tensor: ConstTensor, perm: number[]): ConstTensor {
  const dims = perm.map((axis) => tensor.dims[axis]);
  const inStrides = stridesOf(tensor.dims);
  const stepOf = perm.map((axis) => inStrides[axis]);
  const out = tensor.kind === 'float' ? new Float32Array(tensor.data.length) : new Float64Array(tensor.data.length);
  const index = new Array<number>(dims.length).fill(0);
  let from = 0;
  for (let to = 0; to < out.length; to++) {
    out[to] = tensor.data[from];
    for (let axis = dims.length - 1; axis >= 0; axis--) {
      index[axis]++;
      from += stepOf[axis];
      if (index[axis] < dims[axis]) break;
      from -= stepOf[axis] * dims[axis];
      index[axis] = 0;
    }
  }
  return { dims, data: out, kind: tensor.kind };
}

/** numpy broadcasting of two shapes; null when they do not broadcast. */
export function broadcastShape(a: number[], b: number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** `tensor` repeated to `dims` (numpy broadcasting; the caller checked that it broadcasts). */
export function broadcastTo(tensor: ConstTensor, dims: number[]): ConstTensor {
  const rank = dims.length;
  const padded = [...new Array<number>(rank - tensor.dims.length).fill(1), ...tensor.dims];
  const inStrides = stridesOf(padded).map((stride, axis) => (padded[axis] === 1 ? 0 : stride));
  const outStrides = stridesOf(dims);
  const size = sizeOf(dims);
  const out = tensor.kind === 'float' ? new Float32Array(size) : new Float64Array(size);
  for (let to = 0; to < size; to++) {
    let rest = to;
    let from = 0;
    for (let axis = 0; axis < rank; axis++) {
      const i = Math.floor(rest / outStrides[axis]);
      rest -= i * outStrides[axis];
      from += i * inStrides[axis];
    }
    out[to] = tensor.data[from];
  }
  return { dims: [...dims], data: out, kind: tensor.kind };
}

/** Element-wise a (op) b with broadcasting; the result is float when either side is. */
export function elementwise(a: ConstTensor, b: ConstTensor, op: (x: number, y: number) => number): ConstTensor | null {
  const dims = broadcastShape(a.dims, b.dims);
  if (!dims) return null;
  const x = broadcastTo(a, dims).data;
  const y = broadcastTo(b, dims).data;
  const kind = a.kind === 'float' || b.kind === 'float' ? 'float' : 'int';
  const values = Array.from(x, (value, i) => op(value, y[i]));
  return constant(dims, values, kind);
}

/** The values as float32 (a weight). */
export function asFloat32(tensor: ConstTensor): Float32Array {
  return tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data);
}
