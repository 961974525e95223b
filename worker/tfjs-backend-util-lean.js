// tfjs-core's `backend_util` namespace as the worker's default path uses it: the members
// the WASM kernels we register (kernels.ts, gradient-kernels.ts), the two cpu helpers
// (wasm-cpu-shared.js) and our own code read, taken from the modules that define them.
// tfjs-core's backend_util.js also re-exports einsum, ragged, sparse, segment and FFT
// helpers only the cpu backend uses; importing it at all would bring them along, so the
// cpu backend (a chunk of its own, loaded when WASM cannot start) gets the full namespace
// from tfjs-core-lean-full.js. test/bundle-lean.test.ts checks that every `backend_util.X`
// in the default path's modules is exported here.
import { decodeString, encodeString } from '@tensorflow/tfjs-core/dist/util';

export { assertAndGetBroadcastShape } from '@tensorflow/tfjs-core/dist/ops/broadcast_util';
export {
  assertAxesAreInnerMostDims, computeOutAndReduceShapes, expandShapeToKeepDim, getAxesPermutation, getInnerMostAxes,
  getUndoAxesPermutation,
} from '@tensorflow/tfjs-core/dist/ops/axis_util';
export { assertParamsConsistent, computeOutShape } from '@tensorflow/tfjs-core/dist/ops/concat_util';
export { computeConv2DInfo, computePool2DInfo, convertConv2DDataFormat } from '@tensorflow/tfjs-core/dist/ops/conv_util';
export { prepareSplitSize } from '@tensorflow/tfjs-core/dist/ops/split_util';
export { upcastType } from '@tensorflow/tfjs-core/dist/types';

// String tensors only (Concat, Slice of strings), which convlens never makes: our own two lines.
export const fromUint8ToStringArray = (values) => values.map((bytes) => decodeString(bytes));
export const fromStringArrayToUint8 = (strings) => strings.map((text) => encodeString(text));
