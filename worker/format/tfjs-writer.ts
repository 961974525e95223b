/**
 * Turns a read Keras model into the TensorFlow.js layers format: a model.json object plus
 * one weight file per layer, so the browser can fetch weights lazily, layer by layer.
 * Pure and environment-agnostic (hashing goes through WebCrypto).
 */
import { version as CONVLENS_VERSION } from '../../package.json';
import type { ModelMetadata } from '../contract';
import { toFloat16Bytes } from './float16';
import { sanitizeModelConfig } from './keras-config';
import type { JsonObject, KerasLayerWeights, KerasModel } from './keras-h5';
import { sha256Hex } from './sha256';
import { concatBytes } from './bytes';

/** One tensor of a weight group, as tfjs-core's `io.WeightsManifestEntry`. */
export interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
  /** Present for float16 storage; the values decode back to float32. */
  quantization?: { dtype: 'float16'; original_dtype: 'float32' };
}

/** One weight group: here always one layer's weights in one file. */
export interface WeightGroup {
  paths: [string];
  weights: WeightEntry[];
}

/** The model.json of the tfjs layers format, with convlens metadata. */
export interface TfjsModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string;
  modelTopology: { keras_version: string; backend: string; model_config: JsonObject };
  weightsManifest: WeightGroup[];
  userDefinedMetadata: { convlens: ModelMetadata };
}

export interface WriteOptions {
  /** Store weights as IEEE half floats (half the bytes, about 3 significant digits). */
  float16?: boolean;
}

/** model.json and the weight files it names (file name -> bytes). */
export interface TfjsArtifacts {
  modelJson: TfjsModelJson;
  files: Map<string, Uint8Array>;
}

/**
 * Builds model.json and one `<layer>.<8 hex of sha256>.bin` per layer with weights, in the
 * reader's layer order and each layer's Keras weight order. float32 weights are stored
 * little-endian byte for byte; with `float16` they are rounded to half (ties to even).
 */
export async function toTfjsLayersModel(
  read: KerasModel,
  metadata: ModelMetadata,
  options: WriteOptions = {},
): Promise<TfjsArtifacts> {
  const files = new Map<string, Uint8Array>();
  const weightsManifest: WeightGroup[] = [];
  for (const layer of read.layers) {
    const bytes = layerBytes(layer, options.float16 === true);
    const path = `${safeFileName(layer.layerName)}.${(await sha256Hex(bytes)).slice(0, 8)}.bin`;
    files.set(path, bytes);
    weightsManifest.push({ paths: [path], weights: layer.weights.map((w) => entry(w.name, w.shape, options)) });
  }
  const modelJson: TfjsModelJson = {
    format: 'layers-model',
    generatedBy: `keras v${read.kerasVersion}`,
    convertedBy: `convlens ${CONVLENS_VERSION}`,
    modelTopology: {
      keras_version: read.kerasVersion,
      backend: read.backend,
      model_config: sanitizeModelConfig(read.modelConfig),
    },
    weightsManifest,
    userDefinedMetadata: { convlens: metadata },
  };
  return { modelJson, files };
}

/**
 * model.json text: indented for review, but arrays without nested arrays or objects (shapes,
 * paths, class names) on one line. JSON strings hold no raw newlines, so only layout changes.
 */
export function stringifyModelJson(modelJson: object): string {
  const text = JSON.stringify(modelJson, null, 2);
  return `${text.replace(/\[[^[\]{}]*\]/g, (array) => array.replace(/\s*\n\s*/g, ' ').replace(/\[ /, '[').replace(/ \]$/, ']'))}\n`;
}

function entry(name: string, shape: number[], options: WriteOptions): WeightEntry {
  const result: WeightEntry = { name, shape, dtype: 'float32' };
  // The same fields tfjs-converter writes for --quantize_float16.
  if (options.float16) result.quantization = { dtype: 'float16', original_dtype: 'float32' };
  return result;
}

/** All weights of a layer, concatenated in order. */
function layerBytes(layer: KerasLayerWeights, float16: boolean): Uint8Array {
  return concatBytes(layer.weights.map((w) => (float16 ? toFloat16Bytes(w.data) : float32Bytes(w.data))));
}

/** The raw bytes of a Float32Array; tfjs reads them back with a Float32Array too (host order, little-endian everywhere it runs). */
function float32Bytes(data: Float32Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Layer names become file names and URL paths: keep them to a safe alphabet. */
function safeFileName(layerName: string): string {
  return layerName.replace(/[^A-Za-z0-9_.-]/g, '_');
}

/** Kept here too: the converter's tests and older callers import it from the writer. */
export { sanitizeModelConfig };
