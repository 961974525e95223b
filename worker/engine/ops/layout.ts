/** Ops that move values without computing: input, reshape, flatten, padding, identity, constants. */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, product, type OpSpec } from './types';

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

export const inputOp: OpSpec<'input'> = {
  shape: (a) => [1, ...a.shape],
  run: (_a, [x]) => tf.clone(x),
};

/** The target shape with its -1 resolved, in the source layout (batch excluded). */
function resolve(target: number[], count: number): number[] {
  const known = product(target.filter((d) => d !== -1));
  const free = target.filter((d) => d === -1).length;
  if (free > 1 || (free === 1 && count % known !== 0) || (free === 0 && known !== count)) {
    throw new ShapeError(`${count} values cannot be reshaped to [${target.map((d) => (d === -1 ? '?' : d))}]`);
  }
  return target.map((d) => (d === -1 ? count / known : d));
}

export const reshapeOp: OpSpec<'reshape'> = {
  shape: (a, [x]) => {
    const shape = resolve(a.shape, product(x.slice(1)));
    return a.order === 'nchw' && shape.length === 3 ? [1, shape[1], shape[2], shape[0]] : [1, ...shape];
  },
  run: (a, [x]) => {
    const source = a.order === 'nchw' && x.rank === 4 ? tf.transpose(x, TO_NCHW) : x;
    const shape = resolve(a.shape, product(x.shape.slice(1)));
    const reshaped = tf.reshape(source, [1, ...shape]);
    return a.order === 'nchw' && shape.length === 3 ? tf.transpose(reshaped, TO_NHWC) : reshaped;
  },
};

export const flattenOp: OpSpec<'flatten'> = {
  shape: (_a, [x]) => [1, product(x.slice(1))],
  run: (a, [x]) => tf.reshape(a.order === 'nchw' && x.rank === 4 ? tf.transpose(x, TO_NCHW) : x, [1, -1]),
};

export const padOp: OpSpec<'pad'> = {
  shape: (a, [x]) => {
    if (x.length !== 4) throw new ShapeError(`it needs a 4-D (image-like) input, got shape [${x}]`);
    const [[top, bottom], [left, right]] = a.pads;
    if (a.mode === 'reflect' && (Math.max(top, bottom) >= x[1] || Math.max(left, right) >= x[2])) {
      throw new ShapeError(`reflect padding must be smaller than the ${x[1]}×${x[2]} map`);
    }
    return [1, x[1] + top + bottom, x[2] + left + right, x[3]];
  },
  run: (a, [x]) => {
    const [[top, bottom], [left, right]] = a.pads;
    const pads: [number, number][] = [[0, 0], [top, bottom], [left, right], [0, 0]];
    if (a.mode === 'constant') return tf.pad(x, pads, a.value);
    if (a.mode === 'reflect') return tf.mirrorPad(x, pads, 'reflect');
    return edgePad(edgePad(x, 1, top, bottom), 2, left, right);
  },
};

/** Repeats the first/last row (axis 1) or column (axis 2) `before`/`after` times. */
function edgePad(x: tf.Tensor, axis: 1 | 2, before: number, after: number): tf.Tensor {
  if (before === 0 && after === 0) return x;
  const size = x.shape[axis]!;
  const edge = (at: number, times: number) => {
    const begin = [0, 0, 0, 0];
    const extent = [...x.shape];
    begin[axis] = at;
    extent[axis] = 1;
    const reps = [1, 1, 1, 1];
    reps[axis] = times;
    return tf.tile(tf.slice(x, begin, extent), reps);
  };
  const parts = [...(before ? [edge(0, before)] : []), x, ...(after ? [edge(size - 1, after)] : [])];
  return tf.concat(parts, axis);
}

export const identityOp: OpSpec<'identity'> = {
  shape: (_a, [x]) => x,
  run: (_a, [x]) => tf.clone(x),
};

/** A stored tensor as a node's output (a copy: the executor frees outputs, never weights). */
export const constantOp: OpSpec<'constant'> = {
  shape: (_a, _inputs, w) => w.value,
  weights: (_a, _inputs, given) => ({ value: given.value ?? [] }),
  run: (_a, _inputs, { value }) => tf.clone(value),
};
