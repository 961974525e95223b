/**
 * One entry point for every model file convlens accepts, used by the worker (files dropped
 * or picked, a model URL) and by the converter CLI alike. The kind of each file comes from
 * its content (sniff.ts), never from its name. Opening HDF5 is left to the caller (`withH5`),
 * so this module stays pure and h5wasm is loaded only when an HDF5 file arrives; the ONNX
 * reader (and its protobuf library) is imported only when an ONNX file arrives.
 */
import type { ModelGraph } from '../engine/graph';
import { ModelFormatError, SUPPORTED_FORMATS } from './errors';
import type { WithH5 } from './h5-read';
import { isObject, type JsonObject } from './keras-config';
import { readKerasH5, readKerasWeightsH5, type KerasModel } from './keras-h5';
import { readKerasArchive } from './keras-archive';
import { describeContent, sniffModelFile, type ModelFileKind } from './sniff';
import { isTfjsModelJson, matchShards, type NamedBytes } from './tfjs-model';

/** What the files hold: a Keras model read into memory, or a tfjs model.json with its shards. */
export type ModelSource =
  | { kind: 'keras'; name: string; description: string; model: KerasModel }
  | { kind: 'tfjs'; name: string; description: string; json: JsonObject; shards: Map<string, Uint8Array> }
  /** A reader that produces the engine's graph directly (ONNX): weights in the engine layout. */
  | { kind: 'graph'; name: string; description: string; graph: ModelGraph; weights: Map<string, Float32Array>; dynamicInput: boolean };

export interface ReadOptions {
  /** [height, width] for an ONNX input whose spatial size is dynamic. */
  inputSize?: [number, number];
}

interface Sniffed extends NamedBytes {
  kind: ModelFileKind;
  json?: unknown;
}

/** Reads the model that `files` hold; throws ModelFormatError saying what was found and what is supported. */
export async function readModelFiles(files: NamedBytes[], withH5: WithH5, options: ReadOptions = {}): Promise<ModelSource> {
  if (files.length === 0) throw new ModelFormatError(`No file was given. ${SUPPORTED_FORMATS}.`, 'model-not-a-model');
  const sniffed = files.map(sniff);
  const of = (kind: ModelFileKind) => sniffed.filter((file) => file.kind === kind);
  const tfjs = of('json').find((file) => isTfjsModelJson(file.json));
  const topology = of('json').find((file) => isObject(file.json) && typeof file.json.class_name === 'string');
  const [archive] = of('zip');
  const [hdf5] = of('hdf5');
  const [onnx] = of('onnx');
  if (onnx) return readOnnx(onnx, files, options);
  if (archive) return readArchive(archive, withH5);
  if (tfjs) return readTfjs(tfjs, files);
  if (hdf5 && topology) return readWeightsOnly(hdf5, topology, withH5);
  if (hdf5) return readFullH5(hdf5, withH5);
  throw refusal(sniffed, topology);
}

function sniff(file: NamedBytes): Sniffed {
  const kind = sniffModelFile(file.bytes);
  if (kind !== 'json') return { ...file, kind };
  try {
    return { ...file, kind, json: JSON.parse(new TextDecoder().decode(file.bytes)) };
  } catch (error) {
    throw new ModelFormatError(`${file.name} starts like JSON but does not parse (${(error as Error).message}). ${SUPPORTED_FORMATS}.`, 'model-not-a-model');
  }
}

async function readArchive(file: Sniffed, withH5: WithH5): Promise<ModelSource> {
  const model = await readKerasArchive(file.bytes, file.name, withH5);
  return { kind: 'keras', name: file.name, description: `Keras ${model.kerasVersion} .keras archive`, model };
}

function readTfjs(file: Sniffed, files: NamedBytes[]): ModelSource {
  const json = file.json as JsonObject & { weightsManifest: { paths: string[]; weights: never[] }[] };
  const shards = matchShards(json, files, file.name);
  const by = typeof json.convertedBy === 'string' ? json.convertedBy : 'an older converter';
  return { kind: 'tfjs', name: file.name, description: `TensorFlow.js layers model (${by})`, json, shards };
}

async function readOnnx(file: Sniffed, files: NamedBytes[], options: ReadOptions): Promise<ModelSource> {
  const { readOnnxModel } = await import('./onnx/read-onnx');
  const read = readOnnxModel(file, files.filter((other) => other.name !== file.name), options);
  return { kind: 'graph', name: file.name, ...read };
}

async function readFullH5(file: Sniffed, withH5: WithH5): Promise<ModelSource> {
  const model = await withH5(file.bytes, file.name, (h5) => readKerasH5(h5, file.name));
  return { kind: 'keras', name: file.name, description: `Keras ${model.kerasVersion} HDF5 model`, model };
}

async function readWeightsOnly(weights: Sniffed, topology: Sniffed, withH5: WithH5): Promise<ModelSource> {
  const config = topology.json as JsonObject;
  const model = await withH5(weights.bytes, weights.name, (h5) => readKerasWeightsH5(h5, config, weights.name, topology.name));
  return {
    kind: 'keras',
    name: weights.name,
    description: `Keras ${model.kerasVersion} weights with topology ${topology.name}`,
    model,
  };
}

/** The message for files that hold no model convlens can read. */
function refusal(sniffed: Sniffed[], topology: Sniffed | undefined): ModelFormatError {
  if (topology) {
    return new ModelFormatError(
      `${topology.name} is a Keras model topology without weights: give the weights .h5 (model.save_weights) together with it`,
      'model-weights-missing',
    );
  }
  const json = sniffed.find((file) => file.kind === 'json');
  if (json) {
    return new ModelFormatError(
      `${json.name} is JSON but not a model (a tfjs model.json has "modelTopology" and "weightsManifest"; a Keras topology has "class_name"). ${SUPPORTED_FORMATS}.`,
      'model-not-a-model',
    );
  }
  const [first] = sniffed;
  return new ModelFormatError(`${first.name} is not a model file: it is ${describeContent(first.bytes)}. ${SUPPORTED_FORMATS}.`, 'model-not-a-model');
}
