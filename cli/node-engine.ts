/**
 * The widget's engine in Node: tfjs-core on the same WASM kernels the browser uses, models
 * read from disk through the worker's own loaders (model.json, Keras .h5/.keras, and any
 * format the worker's readers know), so a file refused here is refused with the widget's
 * own message.
 */
import * as tf from '@tensorflow/tfjs-core';
// The full WASM backend (all its kernels): size does not matter in Node, every model runs.
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// tfjs' gradients, which Grad-CAM (worker/engine/grad-cam.ts) differentiates through; its
// Node entry does not register them (the worker loads them on demand). Bundled by esbuild:
// the registry they fill is tfjs-core's global one, shared with the installed tfjs-core.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConvlensError } from '../worker/errors';
import type { LoadedModel } from '../worker/engine/load-model';
import { loadModelUrl } from '../worker/files/url';

const WASM_FILE = 'tfjs-backend-wasm-simd.wasm';

/**
 * The folder holding the tfjs WASM binaries: the package's dist/ beside the bundled CLI
 * (dist/node/convlens.mjs), or node_modules when run from source.
 */
function wasmDir(): string {
  const candidates = [new URL('../', import.meta.url), new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)];
  const found = candidates.map((url) => fileURLToPath(url)).find((dir) => existsSync(dir + WASM_FILE));
  if (!found) throw new Error(`convlens: ${WASM_FILE} not found beside the CLI; reinstall the package.`);
  return found;
}

let ready: Promise<void> | null = null;

/** Starts the WASM backend once per process. */
export function startEngine(): Promise<void> {
  ready ??= (async () => {
    setWasmPaths(wasmDir());
    if (!(await tf.setBackend('wasm'))) throw new Error('the tfjs WASM backend did not start');
    await tf.ready();
  })();
  return ready;
}

/** Serves file:// URLs from disk; a missing file answers 404, as a web server would. */
async function fileFetch(url: string): Promise<Response> {
  try {
    return new Response(await readFile(fileURLToPath(url)));
  } catch {
    return new Response('not found', { status: 404 });
  }
}

/**
 * Loads the model file at `path` (a model.json with its weight files beside it, a .h5 or a
 * .keras file, …), recognised from its content. A missing file is named as such.
 */
export async function loadModelFile(path: string): Promise<LoadedModel> {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new ConvlensError('model-fetch', `Could not load ${path}: there is no such file (looked in ${dirname(absolute)}).`);
  }
  await startEngine();
  try {
    return await loadModelUrl(pathToFileURL(absolute).href, fileFetch);
  } catch (error) {
    throw withPlainPath(error, absolute);
  }
}

/** The worker names files by URL; on the command line a path reads better. */
function withPlainPath(error: unknown, absolute: string): unknown {
  if (!(error instanceof Error)) return error;
  const url = pathToFileURL(absolute).href;
  if (error.message.includes(url)) error.message = error.message.split(url).join(absolute);
  return error;
}

/** The bytes of a photo file, or the widget's message for a missing one. */
export async function readPhotoFile(path: string): Promise<{ name: string; bytes: Uint8Array }> {
  try {
    return { name: basename(path), bytes: new Uint8Array(await readFile(path)) };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (error as Error).message;
    throw new ConvlensError('image-fetch', `Could not load the image ${path}: ${reason}.`);
  }
}

export { tf };
