/**
 * Model files given by the user (dropped, picked, or fetched from a `model` URL that is not
 * model.json) -> model.json content and a fetch function serving its weight files from
 * memory, ready for the engine's `buildModel`, so they run through exactly the same engine
 * as a served model; an ONNX file -> the reader's graph and a memory weight store. Keras files are converted by the converter's own code (one weight
 * group per layer, so weights still load layer by layer); tfjs shards are served as given.
 */
import type { ModelMetadata } from '../contract';
import { ConvlensError } from '../errors';
import { ModelFormatError } from '../format/errors';
import { readModelFiles, type ModelSource, type ReadOptions } from '../format/read-model';
import { sha256Hex } from '../format/sha256';
import { baseName, type NamedBytes } from '../format/tfjs-model';
import { toTfjsLayersModel } from '../format/tfjs-writer';
import type { ModelGraph } from '../engine/graph';
import { buildModel, fromGraph, type LoadedModel } from '../engine/load-model';
import { MemoryWeights, type FetchFn } from '../engine/weights';
import { withH5 } from './h5';

export type { NamedBytes } from '../format/tfjs-model';

export interface ModelFiles {
  /** model.json content for `buildModel`. */
  json: object;
  /** Serves the weight files, found by the base name of the URL asked for; 404 otherwise. */
  fetchFn: FetchFn;
  /** The main file's name: the .h5, .keras or model.json. */
  name: string;
  /** What the files were, e.g. "Keras 2.1.6 HDF5 model". */
  description: string;
}

/** Files read straight into the engine's graph (ONNX), for `fromGraph`. */
export interface GraphFiles {
  graph: ModelGraph;
  weights: MemoryWeights;
  metadata: ModelMetadata;
  name: string;
  description: string;
}

/**
 * Reads `files` and prepares them for `buildModel` (Keras, tfjs) or `fromGraph` (ONNX). The
 * result carries no convlens metadata unless a tfjs model.json had some, so the summary's
 * `metadata.known` is false and the page asks for the pixel scale and class names. Throws
 * ConvlensError with the format's code.
 */
export async function loadModelFiles(files: NamedBytes[], options: ReadOptions = {}): Promise<ModelFiles | GraphFiles> {
  let source: ModelSource;
  try {
    source = await readModelFiles(files, withH5, options);
  } catch (error) {
    throw toConvlensError(error);
  }
  const { name, description } = source;
  if (source.kind === 'graph') {
    const metadata: ModelMetadata = { classNames: null, pixelScale: 1, source: `${name} (${description})`, known: false };
    return { graph: source.graph, weights: memoryWeights(source.graph, source.weights), metadata, name, description };
  }
  if (source.kind === 'tfjs') return { json: source.json, fetchFn: serve(source.shards), name, description };
  const placeholder: ModelMetadata = { classNames: null, pixelScale: 1 };
  const { modelJson, files: weights } = await toTfjsLayersModel(source.model, placeholder);
  // Only the source: without a pixelScale the engine reports the metadata as unknown.
  const json = { ...modelJson, userDefinedMetadata: { convlens: { source: `${name} (${description})` } } };
  return { json, fetchFn: serve(weights), name, description };
}

/** Builds the loaded model for what loadModelFiles returned; `url` is its key. */
export async function buildFromFiles(url: string, files: ModelFiles | GraphFiles): Promise<LoadedModel> {
  if ('graph' in files) return fromGraph(url, files.graph, files.weights, files.metadata);
  return buildModel(url, files.json, files.fetchFn);
}

/** A memory store of a reader's weights, each with the shape its graph asks for. */
export function memoryWeights(graph: ModelGraph, weights: Map<string, Float32Array>): MemoryWeights {
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const node of graph.nodes) {
    for (const ref of Object.values(node.weights)) {
      const data = weights.get(ref.key);
      if (data) values.set(ref.key, { shape: ref.shape, data });
    }
  }
  return new MemoryWeights(values);
}

/** A short content hash of all files (names included), for cache keys. */
export async function filesHash(files: NamedBytes[]): Promise<string> {
  const parts = await Promise.all(files.map(async (file) => `${file.name}:${await sha256Hex(file.bytes)}`));
  return sha256Hex(new TextEncoder().encode(parts.sort().join('\n')));
}

function serve(files: Map<string, Uint8Array>): FetchFn {
  return async (url) => {
    const bytes = files.get(baseName(url));
    return bytes ? new Response(bytes as Uint8Array<ArrayBuffer>) : new Response('not among the given files', { status: 404 });
  };
}

/** Format errors become the worker's user-facing errors, keeping code and message. */
export function toConvlensError(error: unknown): unknown {
  if (error instanceof ModelFormatError) return new ConvlensError(error.code, error.message);
  return error;
}
