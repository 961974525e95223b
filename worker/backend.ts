/**
 * Chooses the compute backend once per worker: WASM with SIMD and threads when the page is
 * cross-origin isolated and tfjs would really run more than one thread, WASM SIMD otherwise
 * (most course sites, and every 2- or 3-core device), plain WASM without SIMD, and tfjs'
 * `cpu` backend as the last resort. The .wasm binaries sit beside the worker script, so they
 * resolve against the worker's own URL, not the page's. The binary's bytes are counted as
 * they arrive, for the page's progress bar.
 */
import * as tf from '@tensorflow/tfjs-core';
// The backend without its ~150 kernels; kernels.ts registers the ones our layers use.
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import type { BackendInfo } from './contract';
import { registerWasmKernels } from './kernels';
// @ts-expect-error plain JavaScript module without types (see the file)
import { loadThreadedGlue } from './wasm-threaded-glue.js';

/** Fetches tfjs' threaded-SIMD glue (a chunk of its own): only pages that run threads need it. */
const loadThreaded = loadThreadedGlue as () => Promise<void>;

export interface BackendOptions {
  /** Force a backend (benchmarks and tests); default: the best available. */
  backend?: 'wasm' | 'cpu';
  /** Allow SIMD (default true). */
  simd?: boolean;
  /** Allow threads (default true; only possible when cross-origin isolated). */
  threads?: boolean;
  /** Take the threaded binary even when tfjs would run one thread (tests of that path on small machines). */
  forceThreads?: boolean;
}

/** Bytes of the WASM binary so far and in all (0 when the server does not say). */
export type WasmBytes = (loaded: number, total: number) => void;

let chosen: Promise<BackendInfo> | null = null;
const byteListeners = new Set<WasmBytes>();

/**
 * Initialises the backend on first call; later calls return the same choice. `onBytes`
 * hears the binary's download while it is still going on.
 */
export function initBackend(options: BackendOptions = {}, onBytes?: WasmBytes): Promise<BackendInfo> {
  if (onBytes) byteListeners.add(onBytes);
  chosen ??= choose(options).finally(() => byteListeners.clear());
  return chosen;
}

/**
 * The number of threads tfjs' WASM backend starts: half the logical cores, at least one
 * (its C++ side reads navigator.hardwareConcurrency). With one, the threaded binary only
 * costs: a larger download and compile, and a pthread pool (~1.4 s at 1/4 core, measured).
 */
export function wasmThreadsWanted(cores = (globalThis.navigator as { hardwareConcurrency?: number } | undefined)?.hardwareConcurrency ?? 1): number {
  return Math.max(1, Math.floor(cores / 2));
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
    simd && isolated && options.threads !== false && (wasmThreadsWanted() > 1 || options.forceThreads === true) && (await env.getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  env.set('WASM_HAS_SIMD_SUPPORT', simd);
  env.set('WASM_HAS_MULTITHREAD_SUPPORT', threads);
  // A worker started from a blob: bootstrap (cross-origin script, sandboxed page) is told its real URL.
  const workerUrl = (globalThis as { CONVLENS_WORKER_URL?: string }).CONVLENS_WORKER_URL ?? self.location.href;
  setWasmPaths(new URL('./', workerUrl).href);
  registerWasmKernels();
  if (threads) await loadThreaded();
  // setBackend resolves false (and stays on cpu) when a .wasm file is missing: check it.
  const restore = countWasmBytes();
  const ok = await tf.setBackend('wasm').catch(() => false).finally(restore);
  if (!ok) return null;
  await tf.ready();
  const binary = threads ? 'tfjs-backend-wasm-threaded-simd.wasm' : simd ? 'tfjs-backend-wasm-simd.wasm' : 'tfjs-backend-wasm.wasm';
  return { backend: 'wasm', simd, threads: getThreadsCount(), binary };
}

/**
 * Wraps the worker's fetch while the backend starts, so the .wasm download is counted as
 * it streams; the response stays a streaming application/wasm one, so the browser still
 * compiles while it downloads. Returns the function that puts fetch back.
 */
function countWasmBytes(): () => void {
  const scope = globalThis as { fetch: typeof fetch };
  const original = scope.fetch;
  if (typeof original !== 'function' || typeof TransformStream === 'undefined') return () => undefined;
  scope.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await original(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.split(/[?#]/)[0].endsWith('.wasm') || !response.body || byteListeners.size === 0) return response;
    // A compressed response's Content-Length counts other bytes than the stream gives.
    const total = response.headers.get('content-encoding') ? 0 : Number(response.headers.get('content-length')) || 0;
    let loaded = 0;
    const counted = response.body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        loaded += chunk.byteLength;
        for (const listener of byteListeners) listener(loaded, total);
        controller.enqueue(chunk);
      },
    }));
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
  return () => {
    scope.fetch = original;
  };
}
