/**
 * TensorFlow.js layers models given as files (model.json + weight shards): matching the
 * manifest's shard paths to the files, and decoding the shards into per-layer weights so the
 * converter can re-split them one file per layer. Old converter output (no `format` field,
 * shards without `.bin`) is read the same. Pure; no node: imports.
 */
import { ModelFormatError } from './errors';
import { decodeEntry, type ManifestEntry } from './weight-decode';
import { isObject, normalizeKerasConfig, type JsonObject } from './keras-config';
import { modelConfigOf } from './keras-config';
import type { KerasLayerWeights, KerasModel } from './keras-h5';
import { concatBytes } from './bytes';

/** A file given by the user: its name (no folders needed) and whole content. */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}


interface ManifestGroup {
  paths: string[];
  weights: ManifestEntry[];
}

/** True for parsed JSON with `modelTopology` and a `weightsManifest` list. */
export function isTfjsModelJson(json: unknown): json is JsonObject & { modelTopology: JsonObject; weightsManifest: ManifestGroup[] } {
  return isObject(json) && isObject(json.modelTopology) && Array.isArray(json.weightsManifest);
}

/** The last path segment of a manifest path or file name, URL-decoded. */
export function baseName(path: string): string {
  const last = path.split(/[?#]/)[0].split('/').pop() ?? path;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/**
 * Each manifest path -> the bytes of the file with that base name, with or without `.bin`.
 * Throws ModelFormatError naming the missing files and the files that were given.
 */
export function matchShards(json: { weightsManifest: ManifestGroup[] }, files: NamedBytes[], jsonName: string): Map<string, Uint8Array> {
  checkManifestLayout(json.weightsManifest, jsonName);
  const byName = new Map(files.map((file) => [baseName(file.name), file.bytes]));
  const shards = new Map<string, Uint8Array>();
  const missing: string[] = [];
  for (const path of json.weightsManifest.flatMap((group) => group.paths)) {
    const name = baseName(path);
    const bytes = byName.get(name) ?? byName.get(name.endsWith('.bin') ? name.slice(0, -4) : `${name}.bin`);
    if (bytes) shards.set(name, bytes);
    else missing.push(name);
  }
  if (missing.length > 0) {
    throw new ModelFormatError(
      `${jsonName} names weight file${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, not among the files given ` +
        `(${files.map((f) => f.name).join(', ')}): give model.json together with all its weight files`,
      'model-missing-file',
    );
  }
  checkShards(json.weightsManifest, shards, jsonName);
  return shards;
}

/** Groups of string paths and named weights: anything else is a damaged manifest. */
export function checkManifestLayout(manifest: unknown[], jsonName: string): void {
  const bad = (what: string) => new ModelFormatError(`${jsonName}: the weights manifest is damaged (${what})`, 'weights-manifest');
  manifest.forEach((group, i) => {
    if (!isObject(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) throw bad(`group ${i} has no list of paths and weights`);
    if (group.paths.some((path) => typeof path !== 'string' || path === '')) throw bad(`group ${i} has a path that is not a file name`);
    if (group.weights.some((entry) => !isObject(entry) || typeof entry.name !== 'string' || typeof entry.dtype !== 'string')) throw bad(`group ${i} has a weight without a name or dtype`);
  });
}

/**
 * Every path names a different file, and each group's files hold exactly the bytes its
 * weights need: checked when the files are given, before the model is used.
 */
function checkShards(manifest: ManifestGroup[], shards: Map<string, Uint8Array>, jsonName: string): void {
  const seen = new Set<string>();
  for (const group of manifest) {
    for (const entry of group.weights) {
      if (!Array.isArray(entry.shape) || entry.shape.some((d) => !Number.isInteger(d) || d < 0)) {
        throw new ModelFormatError(`${jsonName}: the weight ${String(entry.name)} has no valid shape (${JSON.stringify(entry.shape)})`, 'weights-manifest');
      }
    }
    let bytes = 0;
    for (const path of group.paths) {
      const name = baseName(path);
      if (seen.has(name)) throw new ModelFormatError(`${jsonName} names the weight file ${name} twice: each path must be a different file`, 'weights-manifest');
      seen.add(name);
      bytes += shards.get(name)!.length;
    }
    const expected = group.weights.reduce((sum, entry) => sum + entryWidth(entry) * entry.shape.reduce((a, b) => a * b, 1), 0);
    if (bytes !== expected) {
      throw new ModelFormatError(`Weight file ${group.paths.map(baseName).join(', ')} is ${bytes} bytes, expected ${expected}.`, 'weights-length');
    }
  }
}

const WIDTHS: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint16: 2, uint8: 1, bool: 1 };

function entryWidth(entry: ManifestGroup['weights'][number]): number {
  const stored = (entry as { quantization?: { dtype?: string } }).quantization?.dtype ?? entry.dtype;
  return WIDTHS[String(stored)] ?? 4;
}

/** The model of a tfjs model.json with its weights decoded to float32, grouped by layer. */
export function tfjsToKerasModel(json: { modelTopology: JsonObject; weightsManifest: ManifestGroup[] }, shards: Map<string, Uint8Array>, jsonName: string): KerasModel {
  const layers = new Map<string, KerasLayerWeights>();
  for (const group of json.weightsManifest) {
    const bytes = concatBytes(group.paths.map((path) => shards.get(baseName(path))!));
    let offset = 0;
    for (const entry of group.weights) {
      const { data, size } = decodeEntry(entry, bytes, offset, jsonName);
      offset += size;
      const layerName = entry.name.includes('/') ? entry.name.slice(0, entry.name.lastIndexOf('/')) : entry.name;
      if (!layers.has(layerName)) layers.set(layerName, { layerName, weights: [] });
      layers.get(layerName)!.weights.push({ name: entry.name, shape: entry.shape, data });
    }
    if (offset !== bytes.length) {
      throw new ModelFormatError(`${jsonName}: weight file ${group.paths.join(', ')} is ${bytes.length} bytes, the manifest describes ${offset}`, 'weights-length');
    }
  }
  const topology = json.modelTopology;
  return {
    kerasVersion: typeof topology.keras_version === 'string' ? topology.keras_version : 'unknown',
    backend: typeof topology.backend === 'string' ? topology.backend : 'tensorflow',
    modelConfig: normalizeKerasConfig(modelConfigOf(topology), jsonName),
    layers: [...layers.values()],
  };
}
