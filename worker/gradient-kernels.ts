/**
 * The WASM kernels the gradients of our ops need (the forward kernels are in kernels.ts).
 * Registered by Grad-CAM on first use, so the worker's default path carries none of them.
 * test/grad-cam.test.ts runs Grad-CAM on a backend with only these and the forward kernels.
 */
import { backend, getBackend, getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/AvgPoolGrad';
import { conv2DBackpropInputConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Conv2DBackpropInput';
import { eluGradConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/EluGrad';
import { equalConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Equal';
import { greaterEqualConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/GreaterEqual';
import { lessConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Less';
import { lessEqualConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LessEqual';
import { logicalAndConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/LogicalAnd';
import { negConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Neg';
import { onesLikeConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/OnesLike';
import { stepConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Step';
import { signConfig } from '@tensorflow/tfjs-backend-wasm/dist/kernels/Sign';
import { jsMaxPoolGradConfig } from './max-pool-grad';

export const WASM_GRADIENT_KERNELS: KernelConfig[] = [
  avgPoolGradConfig, conv2DBackpropInputConfig, eluGradConfig, equalConfig, greaterEqualConfig, lessConfig, lessEqualConfig,
  logicalAndConfig, jsMaxPoolGradConfig, negConfig, onesLikeConfig, stepConfig, signConfig,
];

let registered = false;

/**
 * Registers the kernels once per worker, where the WASM backend is the one in use (the cpu
 * fallback has every kernel). The backend has started already, so each kernel's setup (which
 * binds its WASM function) is run here, as tfjs runs it for kernels registered before start.
 */
export function registerGradientKernels(): void {
  if (registered || getBackend() !== 'wasm') return;
  registered = true;
  for (const config of WASM_GRADIENT_KERNELS) {
    // Ours replaces the package's MaxPoolGrad (see max-pool-grad.ts); the others are added once.
    if (getKernel(config.kernelName, 'wasm')) {
      if (config !== jsMaxPoolGradConfig) continue;
      unregisterKernel(config.kernelName, 'wasm');
    }
    registerKernel(config);
    config.setupFunc?.(backend());
  }
}
