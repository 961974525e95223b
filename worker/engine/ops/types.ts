/**
 * What one op of the graph is to the engine: how its output shape follows from its inputs,
 * which weights (and shapes) it needs, how its stored weights become the tensors it runs
 * with (once per model), and how it runs on tfjs-core. One small file per op family.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { OpAttributes, OpKind } from '../graph';

export type Attrs<K extends OpKind> = Extract<OpAttributes, { op: K }>;
export type Tensors = Record<string, tf.Tensor>;

export interface OpSpec<K extends OpKind> {
  /** Output shape (batch 1, NHWC) from the inputs' shapes; throws ShapeError when they do not fit. */
  shape(attrs: Attrs<K>, inputs: number[][], weights: Record<string, number[]>): number[];
  /**
   * Expected shape per weight role given the inputs' shapes (a role mapped to null may be
   * absent, e.g. a bias); roles not listed are refused. Omitted: the op takes no weights.
   */
  weights?(attrs: Attrs<K>, inputs: number[][], given: Record<string, number[]>): Record<string, number[] | null>;
  /** New tensors the op runs with, made from the stored ones (which it must not dispose). */
  prepare?(attrs: Attrs<K>, weights: Tensors): Tensors;
  /**
   * The op on tfjs-core. `differentiable`: only ops whose gradients tfjs' WASM backend has
   * (no fused kernels, whose gradients need a filter-gradient kernel WASM lacks), for Grad-CAM.
   */
  run(attrs: Attrs<K>, inputs: tf.Tensor[], weights: Tensors, differentiable?: boolean): tf.Tensor;
}

/** A shape problem, reworded by completeGraph with the node's name and type. */
export class ShapeError extends Error {}

export function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
