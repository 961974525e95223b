/**
 * Reads Keras HDF5 files from an opened h5wasm `File`:
 * - a full model (`model.save('x.h5')`, Keras 2, and Keras 3's legacy .h5): root attributes
 *   `model_config`, `keras_version`, `backend`; group `model_weights` with attribute
 *   `layer_names`, and per layer the attribute `weight_names` naming datasets such as
 *   `model_weights/conv2d/conv2d/kernel:0`;
 * - weights only (`model.save_weights`), with the topology given separately: the same layer
 *   groups at the root (Keras 2), or Keras 3's `layers/<name>/vars/<i>` layout.
 * Configs come back in the Keras 2 form (keras-config.ts). The caller checks the HDF5
 * signature first (files/h5.ts): h5wasm's own error for a wrong file is "name not defined!".
 * No node: imports.
 */
import type { File as H5File, Group } from 'h5wasm';
import { ModelFormatError } from './errors';
import { getGroup, isDataset, isGroup, readFloatDataset, readNameList, readStringAttr } from './h5-read';
import { modelConfigOf, normalizeKerasConfig, isObject, type JsonObject } from './keras-config';
import { readKeras3Weights } from './keras3-weights';
import { nameWeightsForTfjs } from './weight-names';

export type { JsonObject } from './keras-config';
export { modelConfigOf } from './keras-config';

/** One weight tensor. `name` is the tfjs weight name, e.g. `conv2d/kernel`. */
export interface KerasWeight {
  name: string;
  /** Keras layout: conv kernels HWIO, dense kernels (in, out). */
  shape: number[];
  /** Row-major, length = product of `shape`. */
  data: Float32Array;
}

/** The weights of one layer, in the layer's weight order (= `setWeights` order). */
export interface KerasLayerWeights {
  layerName: string;
  weights: KerasWeight[];
}

/** What a Keras model file holds that inference needs. */
export interface KerasModel {
  kerasVersion: string;
  backend: string;
  /** `{ class_name, config }` in the Keras 2 form tfjs-layers reads. */
  modelConfig: JsonObject;
  /** Layers that have weights. */
  layers: KerasLayerWeights[];
}

/**
 * Reads topology and weights from an opened full-model .h5. Throws ModelFormatError for
 * weights-only files, Keras 1 files, missing weight datasets and weights that are not
 * float32/float64 (float64 is narrowed to float32).
 */
export function readKerasH5(file: H5File, fileName: string = file.filename): KerasModel {
  const configText = readStringAttr(file, 'model_config');
  if (configText === null) {
    throw new ModelFormatError(
      `${fileName} has no model_config: it looks like a weights-only file (model.save_weights); give the topology JSON too ` +
        '(from model.to_json()), or save the full model with model.save("model.h5")',
      'model-weights-only',
    );
  }
  const kerasVersion = checkVersion(readStringAttr(file, 'keras_version'), fileName);
  const modelConfig = normalizeKerasConfig(parseConfig(configText, `model_config of ${fileName}`), fileName);
  const weightsRoot = getGroup(file, 'model_weights');
  if (!weightsRoot) throw new ModelFormatError(`${fileName} has model_config but no model_weights group: the file holds no weights`);
  return {
    kerasVersion,
    backend: readStringAttr(file, 'backend') ?? 'tensorflow',
    modelConfig,
    layers: nameWeightsForTfjs(readLegacyLayers(weightsRoot, fileName), modelConfig),
  };
}

/**
 * Reads a weights-only .h5 (`model.save_weights`) for the topology `topology` (the parsed
 * `model.to_json()`; `topologyName` names it in messages).
 */
export function readKerasWeightsH5(file: H5File, topology: JsonObject, fileName: string, topologyName: string): KerasModel {
  const modelConfig = normalizeKerasConfig(modelConfigOf(topology), topologyName);
  const version = readStringAttr(file, 'keras_version') ?? (typeof topology.keras_version === 'string' ? topology.keras_version : null);
  const kerasVersion = checkVersion(version, fileName);
  const backend = readStringAttr(file, 'backend') ?? 'tensorflow';
  if (readStringAttr(file, 'model_config') !== null) {
    throw new ModelFormatError(`${fileName} is a full model (it has its own model_config): load it alone, without ${topologyName}`, 'model-format');
  }
  if (file.attrs.layer_names !== undefined) {
    return { kerasVersion, backend, modelConfig, layers: nameWeightsForTfjs(readLegacyLayers(file, fileName), modelConfig) };
  }
  if (isGroup(file.get('layers')) || isGroup(file.get('vars'))) {
    return { kerasVersion, backend, modelConfig, layers: readKeras3Weights(file, modelConfig, fileName) };
  }
  throw new ModelFormatError(`${fileName} is HDF5 but holds no Keras weights (no layer_names attribute, no layers group)`, 'model-not-a-model');
}

/** Parses a JSON config; `what` names it in messages. */
export function parseConfig(text: string, what: string): JsonObject {
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new ModelFormatError(`${what} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(config) || typeof config.class_name !== 'string') {
    throw new ModelFormatError(`${what} is not a Keras model config (no class_name)`, 'model-not-a-model');
  }
  return config;
}

/** The version string; Keras 1 is refused (its layer configs and weight layouts differ). */
function checkVersion(kerasVersion: string | null, fileName: string): string {
  if (kerasVersion !== null && /^1\./.test(kerasVersion)) {
    throw new ModelFormatError(
      `${fileName} was written by Keras ${kerasVersion}; convlens reads Keras 2 and 3 files ` +
        '(Keras 1 used other layer configs and weight layouts): load it in Keras 2 and save it again',
      'model-keras1',
    );
  }
  // A file without keras_version is read; a Keras 1 config is refused when it is normalised.
  return kerasVersion ?? 'unknown';
}

function readLegacyLayers(root: Group, fileName: string): KerasLayerWeights[] {
  const layerNames = readNameList(root, 'layer_names');
  if (layerNames === null) throw new ModelFormatError(`${fileName}: ${root.path} has no layer_names attribute`);
  const layers: KerasLayerWeights[] = [];
  for (const layerName of layerNames) {
    const group = getGroup(root, layerName);
    if (!group) {
      throw new ModelFormatError(`${fileName}: layer ${layerName} is in layer_names but ${root.path}/${layerName} is missing`);
    }
    const weightNames = readNameList(group, 'weight_names') ?? [];
    if (weightNames.length === 0) continue;
    layers.push({ layerName, weights: weightNames.map((weightName) => readWeight(group, layerName, weightName, fileName)) });
  }
  return layers;
}

function readWeight(group: Group, layerName: string, weightName: string, fileName: string): KerasWeight {
  const dataset = group.get(weightName);
  if (!isDataset(dataset)) {
    throw new ModelFormatError(
      `${fileName}: weight ${weightName} of layer ${layerName} is listed in weight_names ` +
        `but the dataset ${group.path}/${weightName} is missing`,
    );
  }
  const { shape, data } = readFloatDataset(dataset, `weight ${weightName} of layer ${layerName}`, fileName);
  return { name: weightName.replace(/:\d+$/, ''), shape, data };
}
