/**
 * The worker's whole contract with the page. The page imports only the type:
 * `import type { WorkerApi } from '../worker/api'` and `wrap<WorkerApi>(worker)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  BackendInfo, ImageSource, ModelSummary, Progress, RunCallbacks, RunOptions, RunResult,
} from './contract';
import { initBackend, type BackendOptions } from './backend';
import { loadModel, type LoadedModel } from './engine/load-model';
import { summarize } from './engine/summary';
import { execute } from './engine/execute';
import { decodeImage } from './image/decode';
import { resizeNearest, toModelInput } from './image/resize';
import { transfer } from 'comlink';
import { abortError } from './errors';

const models = new Map<string, Promise<LoadedModel>>();
/** The newest run id per channel; an older run sees a different id and stops. */
const newestRun = new Map<string, number>();
let runCounter = 0;

/** Chooses the backend (once) and reports it. */
async function init(options?: BackendOptions): Promise<BackendInfo> {
  return initBackend(options);
}

/** Loads model.json at an absolute URL (once per URL; weights come later, per layer). */
async function load(url: string, onProgress?: (progress: Progress) => void): Promise<ModelSummary> {
  return summarize(await getModel(url, onProgress));
}

/** The Keras-style summary of a model loaded (or loadable) from `url`. */
async function summary(url: string): Promise<ModelSummary> {
  return summarize(await getModel(url));
}

function getModel(url: string, onProgress?: (progress: Progress) => void): Promise<LoadedModel> {
  let model = models.get(url);
  if (!model) {
    model = initBackend().then(() => {
      notify(() => onProgress?.({ phase: 'model', loaded: 0, total: 1 }));
      return loadModel(url, (u) => fetch(u));
    });
    model.catch(() => models.delete(url));
    models.set(url, model);
  }
  return model;
}

/**
 * Computes the chosen layers for one image, streaming each layer through
 * `callbacks.onLayer` (its data transferred) and resolving with the prediction.
 * A newer run on the same channel makes this one reject with an AbortError.
 */
async function run(url: string, image: ImageSource, options: RunOptions = {}, callbacks: RunCallbacks = {}): Promise<RunResult> {
  const channel = options.channel ?? 'default';
  const id = ++runCounter;
  newestRun.set(channel, id);
  const isCancelled = () => newestRun.get(channel) !== id;
  const started = performance.now();
  const loaded = await getModel(url, callbacks.onProgress);
  const summary = summarize(loaded);
  const input = await prepareInput(loaded, image, callbacks, isCancelled);
  const rowIndex = new Map(summary.rows.map((row, index) => [row.name, index]));
  const prediction = await execute(loaded, input, {
    layers: options.layers ?? summary.defaultLayers,
    probabilities: options.probabilities ?? true,
    rowIndex,
    isCancelled,
    onLayer: (result) => notify(() => callbacks.onLayer?.(transfer(result, [result.data.buffer]))),
    onProgress: (layer, loadedBytes, total) =>
      notify(() => callbacks.onProgress?.({ phase: 'weights', layer, loaded: loadedBytes, total })),
  });
  return { ms: performance.now() - started, prediction, warnings: [...loaded.weights.warnings] };
}

async function prepareInput(
  loaded: LoadedModel, image: ImageSource, callbacks: RunCallbacks, isCancelled: () => boolean,
): Promise<Float32Array> {
  const decoded = await decodeImage(image, imageName(image));
  if (isCancelled()) throw abortError();
  const [height, width, channels] = loaded.inputShape;
  const rgba = resizeNearest(decoded.rgba, decoded.width, decoded.height, width, height);
  const input = toModelInput(rgba, channels as 1 | 3, loaded.metadata.pixelScale);
  const preview = { width, height, sourceWidth: decoded.width, sourceHeight: decoded.height, rgba };
  notify(() => callbacks.onInput?.(transfer(preview, [rgba.buffer])));
  return input;
}

/** The name a student recognises in messages: the file's name, or the URL's last segment. */
function imageName(image: ImageSource): string {
  if (image instanceof File) return image.name;
  if (typeof image === 'string') return decodeURIComponent(image.split(/[?#]/)[0].split('/').pop() || image);
  return 'image';
}

/**
 * Calls a page callback without waiting for it. Through Comlink every callback property
 * exists (a proxy), even one the page did not give, so a missing one rejects: ignore it,
 * a page that does not listen simply does not hear.
 */
function notify(call: () => unknown): void {
  Promise.resolve()
    .then(call)
    .catch(() => undefined);
}

/** Tensor bookkeeping, for leak tests. */
function memory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

export const api = { init, load, summary, run, memory };
export type WorkerApi = typeof api;
