// The lean tfjs-core (tfjs-core-lean.js) with tfjs-core's full helper namespaces, for the cpu
// backend: build.mjs resolves its imports of '@tensorflow/tfjs-core' here, so its einsum,
// sparse and FFT helpers load with it and stay off the default path. Same engine, same module.
import * as backend_util from '@tensorflow/tfjs-core/dist/backends/backend_util';
import * as kernel_impls from '@tensorflow/tfjs-core/dist/backends/kernel_impls';
import * as gather_util from '@tensorflow/tfjs-core/dist/ops/gather_nd_util';
import * as scatter_util from '@tensorflow/tfjs-core/dist/ops/scatter_nd_util';

export * from './tfjs-core-lean.js';
export { backend_util, kernel_impls, gather_util, scatter_util };
