/**
 * The names TensorFlow.js gives a layer's weights, in `setWeights` order. Keras files name
 * weights differently across versions (`conv2d/kernel:0` in Keras 2, a variable path in
 * Keras 3 .h5, only `vars/0, 1, ...` in .keras), but the order is always the layer's creation
 * order, which is tfjs' order too; so weights are named by position. Pure.
 */
import { SUPPORTED_LAYERS, type JsonObject } from './keras-config';
import { ModelFormatError } from './errors';
import type { KerasLayerWeights } from './keras-h5';

/** tfjs weight names of a layer of `className` with `config`, or null for a class not listed. */
export function tfjsWeightNames(className: string, config: JsonObject): string[] | null {
  const bias = config.use_bias === false ? [] : ['bias'];
  switch (className) {
    case 'Conv1D':
    case 'Conv2D':
    case 'Conv3D':
    case 'Conv2DTranspose':
    case 'Conv3DTranspose':
    case 'Dense':
      return ['kernel', ...bias];
    case 'DepthwiseConv2D':
      return ['depthwise_kernel', ...bias];
    case 'SeparableConv1D':
    case 'SeparableConv2D':
      return ['depthwise_kernel', 'pointwise_kernel', ...bias];
    case 'BatchNormalization':
      return [...(config.scale === false ? [] : ['gamma']), ...(config.center === false ? [] : ['beta']), 'moving_mean', 'moving_variance'];
    case 'LayerNormalization':
      return [...(config.scale === false ? [] : ['gamma']), ...(config.center === false ? [] : ['beta'])];
    case 'PReLU':
      return ['alpha'];
    case 'Embedding':
      return ['embeddings'];
    default:
      return null;
  }
}

/** Layer name -> class and config, from a (normalised) model config, nested models included. */
export function layerClasses(modelConfig: JsonObject): Map<string, { className: string; config: JsonObject }> {
  const classes = new Map<string, { className: string; config: JsonObject }>();
  for (const layer of modelLayers(modelConfig)) {
    const config = (layer.config ?? {}) as JsonObject;
    const name = String(config.name ?? layer.name);
    classes.set(name, { className: String(layer.class_name), config });
    if (Array.isArray(config.layers) || Array.isArray(layer.config)) {
      for (const [inner, value] of layerClasses(layer)) classes.set(inner, value);
    }
  }
  return classes;
}

/** The layer entries of a Sequential (list or `{layers}`) or Functional config. */
export function modelLayers(modelConfig: JsonObject): JsonObject[] {
  const inner = modelConfig.config;
  if (Array.isArray(inner)) return inner as JsonObject[];
  const layers = (inner as JsonObject | undefined)?.layers;
  return Array.isArray(layers) ? (layers as JsonObject[]) : [];
}

/**
 * Renames each layer's weights `<layer>/<tfjs name>` when its class is listed and the count
 * matches; other layers keep the file's names (without `:0`), which tfjs matches as they are.
 */
export function nameWeightsForTfjs(layers: KerasLayerWeights[], modelConfig: JsonObject): KerasLayerWeights[] {
  const classes = layerClasses(modelConfig);
  return layers.map((layer) => {
    const known = classes.get(layer.layerName);
    const names = known ? tfjsWeightNames(known.className, known.config) : null;
    if (!names || names.length !== layer.weights.length) return layer;
    return { ...layer, weights: layer.weights.map((weight, i) => ({ ...weight, name: `${layer.layerName}/${names[i]}` })) };
  });
}

/** Names for weights that have none in the file (.keras): throws when the class is not listed or the count differs. */
export function requireWeightNames(layerName: string, className: string, config: JsonObject, count: number, fileName: string): string[] {
  const names = tfjsWeightNames(className, config);
  if (names === null) {
    throw new ModelFormatError(
      `${fileName}: layer ${layerName} is a ${className}, a layer type convlens does not know (a custom layer, or one ` +
        `TensorFlow.js does not support). Supported layers: ${SUPPORTED_LAYERS}`,
      'model-unknown-layer',
    );
  }
  if (names.length !== count) {
    throw new ModelFormatError(
      `${fileName}: layer ${layerName} (${className}) has ${count} weights in the file; its config says ${names.length} (${names.join(', ')})`,
    );
  }
  return names.map((name) => `${layerName}/${name}`);
}
