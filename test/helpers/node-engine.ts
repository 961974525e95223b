/**
 * Runs the worker's engine (worker/engine/) in Node for tests: tfjs-core with the same
 * WASM kernels the browser uses, and file:// URLs fetched from disk.
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadModel, type LoadedModel } from '../../worker/engine/load-model';

const WASM_DIR = new URL('../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url);
export const ROOT = new URL('../../', import.meta.url);
export const DEFAULT_MODEL_URL = new URL('models/cifar10/model.json', ROOT).href;

/** Reads file:// URLs from disk; counts every URL asked for in `fetched`. */
export function fileFetch(fetched: string[] = []) {
  return async (url: string): Promise<Response> => {
    fetched.push(url);
    try {
      return new Response(await readFile(fileURLToPath(url)));
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}

let ready: Promise<void> | null = null;

/** Selects a backend once per process: 'wasm' (default, as in the browser) or 'cpu'. */
export function useBackend(name: 'wasm' | 'cpu' = 'wasm'): Promise<void> {
  ready ??= (async () => {
    // Imported here, not at the top: test/kernels.test.ts must start without the full kernel set.
    if (name === 'wasm') (await import('@tensorflow/tfjs-backend-wasm')).setWasmPaths(fileURLToPath(WASM_DIR));
    else await import('@tensorflow/tfjs-backend-cpu');
    if (!(await tf.setBackend(name))) throw new Error(`tfjs backend ${name} did not initialise`);
    await tf.ready();
  })();
  return ready;
}

/** Loads a model.json from disk through the engine's own loader. */
export async function loadFromDisk(path: string | URL, fetched?: string[]): Promise<LoadedModel> {
  const url = path instanceof URL ? path.href : pathToFileURL(path).href;
  return loadModel(url, fileFetch(fetched));
}

export { tf };
