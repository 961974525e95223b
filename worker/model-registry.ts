/**
 * The models a worker holds: one loaded model per URL (a file model's synthetic URL
 * included), shared by the widgets (channels) that use it, and let go — weights disposed,
 * caches dropped — when the last channel using it moves to another model or detaches.
 * A model only becomes a channel's model once it has loaded and passed every check.
 */
import type { Progress } from './contract';
import { initBackend } from './backend';
import type { LoadedModel } from './engine/load-model';
import type { NamedBytes } from './files/load';
import { loadModelUrl } from './files/url';
import { ConvlensError } from './errors';
import { paced } from './progress-pace';

/** Synthetic URLs of models given as files: `convlens-file://<sha8>/<name>`. */
export const FILE_SCHEME = 'convlens-file:';

const models = new Map<string, Promise<LoadedModel>>();
/** Content hash of given files -> their model's key, so the same files load once. */
const fileKeys = new Map<string, Promise<string>>();
/** The model each channel (widget) uses, and the channels using each model. */
const channelModel = new Map<string, string>();
const users = new Map<string, Set<string>>();

type Notify = (call: () => unknown) => Promise<unknown>;

/** The loaded model at `url`, loading it once; file models must have been given first. */
export function modelAt(url: string, notify: Notify, onProgress?: (progress: Progress) => void): Promise<LoadedModel> {
  let model = models.get(url);
  if (!model && url.startsWith(FILE_SCHEME)) {
    return Promise.reject(new ConvlensError('model-file-gone', `${url} is not loaded in this worker (any more): give the model file again.`));
  }
  if (!model) {
    // model.json downloads and becomes a graph while the WASM binary downloads and compiles:
    // building the graph needs no backend (no tensor exists before the first layer runs).
    const backend = initBackend({}, paced((loaded, total) => notify(() => onProgress?.({ phase: 'backend', loaded, total }))));
    const graph = loadModelUrl(url, (u) => fetch(u));
    graph.catch(() => undefined);
    model = backend.then(() => {
      notify(() => onProgress?.({ phase: 'model', loaded: 0, total: 1 }));
      return graph;
    });
    model.catch(() => models.delete(url));
    models.set(url, model);
  }
  return model;
}

export interface LoadFilesOptions {
  /** [height, width] for an ONNX model whose input size is dynamic. */
  inputSize?: [number, number];
}

/** The key of the model the files hold (hash `hash`), building and checking it once. */
export function modelOfFiles(hash: string, entries: NamedBytes[], options: LoadFilesOptions = {}): Promise<string> {
  let key = fileKeys.get(hash);
  if (!key) {
    key = registerFiles(hash, entries, options);
    key.catch(() => fileKeys.delete(hash));
    fileKeys.set(hash, key);
  }
  return key;
}

async function registerFiles(hash: string, entries: NamedBytes[], options: LoadFilesOptions): Promise<string> {
  await initBackend();
  const { loadModelFiles, buildFromFiles } = await import('./files/load');
  const files = await loadModelFiles(entries, options);
  // An ONNX graph read at a given input size: its own key, `convlens-file://<sha8>-<h>x<w>/<name>`.
  const size = options.inputSize ? `-${options.inputSize.join('x')}` : '';
  const key = `${FILE_SCHEME}//${hash.slice(0, 8)}${size}/${encodeURIComponent(files.name)}`;
  const model = buildFromFiles(key, files);
  model.catch(() => models.delete(key));
  models.set(key, model);
  await model;
  return key;
}

/** `channel` now uses the model at `url` (which has loaded); the model it used before is let go if no one else uses it. */
export function claim(channel: string | undefined, url: string): void {
  if (channel === undefined) return;
  const previous = channelModel.get(channel);
  if (previous === url) return;
  channelModel.set(channel, url);
  if (!users.has(url)) users.set(url, new Set());
  users.get(url)!.add(channel);
  if (previous !== undefined) leave(channel, previous);
}

/** `channel` (a removed widget) uses no model any more. */
export function detach(channel: string): void {
  const previous = channelModel.get(channel);
  channelModel.delete(channel);
  if (previous !== undefined) leave(channel, previous);
}

function leave(channel: string, url: string): void {
  const using = users.get(url);
  using?.delete(channel);
  if (using && using.size > 0) return;
  users.delete(url);
  const model = models.get(url);
  models.delete(url);
  for (const [hash, key] of fileKeys) key.then((k) => k === url && fileKeys.get(hash) === key && fileKeys.delete(hash), () => undefined);
  model?.then((loaded) => loaded.weights.dispose(), () => undefined);
}
