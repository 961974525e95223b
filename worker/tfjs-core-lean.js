// tfjs-core for the worker bundle: tfjs-core's own `base` entry (dist/base.js) and its
// required side effects (dist/base_side_effects.js) less what an inference engine in a
// worker never runs — io (model loading, saving and the browser's model stores: the weight
// store decodes its own bytes), serialization, optimizers and training, test utilities,
// browser pixels. Everything re-exported is tfjs-core's own module; build.mjs resolves the
// bare '@tensorflow/tfjs-core' to this file for the worker (our code and the WASM backend
// alike), so there is one engine, and esbuild fails the build if anything imports a name
// missing here. ~18 KB gzip less than the full entry.
import { getOrMakeEngine } from '@tensorflow/tfjs-core/dist/engine';
import '@tensorflow/tfjs-core/dist/flags';
import { env } from '@tensorflow/tfjs-core/dist/environment';
import { isTypedArrayBrowser } from '@tensorflow/tfjs-core/dist/platforms/is_typed_array_browser';
import { buffer } from '@tensorflow/tfjs-core/dist/ops/buffer';
import { cast } from '@tensorflow/tfjs-core/dist/ops/cast';
import { clone } from '@tensorflow/tfjs-core/dist/ops/clone';
import { print } from '@tensorflow/tfjs-core/dist/ops/print';
import { setOpHandler } from '@tensorflow/tfjs-core/dist/tensor';
import * as math from '@tensorflow/tfjs-core/dist/math';
import * as broadcast_util from '@tensorflow/tfjs-core/dist/ops/broadcast_util';
import * as slice_util from '@tensorflow/tfjs-core/dist/ops/slice_util';
import * as tensor_util from '@tensorflow/tfjs-core/dist/tensor_util';
import * as util from '@tensorflow/tfjs-core/dist/util';
import * as backend_util from './tfjs-backend-util-lean.js';
import * as device_util from '@tensorflow/tfjs-core/dist/device_util';
import { version } from '@tensorflow/tfjs-core/dist/version';

export { Tensor, TensorBuffer, Variable } from '@tensorflow/tfjs-core/dist/tensor';
export { Rank, sumOutType, upcastType } from '@tensorflow/tfjs-core/dist/types';
export * from '@tensorflow/tfjs-core/dist/ops/ops';
export { Reduction } from '@tensorflow/tfjs-core/dist/ops/loss_ops_utils';
export * from '@tensorflow/tfjs-core/dist/globals';
export * from '@tensorflow/tfjs-core/dist/kernel_registry';
export { customGrad, grad, grads, valueAndGrad, valueAndGrads, variableGrads } from '@tensorflow/tfjs-core/dist/gradients';
export { Environment, env, ENV } from '@tensorflow/tfjs-core/dist/environment';
export { version as version_core };
// backend_util here is what the default path uses; the cpu backend gets the full helpers (tfjs-core-lean-full.js).
export { math, util, backend_util, broadcast_util, tensor_util, slice_util, device_util };
export { KernelBackend, DataStorage } from '@tensorflow/tfjs-core/dist/backends/backend';
export * from '@tensorflow/tfjs-core/dist/kernel_names';

/**
 * tfjs' gradient functions, loaded on first use (Grad-CAM): a chunk of its own, off the
 * cold path. Not part of tfjs-core's API: the full entry (Node, tests) registers them at load.
 */
export const loadGradients = () => import('@tensorflow/tfjs-core/dist/register_all_gradients');

// base_side_effects.js, without platform_browser.js (which also registers the IndexedDB and
// localStorage model stores, pulling in io): the engine, the flags, the op handler, and a
// platform with what a worker needs (tfjs' PlatformBrowser, less its window-only timer).
getOrMakeEngine();
setOpHandler({ buffer, cast, clone, print });
if (env().get('IS_BROWSER')) {
  env().setPlatform('browser', {
    fetch: (path, init) => fetch(path, init),
    now: () => performance.now(),
    encode(text, encoding) {
      if (encoding !== 'utf-8' && encoding !== 'utf8') throw new Error(`Browser's encoder only supports utf-8, but got ${encoding}`);
      return new TextEncoder().encode(text);
    },
    decode: (bytes, encoding) => new TextDecoder(encoding).decode(bytes),
    setTimeoutCustom: (functionRef, delay) => setTimeout(functionRef, delay),
    isTypedArray: (a) => isTypedArrayBrowser(a),
  });
}
