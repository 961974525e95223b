/**
 * A model given by URL (the `model` attribute): model.json as before, or any file convlens
 * reads (.h5, .keras, .onnx), recognised from its content. The readers and h5wasm are imported only
 * when the content is not a tfjs model.json, so the default path loads nothing more.
 */
import { buildModel, fetchModelBytes, fileName, isGraphFormat, parseModelJson, type LoadedModel } from '../engine/load-model';
import type { FetchFn } from '../engine/weights';
import { sniffModelFile } from '../format/sniff';

/** Fetches `url` once and builds the model, converting Keras files in memory. */
export async function loadModelUrl(url: string, fetchFn: FetchFn): Promise<LoadedModel> {
  const bytes = await fetchModelBytes(url, fetchFn);
  const kind = sniffModelFile(bytes);
  if (kind === 'json') {
    const json = parseModelJson(bytes, url);
    if (isModelJson(json)) return buildModel(url, json, fetchFn);
  }
  const { loadModelFiles, buildFromFiles } = await import('./load');
  const files = await loadModelFiles([{ name: fileName(url), bytes }]);
  // Weight paths resolve against `url` but are served from memory by base name.
  return buildFromFiles(url, files);
}

function isModelJson(json: unknown): boolean {
  return typeof json === 'object' && json !== null && ('modelTopology' in json || isGraphFormat(json));
}
