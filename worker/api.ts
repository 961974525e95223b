/**
 * The worker's whole contract with the page. The page imports only the type:
 * `import type { WorkerApi } from '../worker/api'` and `wrap<WorkerApi>(worker)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import type {
  BackendInfo, ExplainOptions, ExplainResult, ImageSource, ModelMetadata, ModelSummary, Progress, RunCallbacks, RunOptions, RunResult,
} from './contract';
import { initBackend, type BackendOptions } from './backend';
import { MAX_MODEL_BYTES, type LoadedModel } from './engine/load-model';
import { claim, detach, modelAt, modelOfFiles, type LoadFilesOptions } from './model-registry';
import type { NamedBytes } from './files/load';
import { summarize } from './engine/summary';
import { execute, prefetchFirstWeights } from './engine/execute';
import { decodeImage } from './image/decode';
import { toModelInput } from './image/resize';
import { releaseInput, sizedInput } from './image/shared-input';
import { releaseProxy, transfer } from 'comlink';
import { ConvlensError, abortError } from './errors';
import type { LayerWeights } from './layer-weights';
import { pacedBy } from './progress-pace';

/** Given files larger than this together are refused unread (a .h5 may hold optimizer state too). */
const MAX_FILES_BYTES = 3 * MAX_MODEL_BYTES;

/** The newest run id per channel; an older run sees a different id and stops. */
const newestRun = new Map<string, number>();
let runCounter = 0;

/** Chooses the backend (once) and reports it. */
async function init(options?: BackendOptions): Promise<BackendInfo> {
  return initBackend(options);
}

/**
 * Loads model.json at an absolute URL (once per URL; weights come later, per layer). With a
 * `channel` (one per widget), the model becomes that channel's model once it has loaded, and
 * the channel's previous model is let go when no other channel uses it.
 */
async function load(url: string, onProgress?: (progress: Progress) => void, channel?: string): Promise<ModelSummary> {
  const loaded = await getModel(url, onProgress);
  claim(channel, url);
  return summarize(loaded);
}

/** The Keras-style summary of a model loaded (or loadable) from `url`. */
async function summary(url: string): Promise<ModelSummary> {
  return summarize(await getModel(url));
}

function getModel(url: string, onProgress?: (progress: Progress) => void): Promise<LoadedModel> {
  return modelAt(url, notify, onProgress);
}

/**
 * Loads a model from files the user dropped or picked: a Keras .h5 (2 or 3) or .keras, a
 * weights .h5 with its topology .json, or a tfjs model.json with its weight files. The kind
 * comes from the content, not the name. Resolves with `key`, a synthetic URL
 * (`convlens-file://<sha8>/<name>`) to pass to `run`, `load` and `summary` like a model URL,
 * and the summary (`summary.metadata.known` is false when the file has no convlens metadata).
 * Rejects with a ConvlensError saying what was found and what is supported; models loaded
 * before stay usable. Giving the same files again returns the same key without reloading.
 * An ONNX graph with a dynamic input size is refused with code 'model-input-size' until
 * `options.inputSize` gives [height, width].
 */
async function loadFiles(
  files: (Blob & { name: string })[] | NamedBytes[],
  onProgress?: (progress: Progress) => void,
  channel?: string,
  options: LoadFilesOptions = {},
): Promise<{ key: string; summary: ModelSummary }> {
  const total = [...files].reduce((sum, file) => sum + (file instanceof Blob ? file.size : file.bytes.length), 0);
  if (total > MAX_FILES_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new ConvlensError('model-too-large', `The files are ${mb(total)}; convlens loads at most ${mb(MAX_FILES_BYTES)} of model files (${mb(MAX_MODEL_BYTES)} of weights), so nothing was read.`);
  }
  notify(() => onProgress?.({ phase: 'model', loaded: 0, total: 1 }));
  const entries = await Promise.all([...files].map(toNamedBytes));
  const { filesHash } = await import('./files/load');
  // The same ONNX file at another input size is another model (with its own key).
  const hash = (await filesHash(entries)) + (options.inputSize ? `-${options.inputSize.join('x')}` : '');
  const loaded = await getModel(await modelOfFiles(hash, entries, options));
  claim(channel, loaded.url);
  return { key: loaded.url, summary: summarize(loaded) };
}

async function toNamedBytes(file: (Blob & { name: string }) | NamedBytes): Promise<NamedBytes> {
  if (file instanceof Blob) return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
  return { name: file.name, bytes: file.bytes };
}

/**
 * Sets the pixel scale and/or class names of a loaded model (the user's answer when
 * `metadata.known` was false); later runs use them. Resolves with the updated summary.
 */
async function setMetadata(
  url: string,
  metadata: Partial<Pick<ModelMetadata, 'classNames' | 'pixelScale'>> & { mean?: number[] | null; std?: number[] | null },
): Promise<ModelSummary> {
  const loaded = await getModel(url);
  const { classNames, pixelScale } = metadata;
  const normalization = checkNormalization(metadata, loaded.inputShape[2]);
  if (pixelScale !== undefined && !(pixelScale > 0 && Number.isFinite(pixelScale))) {
    throw new ConvlensError('metadata-invalid', `The pixel scale must be a positive number (1 for 0–255, 1/255 for 0–1), not ${pixelScale}.`);
  }
  const classes = loaded.graph.nodes.find((node) => node.name === loaded.graph.output)!.outputShape!.at(-1);
  if (classNames && classNames.length !== classes) {
    throw new ConvlensError('metadata-invalid', `The model has ${classes} classes; ${classNames.length} class names were given.`);
  }
  loaded.metadata = {
    ...loaded.metadata,
    ...(classNames !== undefined ? { classNames: classNames === null ? null : classNames.map(String) } : {}),
    ...(pixelScale !== undefined ? { pixelScale } : {}),
    ...normalization,
    known: true,
  };
  return summarize(loaded);
}

/** mean/std as given (null clears them), each one finite value per channel, std positive. */
function checkNormalization(metadata: { mean?: number[] | null; std?: number[] | null }, channels: number): Pick<ModelMetadata, 'mean' | 'std'> {
  const result: Pick<ModelMetadata, 'mean' | 'std'> = {};
  for (const key of ['mean', 'std'] as const) {
    const values = metadata[key];
    if (values === undefined) continue;
    const ok = values === null || (Array.isArray(values) && values.length === channels && values.every((v) => Number.isFinite(v) && (key === 'mean' || v > 0)));
    if (!ok) throw new ConvlensError('metadata-invalid', `The ${key} must be ${channels} numbers (one per channel; std positive), not ${JSON.stringify(values)}.`);
    result[key] = values ?? undefined;
  }
  return result;
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
  // Results travel on the callbacks' own port; the answer must not overtake them.
  const delivered: Promise<unknown>[] = [];
  const deliver = (call: () => unknown) => {
    const delivery = notify(call);
    delivered.push(delivery);
    return delivery;
  };
  try {
    const started = performance.now();
    const loaded = await getModel(url, callbacks.onProgress);
    claim(options.channel, url);
    const summary = summarize(loaded);
    const layers = options.layers ?? summary.defaultLayers;
    const probabilities = options.probabilities ?? true;
    prefetchFirstWeights(loaded, layers, probabilities);
    const input = await prepareInput(loaded, image, { channel, imageKey: options.imageKey }, deliver, callbacks, isCancelled);
    const prediction = await execute(loaded, input, {
      layers,
      probabilities,
      rowIndex: new Map(summary.rows.map((row, index) => [row.name, index])),
      isCancelled,
      // Each layer waits until the page has taken the previous one: a busy page is not
      // flooded, and no weight file but the first layer's is fetched before it is on the page.
      onLayer: (result) => deliver(() => callbacks.onLayer?.(transfer(result, [result.data.buffer, result.stats.min.buffer, result.stats.max.buffer, result.stats.zeros.buffer]))),
      onProgress: pacedBy((layer, loadedBytes, total) =>
        notify(() => callbacks.onProgress?.({ phase: 'weights', layer, loaded: loadedBytes, total }))),
    });
    await Promise.all(delivered);
    return { ms: performance.now() - started, prediction, warnings: [...loaded.weights.warnings] };
  } catch (error) {
    // The channel moved to another model while this run used the old one: superseded, not failed.
    if ((error as ConvlensError | null)?.code === 'model-released') throw abortError();
    throw error;
  } finally {
    void Promise.all(delivered).then(() => releaseCallbacks(callbacks));
  }
}

/** Stops the unfinished run on `channel` (a widget that was removed), between two layers. */
function cancel(channel = 'default'): void {
  newestRun.set(channel, ++runCounter);
}

/** A removed widget: stops its run and lets its model go unless another widget uses it. */
function release(channel: string): void {
  cancel(channel);
  detach(channel);
  releaseInput(channel);
}

/** Closes the MessagePort of a Comlink-proxied callbacks object once a run is over. */
function releaseCallbacks(callbacks: RunCallbacks): void {
  const release = (callbacks as { [releaseProxy]?: () => void })[releaseProxy];
  if (typeof release === 'function') release.call(callbacks);
}

async function prepareInput(
  loaded: LoadedModel, image: ImageSource, { channel, imageKey }: { channel: string; imageKey?: string },
  deliver: (call: () => unknown) => Promise<unknown>, callbacks: RunCallbacks, isCancelled: () => boolean,
): Promise<Float32Array> {
  const [height, width, channels] = loaded.inputShape;
  let sized;
  try {
    sized = await sizedInput(channel, imageKey, width, height, () => decodeImage(image, imageName(image)));
  } finally {
    // A bitmap is ours to close, read or not (its pixels may have been in already); closing twice does nothing.
    if (image instanceof ImageBitmap) image.close();
  }
  if (isCancelled()) throw abortError();
  const { rgba, sourceWidth, sourceHeight } = sized;
  const input = toModelInput(rgba, channels as 1 | 3, loaded.metadata.pixelScale, loaded.metadata);
  const preview = { width, height, sourceWidth, sourceHeight, rgba };
  deliver(() => callbacks.onInput?.(transfer(preview, [rgba.buffer])));
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
function notify(call: () => unknown): Promise<unknown> {
  return Promise.resolve()
    .then(call)
    .catch(() => undefined);
}

/**
 * Grad-CAM of `image` on the model at `url`: which cells of a layer's maps carry the evidence
 * for a class (default: the top class, on the last layer with maps). Computed in the worker
 * with tfjs' gradients, loaded on first use. Resolves with the raw map (not upsampled).
 */
async function explain(url: string, image: ImageSource, options: ExplainOptions = {}): Promise<ExplainResult> {
  const loaded = await getModel(url);
  const names = loaded.metadata.classNames;
  let classIndex = options.classIndex;
  if (options.className !== undefined) {
    classIndex = names?.findIndex((name) => name.toLowerCase() === options.className!.toLowerCase()) ?? -1;
    if (classIndex < 0) throw new ConvlensError('explain-class', `The model has no class named ${options.className}${names ? ` (its classes: ${names.join(', ')})` : ''}.`);
  }
  const input = await prepareInput(loaded, image, { channel: options.channel ?? 'default', imageKey: options.imageKey }, () => Promise.resolve(), {}, () => false);
  const { gradCam } = await import('./engine/grad-cam');
  const cam = await gradCam(loaded, input, { classIndex, layer: options.layer });
  const result: ExplainResult = { ...cam, className: names?.[cam.classIndex] ?? String(cam.classIndex) };
  return transfer(result, [result.map.buffer, result.alpha.buffer, result.logits.buffer]);
}

/**
 * The kernel of `layer` (its weight file is fetched if no run needed it yet), channels-last
 * `[kh, kw, cin, cout]`, its values transferred: the first layer's filters, a filter's weights.
 */
async function weights(url: string, layer: string): Promise<LayerWeights> {
  const { layerWeights } = await import('./layer-weights');
  const result = await layerWeights(await getModel(url), layer);
  return transfer(result, [result.data.buffer]);
}

/** Tensor bookkeeping, for leak tests. */
function memory(): { numTensors: number; numBytes: number } {
  // A fresh worker whose backend has not started (or is starting) holds nothing; tf.memory() would throw.
  const engine = tf.engine() as unknown as { backendName: string | null; pendingBackendInit: unknown };
  if (!engine.backendName || engine.pendingBackendInit != null) return { numTensors: 0, numBytes: 0 };
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

export const api = { init, load, summary, loadFiles, setMetadata, run, explain, weights, cancel, release, memory };
export type WorkerApi = typeof api;
