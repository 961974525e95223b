/**
 * The WASM kernels the supported layers need, registered one by one instead of all ~150
 * (smaller worker bundle). test/kernels.test.ts runs every supported layer type on a
 * backend that has only these kernels, so a missing one fails there, not in a classroom.
 */
import { registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { addConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Add';
import { addNConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AddN';
import { avgPoolConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AvgPool';
import { batchMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/BatchMatMul';
import { castConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Cast';
import { clipByValueConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ClipByValue';
import { concatConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Concat';
import { conv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv2D';
import { depthwiseConv2dNativeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/DepthwiseConv2dNative';
import { eluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Elu';
import { expConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Exp';
import { fillConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Fill';
import { fusedBatchNormConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedBatchNorm';
import { fusedConv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedConv2D';
import { fusedDepthwiseConv2DConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/FusedDepthwiseConv2D';
import { identityConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Identity';
import { leakyReluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LeakyRelu';
import { maxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Max';
import { maxPoolConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MaxPool';
import { maximumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Maximum';
import { meanConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Mean';
import { minimumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Minimum';
import { multiplyConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Multiply';
import { padV2Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/PadV2';
import { preluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Prelu';
import { realDivConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/RealDiv';
import { reluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Relu';
import { relu6Config } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Relu6';
import { reshapeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Reshape';
import { rsqrtConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Rsqrt';
import { seluConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Selu';
import { sigmoidConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sigmoid';
import { sliceConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Slice';
import { softmaxConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Softmax';
import { softplusConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Softplus';
import { sqrtConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sqrt';
import { squareConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Square';
import { subConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sub';
import { sumConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sum';
import { tanhConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Tanh';
import { transposeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Transpose';
import { _fusedMatMulConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/_FusedMatMul';
import { zerosLikeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/ZerosLike';
import { absConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Abs';
import { erfConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Erf';
import { greaterConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Greater';
import { logConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Log';
import { mirrorPadConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/MirrorPad';
import { powConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Pow';
import { selectConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Select';
import { splitVConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/SplitV';
import { tileConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Tile';
import { packConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Pack';

export const WASM_KERNELS: KernelConfig[] = [
  addConfig,
  addNConfig,
  avgPoolConfig,
  batchMatMulConfig,
  castConfig,
  clipByValueConfig,
  concatConfig,
  conv2DConfig,
  depthwiseConv2dNativeConfig,
  eluConfig,
  expConfig,
  fillConfig,
  fusedBatchNormConfig,
  fusedConv2DConfig,
  fusedDepthwiseConv2DConfig,
  identityConfig,
  leakyReluConfig,
  maxConfig,
  maxPoolConfig,
  maximumConfig,
  meanConfig,
  minimumConfig,
  multiplyConfig,
  padV2Config,
  preluConfig,
  realDivConfig,
  reluConfig,
  relu6Config,
  reshapeConfig,
  rsqrtConfig,
  seluConfig,
  sigmoidConfig,
  sliceConfig,
  softmaxConfig,
  softplusConfig,
  sqrtConfig,
  squareConfig,
  subConfig,
  sumConfig,
  tanhConfig,
  transposeConfig,
  _fusedMatMulConfig,
  zerosLikeConfig,
  packConfig,
  absConfig,
  erfConfig,
  greaterConfig,
  logConfig,
  mirrorPadConfig,
  powConfig,
  selectConfig,
  splitVConfig,
  tileConfig,
];

let registered = false;

/** Registers the kernels once per worker. */
export function registerWasmKernels(): void {
  if (registered) return;
  registered = true;
  for (const config of WASM_KERNELS) registerKernel(config);
}
