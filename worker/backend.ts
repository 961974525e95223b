/**
 * Chooses the compute backend once per worker: WASM with SIMD and threads when the page is
 * cross-origin isolated, WASM SIMD when it is not (most course sites), plain WASM without
 * SIMD, and tfjs' `cpu` backend as the last resort. The .wasm binaries sit beside the
 * worker script, so they resolve against the worker's own URL, not the page's.
 */
import * as tf from '@tensorflow/tfjs-core';
// The backend without its ~150 kernels; kernels.ts registers the ones our layers use.
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import type { BackendInfo } from './contract';
import { registerWasmKernels } from './kernels';

export interface BackendOptions {
  /** Force a backend (benchmarks and tests); default: the best available. */
  backend?: 'wasm' | 'cpu';
  /** Allow SIMD (default true). */
  simd?: boolean;
  /** Allow threads (default true; only possible when cross-origin isolated). */
  threads?: boolean;
}

let chosen: Promise<BackendInfo> | null = null;

/** Initialises the backend on first call; later calls return the same choice. */
export function initBackend(options: BackendOptions = {}): Promise<BackendInfo> {
  chosen ??= choose(options);
  return chosen;
}

async function choose(options: BackendOptions): Promise<BackendInfo> {
  if (options.backend !== 'cpu') {
    const wasm = await tryWasm(options);
    if (wasm) return wasm;
  }
  // Loaded only when WASM is unavailable, so the usual path never downloads it.
  await import('@tensorflow/tfjs-backend-cpu');
  if (!(await tf.setBackend('cpu'))) throw new Error('Neither the WASM nor the cpu backend of TensorFlow.js could start.');
  await tf.ready();
  return { backend: 'cpu', simd: false, threads: 1, binary: null };
}

async function tryWasm(options: BackendOptions): Promise<BackendInfo | null> {
  const env = tf.env();
  const simd = options.simd !== false && (await env.getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  // SharedArrayBuffer (and so threads) exists only on cross-origin isolated pages.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const threads =
    simd && isolated && options.threads !== false && (await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  env.set('WASM_HAS_SIMD_SUPPORT', simd);
  env.set('WASM_HAS_MULTITHREAD_SUPPORT', threads);
  // A worker started from a blob: bootstrap (cross-origin script, sandboxed page) is told its real URL.
  const workerUrl = (globalThis as { CONVLENS_WORKER_URL?: string }).CONVLENS_WORKER_URL ?? self.location.href;
  setWasmPaths(new URL('./', workerUrl).href);
  registerWasmKernels();
  // setBackend resolves false (and stays on cpu) when a .wasm file is missing: check it.
  const ok = await tf.setBackend('wasm').catch(() => false);
  if (!ok) return null;
  await tf.ready();
  const binary = threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  return { backend: 'wasm', simd, threads: getThreadsCount(), binary };
}
