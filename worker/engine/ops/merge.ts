/** Ops of several inputs: element-wise arithmetic with numpy broadcasting, sums, concatenation. */
import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, type OpSpec } from './types';

type Binary = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min';

const BINARY: Record<Binary, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor> = {
  add: tf.add, sub: tf.sub, mul: tf.mul, div: tf.div, max: tf.maximum, min: tf.minimum,
};

/** numpy broadcasting of two shapes. */
export function broadcastShape(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) throw new ShapeError(`shapes [${a}] and [${b}] do not broadcast`);
    out.push(Math.max(x, y));
  }
  return out;
}

function binaryOp<K extends Binary>(kind: K): OpSpec<K> {
  return {
    shape: (_a, inputs) => {
      if (inputs.length !== 2) throw new ShapeError(`it takes 2 inputs, got ${inputs.length}`);
      return broadcastShape(inputs[0], inputs[1]);
    },
    run: (_a, [x, y]) => BINARY[kind](x, y),
  };
}

export const binaryOps: { [K in Binary]: OpSpec<K> } = {
  add: binaryOp('add'), sub: binaryOp('sub'), mul: binaryOp('mul'), div: binaryOp('div'), max: binaryOp('max'), min: binaryOp('min'),
};

export const addNOp: OpSpec<'addN'> = {
  shape: (_a, inputs) => inputs.reduce(broadcastShape),
  run: (_a, inputs) => inputs.slice(1).reduce((sum, x) => tf.add(sum, x), inputs[0]),
};

export const concatOp: OpSpec<'concat'> = {
  shape: (a, inputs) => {
    const rank = inputs[0].length;
    const axis = a.axis < 0 ? rank + a.axis : a.axis;
    if (axis <= 0 || axis >= rank) throw new ShapeError(`axis ${a.axis} is not a feature axis of shape [${inputs[0]}]`);
    for (const shape of inputs) {
      if (shape.length !== rank || shape.some((d, i) => i !== axis && d !== inputs[0][i])) {
        throw new ShapeError(`inputs of shapes ${inputs.map((s) => `[${s}]`).join(', ')} cannot be joined on axis ${a.axis}`);
      }
    }
    const out = [...inputs[0]];
    out[axis] = inputs.reduce((sum, shape) => sum + shape[axis], 0);
    return out;
  },
  run: (a, inputs) => tf.concat(inputs, a.axis),
};
