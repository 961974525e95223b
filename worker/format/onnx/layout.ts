/**
 * ONNX is channels-first (NCHW, conv weights OIHW); the engine is channels-last (NHWC,
 * kernels HWIO). Weights are transposed once here, at load; a 4-D activation keeps its
 * ONNX shape beside the graph only for the reader's own decisions.
 */
import { transpose, type ConstTensor } from './tensor';

/** Engine axis of an ONNX axis of a 4-D tensor: N C H W -> 0 3 1 2. */
const NCHW_TO_NHWC_AXIS = [0, 3, 1, 2];

/** The engine's shape (with batch) for an ONNX shape: 4-D becomes NHWC, other ranks are unchanged. */
export function engineShape(onnxShape: number[]): number[] {
  if (onnxShape.length !== 4) return [...onnxShape];
  const [n, c, h, w] = onnxShape;
  return [n, h, w, c];
}

/** The engine axis for ONNX axis `axis` (negative counts from the end) of a tensor of `rank`. */
export function engineAxis(axis: number, rank: number): number {
  const positive = axis < 0 ? axis + rank : axis;
  return rank === 4 ? NCHW_TO_NHWC_AXIS[positive] : positive;
}

/** Conv weight [cout, cin/groups, kh, kw] -> kernel [kh, kw, cin/groups, cout]. */
export function convKernel(weight: ConstTensor): ConstTensor {
  return transpose(weight, [2, 3, 1, 0]);
}

/**
 * Depthwise conv weight [cin * m, 1, kh, kw] -> kernel [kh, kw, cin, m]: output channel
 * c * m + j of group c is column j of input channel c, as tf.depthwiseConv2d orders them.
 */
export function depthwiseKernel(weight: ConstTensor, channels: number): ConstTensor {
  const [cout, , kh, kw] = weight.dims;
  const asGroups: ConstTensor = { ...weight, dims: [channels, cout / channels, kh, kw] };
  return transpose(asGroups, [2, 3, 0, 1]);
}

/**
 * A constant operand of an element-wise op on a 4-D activation: right-aligned to rank 4
 * (numpy broadcasting) and transposed to NHWC, so it broadcasts the same way in the engine.
 */
export function toNhwcOperand(tensor: ConstTensor): ConstTensor {
  const dims = [...new Array<number>(Math.max(0, 4 - tensor.dims.length)).fill(1), ...tensor.dims];
  return transpose({ ...tensor, dims }, [0, 2, 3, 1]);
}
