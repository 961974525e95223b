/**
 * Model files given by the user (dropped, picked, or fetched from a `model` URL that is not
 * model.json) -> model.json content and a fetch function serving its weight files from
 * memory, ready for the engine's `buildModel`, so they run through exactly the same engine
 * as a served model. Keras files are converted by the converter's own code (one weight
 * group per layer, so weights still load layer by layer); tfjs shards are served as given.
 */
import type { ModelMetadata } from '../contract';
import { ConvlensError } from '../errors';
import { ModelFormatError } from '../format/errors';
import { readModelFiles, type ModelSource } from '../format/read-model';
import { sha256Hex } from '../format/sha256';
import { baseName, type NamedBytes } from '../format/tfjs-model';
import { toTfjsLayersModel } from '../format/tfjs-writer';
import type { FetchFn } from '../engine/weights';
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

/**
 * Reads `files` and prepares them for `buildModel`. The result carries no convlens metadata
 * unless a tfjs model.json had some, so the summary's `metadata.known` is false and the page
 * asks for the pixel scale and class names. Throws ConvlensError with the format's code.
 */
export async function loadModelFiles(files: NamedBytes[]): Promise<ModelFiles> {
  let source: ModelSource;
  try {
    source = await readModelFiles(files, withH5);
  } catch (error) {
    throw toConvlensError(error);
  }
  const { name, description } = source;
  if (source.kind === 'tfjs') return { json: source.json, fetchFn: serve(source.shards), name, description };
  const placeholder: ModelMetadata = { classNames: null, pixelScale: 1 };
  const { modelJson, files: weights } = await toTfjsLayersModel(source.model, placeholder);
  // Only the source: without a pixelScale the engine reports the metadata as unknown.
  const json = { ...modelJson, userDefinedMetadata: { convlens: { source: `${name} (${description})` } } };
  return { json, fetchFn: serve(weights), name, description };
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
