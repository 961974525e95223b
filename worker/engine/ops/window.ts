/** Sliding-window arithmetic shared by convolutions and pooling (Keras and ONNX rules). */
import type { Pair, Padding } from '../graph';
import { ShapeError } from './types';

/** [top, bottom, left, right] padding of a window over an h×w map. */
export type Pads = [number, number, number, number];

/** The extent a dilated kernel covers. */
export function effectiveKernel(kernel: number, dilation: number): number {
  return (kernel - 1) * dilation + 1;
}

/** Output size along one axis; 'same' is TensorFlow's ceil(in / stride). */
export function outputSize(size: number, kernel: number, stride: number, dilation: number, padding: Padding, axis: 0 | 1, ceilMode = false): number {
  const extent = effectiveKernel(kernel, dilation);
  if (padding === 'same') return Math.ceil(size / stride);
  const padded = padding === 'valid' ? size : size + padding[axis * 2] + padding[axis * 2 + 1];
  const steps = (padded - extent) / stride;
  let out = (ceilMode ? Math.ceil(steps) : Math.floor(steps)) + 1;
  // ONNX/PyTorch ceil mode: the last window must start inside the input or its left padding.
  if (ceilMode && padding !== 'valid' && (out - 1) * stride >= size + padding[axis * 2]) out--;
  if (out < 1) throw new ShapeError(`a ${kernel}×${kernel} window${dilation > 1 ? ` (dilation ${dilation})` : ''} does not fit a map of size ${size}`);
  return out;
}

/** The output [h, w] of a window op on a [1, h, w, c] input. */
export function windowOutput(input: number[], kernel: Pair, strides: Pair, dilations: Pair, padding: Padding, ceilMode = false): Pair {
  if (input.length !== 4) throw new ShapeError(`it needs a 4-D (image-like) input, got shape [${input}]`);
  return [
    outputSize(input[1], kernel[0], strides[0], dilations[0], padding, 0, ceilMode),
    outputSize(input[2], kernel[1], strides[1], dilations[1], padding, 1, ceilMode),
  ];
}

/**
 * Explicit [top, bottom, left, right] pads for `padding`, including ceil mode's extra
 * bottom/right cells (which ONNX never counts as padding in an average).
 */
export function explicitPads(input: number[], kernel: Pair, strides: Pair, dilations: Pair, padding: Padding, ceilMode = false): { pads: Pads; extra: Pair } {
  const [outH, outW] = windowOutput(input, kernel, strides, dilations, padding, ceilMode);
  const axis = (size: number, out: number, k: number, s: number, d: number, i: 0 | 1): [number, number, number] => {
    const needed = Math.max(0, (out - 1) * s + effectiveKernel(k, d) - size);
    if (padding === 'valid') return [0, 0, 0];
    if (padding === 'same') return [Math.floor(needed / 2), needed - Math.floor(needed / 2), 0];
    const [before, after] = [padding[i * 2], padding[i * 2 + 1]];
    return [before, after, Math.max(0, needed - before - after)];
  };
  const [top, bottom, extraH] = axis(input[1], outH, kernel[0], strides[0], dilations[0], 0);
  const [left, right, extraW] = axis(input[2], outW, kernel[1], strides[1], dilations[1], 1);
  return { pads: [top, bottom, left, right], extra: [extraH, extraW] };
}

/** tfjs' form of a padding: its own 'valid'/'same', or NHWC explicit pads. */
export function tfPad(padding: Padding): 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]] {
  if (padding === 'valid' || padding === 'same') return padding;
  const [top, bottom, left, right] = padding;
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}
