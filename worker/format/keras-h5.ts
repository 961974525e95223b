/**
 * Reads a Keras 2 full-model HDF5 file (`model.save('x.h5')`) from an opened h5wasm `File`:
 * root attributes `model_config`, `keras_version`, `backend`; group `model_weights` with
 * attribute `layer_names`, and per layer the attribute `weight_names` naming datasets such as
 * `model_weights/conv2d/conv2d/kernel:0`. No node: imports, so the browser worker can use it.
 */
import type { Dataset, File as H5File, Group } from 'h5wasm';
import { ModelFormatError } from './errors';

/** A parsed JSON object. */
export type JsonObject = { [key: string]: unknown };

/** One weight tensor. `name` is Keras' weight name without the `:0` suffix, e.g. `conv2d/kernel`. */
export interface KerasWeight {
  name: string;
  /** Keras layout: conv kernels HWIO, dense kernels (in, out). */
  shape: number[];
  /** Row-major, length = product of `shape`. */
  data: Float32Array;
}

/** The weights of one layer, in the order Keras' `weight_names` lists them (= `setWeights` order). */
export interface KerasLayerWeights {
  layerName: string;
  weights: KerasWeight[];
}

/** What a Keras 2 .h5 full model holds that inference needs. */
export interface KerasModel {
  kerasVersion: string;
  backend: string;
  /** The parsed `model_config` attribute: `{ class_name, config }`. */
  modelConfig: JsonObject;
  /** Layers that have weights, in `layer_names` order. */
  layers: KerasLayerWeights[];
}

/** HDF5 files start with this signature at offset 0, 512, 1024, 2048, ... */
const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;

/**
 * Throws a ModelFormatError unless `bytes` (the whole file) is HDF5. Check this before
 * opening with h5wasm, whose own error for a wrong file is "name not defined!".
 */
export function assertHdf5(bytes: Uint8Array, fileName: string): void {
  for (let offset = 0; offset + 8 <= bytes.length; offset = offset === 0 ? 512 : offset * 2) {
    if (HDF5_SIGNATURE.every((byte, i) => bytes[offset + i] === byte)) return;
  }
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const hint = isZip
    ? 'it is a zip archive (a Keras 3 .keras file?); save with tf.keras 2 as model.save("model.h5")'
    : 'expected a Keras 2 model saved with model.save("model.h5")';
  throw new ModelFormatError(`${fileName} is not an HDF5 file (no HDF5 signature): ${hint}`);
}

/**
 * Reads topology and weights from an opened Keras 2 .h5 full model. `fileName` is only used
 * in error messages. Throws ModelFormatError for weights-only files, Keras 1 files, missing
 * weight datasets and weights that are not float32/float64 (float64 is narrowed to float32).
 */
export function readKerasH5(file: H5File, fileName: string = file.filename): KerasModel {
  const configText = readStringAttr(file, 'model_config');
  if (configText === null) {
    throw new ModelFormatError(
      `${fileName} has no model_config: it looks like a weights-only file (model.save_weights); ` +
        'give the topology JSON too. Weights-only files are not supported yet: ' +
        'save the full model with model.save("model.h5")',
    );
  }
  const kerasVersion = readStringAttr(file, 'keras_version');
  if (kerasVersion === null) {
    throw new ModelFormatError(`${fileName} has no keras_version attribute: only Keras 2 .h5 files are supported`);
  }
  if (kerasVersion.startsWith('1')) {
    throw new ModelFormatError(
      `${fileName} was written by Keras ${kerasVersion}: only Keras 2 .h5 files are supported ` +
        '(Keras 1 used other layer configs and weight layouts); load and re-save it with Keras 2',
    );
  }
  const weightsRoot = file.get('model_weights');
  if (!isGroup(weightsRoot)) throw new ModelFormatError(`${fileName} has no model_weights group`);
  return {
    kerasVersion,
    backend: readStringAttr(file, 'backend') ?? 'tensorflow',
    modelConfig: parseConfig(configText, fileName),
    layers: readLayers(weightsRoot, fileName),
  };
}

function parseConfig(text: string, fileName: string): JsonObject {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ModelFormatError(`model_config of ${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof config !== 'object' || config === null || typeof (config as JsonObject).class_name !== 'string') {
    throw new ModelFormatError(`model_config of ${fileName} is not a Keras model config (no class_name)`);
  }
  return config as JsonObject;
}

function readLayers(root: Group, fileName: string): KerasLayerWeights[] {
  const layerNames = readNameList(root, 'layer_names');
  if (layerNames === null) throw new ModelFormatError(`model_weights of ${fileName} has no layer_names attribute`);
  const layers: KerasLayerWeights[] = [];
  for (const layerName of layerNames) {
    const group = root.get(layerName);
    if (!isGroup(group)) {
      throw new ModelFormatError(`${fileName}: layer ${layerName} is in layer_names but model_weights/${layerName} is missing`);
    }
    const weightNames = readNameList(group, 'weight_names') ?? [];
    if (weightNames.length === 0) continue;
    const weights = weightNames.map((weightName) => readWeight(group, layerName, weightName, fileName));
    layers.push({ layerName, weights });
  }
  return layers;
}

function readWeight(group: Group, layerName: string, weightName: string, fileName: string): KerasWeight {
  const dataset = group.get(weightName);
  if (!isDataset(dataset)) {
    throw new ModelFormatError(
      `${fileName}: weight ${weightName} of layer ${layerName} is listed in weight_names ` +
        `but the dataset model_weights/${layerName}/${weightName} is missing`,
    );
  }
  const { type, size } = dataset.metadata;
  if (type !== H5T_FLOAT || (size !== 4 && size !== 8)) {
    throw new ModelFormatError(
      `${fileName}: weight ${weightName} of layer ${layerName} is ${describeType(dataset)}; ` +
        'only float32 and float64 weights can be converted',
    );
  }
  const shape = dataset.shape ?? [];
  const value = dataset.value;
  const raw = typeof value === 'number' ? Float64Array.of(value) : value;
  if (!(raw instanceof Float32Array || raw instanceof Float64Array)) {
    throw new ModelFormatError(`${fileName}: weight ${weightName} of layer ${layerName} could not be read as numbers`);
  }
  // h5wasm returns a little-endian copy; float64 narrows with round-to-nearest-even.
  const data = raw instanceof Float32Array ? raw : Float32Array.from(raw);
  return { name: weightName.replace(/:\d+$/, ''), shape: [...shape], data };
}

function describeType(dataset: Dataset): string {
  const { type, size, signed } = dataset.metadata;
  if (type === H5T_FLOAT) return `float${size * 8}`;
  if (type === H5T_INTEGER) return `${signed ? 'int' : 'uint'}${size * 8}`;
  return `of HDF5 type class ${type}`;
}

function isGroup(entity: unknown): entity is Group {
  return typeof entity === 'object' && entity !== null && (entity as Group).type === 'Group';
}

function isDataset(entity: unknown): entity is Dataset {
  return typeof entity === 'object' && entity !== null && (entity as Dataset).type === 'Dataset';
}

/** A string attribute, decoding bytes (h5py may store them as fixed-length byte strings). */
function readStringAttr(node: H5File | Group, name: string): string | null {
  const attr = node.attrs[name];
  if (attr === undefined) return null;
  const value = attr.value;
  if (Array.isArray(value) && value.length === 1) return decode(value[0]);
  return decode(value);
}

/** A list-of-names attribute; h5py writes an empty list as an empty float64 array. */
function readNameList(node: Group, name: string): string[] | null {
  const attr = node.attrs[name];
  if (attr === undefined) return null;
  const value = attr.value;
  if (ArrayBuffer.isView(value) && (value as ArrayLike<unknown>).length === 0) return [];
  const items = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    const text = decode(item);
    if (text === null) throw new ModelFormatError(`attribute ${name} of ${node.path} is not a list of names`);
    return text;
  });
}

function decode(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  return null;
}
