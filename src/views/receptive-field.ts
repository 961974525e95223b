/**
 * Receptive fields: which pixels of the model's input one cell of a layer's output sees.
 * Pure geometry from the summary rows' `geometry` (kernel, stride, dilation, padding),
 * walked back from the layer to the input. The rows are taken as a chain (a Sequential
 * model); a layer without geometry must keep its input's height and width, otherwise the
 * field is unknown and the result is null.
 */
import type { LayerGeometry, SummaryRow } from '../../worker/contract';

/** A box of input pixels, inclusive bounds, clipped to the input. */
export interface PixelBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** How one layer maps output index i to input indices [i·stride − pad, i·stride − pad + span − 1]. */
interface AxisStep {
  stride: number;
  pad: number;
  span: number;
}

type Step = [AxisStep, AxisStep] | null;

/** Zero padding Keras adds before the first input index for 'same' padding. */
export function padBefore(inSize: number, kernel: number, stride: number, dilation: number, padding: 'valid' | 'same'): number {
  if (padding === 'valid') return 0;
  const out = Math.ceil(inSize / stride);
  const total = Math.max((out - 1) * stride + (kernel - 1) * dilation + 1 - inSize, 0);
  return Math.floor(total / 2);
}

function stepOf(geometry: LayerGeometry, inSize: [number, number]): Step {
  const axis = (a: 0 | 1): AxisStep => {
    const { kernel, stride, dilation, padding } = geometry;
    return {
      stride: stride[a],
      pad: padBefore(inSize[a], kernel[a], stride[a], dilation[a], padding),
      span: (kernel[a] - 1) * dilation[a] + 1,
    };
  };
  return [axis(0), axis(1)];
}

function spatial(shape: (number | null)[]): [number, number] | null {
  return shape.length === 4 && shape[1] && shape[2] ? [shape[1], shape[2]] : null;
}

/** Each row's step up to and including row `last`; undefined when the chain breaks. */
function steps(rows: readonly SummaryRow[], last: number, inputSize: [number, number]): Step[] | undefined {
  const result: Step[] = [];
  let size = inputSize;
  for (let i = 0; i <= last; i++) {
    const row = rows[i];
    const out = spatial(row.outputShape);
    if (row.type === 'InputLayer') continue;
    if (!out) return undefined;
    if (row.geometry) result.push(stepOf(row.geometry, size));
    else if (out[0] !== size[0] || out[1] !== size[1]) return undefined;
    else result.push(null);
    size = out;
  }
  return result;
}

/**
 * The input pixels that cell (`row`, `column`) of layer `layer` sees, clipped to the
 * `inputShape` ([height, width, channels]) image; null if the geometry is not known.
 */
export function receptiveField(
  rows: readonly SummaryRow[], inputShape: readonly number[], layer: string, row: number, column: number,
): PixelBox | null {
  const index = rows.findIndex((r) => r.name === layer);
  const size: [number, number] = [inputShape[0], inputShape[1]];
  const chain = index < 0 ? undefined : steps(rows, index, size);
  if (!chain) return null;
  let [top, bottom, left, right] = [row, row, column, column];
  for (let i = chain.length - 1; i >= 0; i--) {
    const step = chain[i];
    if (!step) continue;
    const [v, h] = step;
    [top, bottom] = [top * v.stride - v.pad, bottom * v.stride - v.pad + v.span - 1];
    [left, right] = [left * h.stride - h.pad, right * h.stride - h.pad + h.span - 1];
  }
  const clip = (x: number, n: number) => Math.max(0, Math.min(n - 1, x));
  return { top: clip(top, size[0]), left: clip(left, size[1]), bottom: clip(bottom, size[0]), right: clip(right, size[1]) };
}

/** A pixel box as percentages of a `height × width` image, for CSS outlines. */
export function boxPercent(box: PixelBox, height: number, width: number): { left: number; top: number; width: number; height: number } {
  return {
    left: (box.left / width) * 100,
    top: (box.top / height) * 100,
    width: ((box.right - box.left + 1) / width) * 100,
    height: ((box.bottom - box.top + 1) / height) * 100,
  };
}
