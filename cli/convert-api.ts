/**
 * `import { convertModel } from 'convlens/convert'`: the converter as a function, bytes in
 * and bytes out (no files touched), with the reading code the widget and `convlens convert`
 * use. For a build step that hosts a course's models:
 *
 *   const { modelJson, files } = await convertModel([{ name: 'cnn.h5', bytes }], { pixelScale: 1 / 255 });
 *   // write modelJson to model.json and each entry of `files` beside it
 */
import type { ModelMetadata } from '../worker/contract';
import { withH5 } from '../worker/files/h5';
import { readModelFiles, type ModelSource } from '../worker/format/read-model';
import { sha256Hex } from '../worker/format/sha256';
import { tfjsToKerasModel, type NamedBytes } from '../worker/format/tfjs-model';
import { stringifyModelJson, toTfjsLayersModel, type TfjsModelJson } from '../worker/format/tfjs-writer';
import { ModelFormatError } from '../worker/format/errors';

export type { NamedBytes, TfjsModelJson };
export { ModelFormatError };

export interface ConvertOptions {
  /** Store weights as half floats (half the bytes). */
  float16?: boolean;
  /** Class names, in the order of the model's outputs. */
  classNames?: string[] | null;
  /** What the model multiplies 0–255 pixels by: 1 or 1/255. Default: the given model.json's, else 1. */
  pixelScale?: number;
}

export interface Converted {
  /** model.json's content; `modelJsonText` is the same, formatted as the CLI writes it. */
  modelJson: TfjsModelJson;
  modelJsonText: string;
  /** Weight file name → bytes: one file per layer with weights, content-hashed names. */
  files: Map<string, Uint8Array>;
}

/**
 * Converts a Keras .h5 (Keras 2 or 3), a .keras archive, a weights .h5 with its topology
 * .json, or a tfjs model.json with its weight files. Rejects with a ModelFormatError
 * (`.code`, `.message`) naming what was found and what is supported.
 */
export async function convertModel(files: NamedBytes[], options: ConvertOptions = {}): Promise<Converted> {
  const source = await readModelFiles(files, withH5);
  const read = kerasModelOf(source);
  const stored = source.kind === 'tfjs' ? (source.json.userDefinedMetadata as { convlens?: Partial<ModelMetadata> } | undefined)?.convlens ?? {} : {};
  const main = files.find((file) => file.name === source.name)!;
  const metadata: ModelMetadata = {
    classNames: options.classNames ?? stored.classNames ?? null,
    pixelScale: options.pixelScale ?? stored.pixelScale ?? 1,
    source: `${source.name} sha256:${await sha256Hex(main.bytes)}`,
    convertedBy: 'convlens converter',
  };
  const { modelJson, files: weights } = await toTfjsLayersModel(read, metadata, { float16: options.float16 });
  return { modelJson, modelJsonText: stringifyModelJson(modelJson), files: weights };
}

/** The Keras-shaped model the tfjs writer takes; sources of other kinds (a graph read from ONNX) are refused by name. */
function kerasModelOf(source: ModelSource) {
  if (source.kind === 'keras') return source.model;
  if (source.kind === 'tfjs') return tfjsToKerasModel(source.json as never, source.shards, source.name);
  const { name, description } = source as { name: string; description: string };
  throw new ModelFormatError(`${name} (${description}) cannot be written as a TensorFlow.js layers model; give the widget the file itself.`, 'model-not-convertible');
}
