/** Every op the engine runs, by name: the one table a new reader's nodes are checked against. */
import type { OpKind } from '../graph';
import { activationOp, preluOp } from './activation';
import { conv2dOp, depthwiseConv2dOp, separableConv2dOp } from './conv';
import { denseOp } from './dense';
import { constantOp, flattenOp, identityOp, inputOp, padOp, reshapeOp } from './layout';
import { addNOp, binaryOps, concatOp } from './merge';
import { batchNormOp, lrnOp, rescaleOp } from './normalize';
import { dilatedStridedConvOp } from './onnx-ops';
import { avgPoolOp, globalAvgPoolOp, globalMaxPoolOp, maxPoolOp } from './pool';
import type { OpSpec } from './types';

export const OPS: { [K in OpKind]: OpSpec<K> } = {
  input: inputOp,
  conv2d: conv2dOp,
  depthwiseConv2d: depthwiseConv2dOp,
  separableConv2d: separableConv2dOp,
  maxPool: maxPoolOp,
  avgPool: avgPoolOp,
  globalAvgPool: globalAvgPoolOp,
  globalMaxPool: globalMaxPoolOp,
  batchNorm: batchNormOp,
  dense: denseOp,
  activation: activationOp,
  prelu: preluOp,
  ...binaryOps,
  addN: addNOp,
  concat: concatOp,
  pad: padOp,
  rescale: rescaleOp,
  reshape: reshapeOp,
  flatten: flattenOp,
  identity: identityOp,
  lrn: lrnOp,
  constant: constantOp,
  dilatedStridedConv: dilatedStridedConvOp,
};

/** The spec of `op`, typed loosely for the executor's generic loop. */
export function opSpec(op: OpKind): OpSpec<OpKind> {
  return OPS[op] as unknown as OpSpec<OpKind>;
}
