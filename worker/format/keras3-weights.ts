/**
 * Keras 3 weight stores: `model.weights.h5` inside a .keras archive, and `save_weights` to
 * `x.weights.h5`. Keras writes each layer's variables as datasets `vars/0, 1, ...` in
 * creation order, under `layers/<key>`, where the key is the layer's class name in
 * snake_case, numbered per class in the model's layer order (`conv2d`, `conv2d_1`,
 * `max_pooling2d`, ...) — not the layer's own name. Nested models repeat the pattern
 * (`layers/sequential/layers/conv2d/vars/0`). No node: imports.
 */
import type { File as H5File, Group } from 'h5wasm';
import { ModelFormatError } from './errors';
import { getGroup, isDataset, readFloatDataset } from './h5-read';
import type { JsonObject } from './keras-config';
import type { KerasLayerWeights } from './keras-h5';
import { modelLayers, requireWeightNames, tfjsWeightNames } from './weight-names';

/** Every layer's weights, named for tfjs, for the (normalised) `modelConfig`. */
export function readKeras3Weights(file: H5File, modelConfig: JsonObject, fileName: string): KerasLayerWeights[] {
  return readContainer(file, modelLayers(modelConfig), fileName);
}

function readContainer(root: Group, layers: JsonObject[], fileName: string): KerasLayerWeights[] {
  const used = new Map<string, number>();
  const out: KerasLayerWeights[] = [];
  for (const layer of layers) {
    const className = String(layer.class_name);
    const config = (layer.config ?? {}) as JsonObject;
    const name = String(config.name ?? layer.name);
    const snake = toSnakeCase(className);
    const count = used.get(snake);
    used.set(snake, count === undefined ? 0 : count + 1);
    const key = count === undefined ? snake : `${snake}_${count + 1}`;
    if (className === 'InputLayer') continue;
    const group = getGroup(root, `layers/${key}`) ?? getGroup(root, `layers/${name}`);
    if (Array.isArray(config.layers) || Array.isArray(layer.config)) {
      if (group) out.push(...readContainer(group, modelLayers(layer), fileName));
      continue;
    }
    const weights = group ? readVars(group, name, fileName) : [];
    if (!group && (tfjsWeightNames(className, config)?.length ?? 0) > 0) {
      throw new ModelFormatError(`${fileName} has no weights for layer ${name} (looked for layers/${key}/vars)`, 'weights-missing');
    }
    if (weights.length === 0) continue;
    const names = requireWeightNames(name, className, config, weights.length, fileName);
    out.push({ layerName: name, weights: weights.map((w, i) => ({ ...w, name: names[i] })) });
  }
  return out;
}

/** Datasets vars/0, vars/1, ... of a layer group, in numeric order. */
function readVars(group: Group, layerName: string, fileName: string): { name: string; shape: number[]; data: Float32Array }[] {
  const vars = getGroup(group, 'vars');
  if (!vars) return [];
  const keys = vars.keys().filter((key) => /^\d+$/.test(key)).sort((a, b) => Number(a) - Number(b));
  return keys.map((key) => {
    const dataset = vars.get(key);
    if (!isDataset(dataset)) throw new ModelFormatError(`${fileName}: ${vars.path}/${key} is not a dataset`);
    return { name: key, ...readFloatDataset(dataset, `weight ${key} of layer ${layerName}`, fileName) };
  });
}

/** Keras' `naming.to_snake_case`: `Conv2D` -> `conv2d`, `MaxPooling2D` -> `max_pooling2d`, `ReLU` -> `re_lu`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}
