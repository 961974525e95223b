/**
 * Keras model configs, made readable by @tensorflow/tfjs-layers 4.22 (which knows the Keras 2
 * layout) and checked for what convlens cannot run. Keras 3 (and the Keras 2.13+ `.keras`
 * format) differ from Keras 2 in four places handled here: dtypes are `DTypePolicy` objects,
 * InputLayer has `batch_shape`, Functional `inbound_nodes` are `{args, kwargs}` with
 * `__keras_tensor__` references, and a single model input/output is not wrapped in a list.
 * Pure; no node: imports.
 */
import { ModelFormatError, SUPPORTED_FORMATS } from './errors';

/** A parsed JSON object. */
export type JsonObject = { [key: string]: unknown };

/** The layers convlens is built and tested for, named in refusals. */
export const SUPPORTED_LAYERS =
  'Conv2D, DepthwiseConv2D, SeparableConv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, ' +
  'BatchNormalization, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, Add, Subtract, Multiply, Maximum, Minimum, ' +
  'Concatenate, ZeroPadding2D, Rescaling, Dropout, SpatialDropout2D, Flatten, Reshape, Dense';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
/** Layer classes and config keys that only Keras 1 wrote. */
const KERAS1_CLASSES = new Set(['Convolution1D', 'Convolution2D', 'Convolution3D', 'AtrousConvolution2D', 'Deconvolution2D', 'Merge', 'MaxoutDense', 'Highway']);
const KERAS1_KEYS = ['nb_filter', 'nb_row', 'border_mode', 'dim_ordering', 'subsample'];
/** Settings tfjs-layers 4.22 ignores without a word: a layer using them would be computed wrongly. */
const IGNORED_BY_TFJS: [RegExp, string, (value: unknown) => boolean][] = [
  [/^Conv[123]D$/, 'groups', (value) => value === undefined || value === 1],
  [/^ReLU$/, 'negative_slope', (value) => !value],
  [/^ReLU$/, 'threshold', (value) => !value],
  [/^Global(Average|Max)Pooling[123]D$/, 'keepdims', (value) => !value],
];

/**
 * A deep copy of `config` (`{class_name, config}`) in the Keras 2 form, with L1/L2 regularizers
 * rewritten and, for Functional models, outputs that other layers consume dropped (converters
 * such as tensorspace's list every layer as an output; the prediction is the last one).
 * Throws ModelFormatError for Keras 1 configs, channels_first layers, Lambda and custom layers.
 */
export function prepareModelConfig(config: JsonObject, fileName: string): JsonObject {
  return pruneConsumedOutputs(sanitizeModelConfig(normalizeKerasConfig(config, fileName)));
}

/** Keras 3 config -> Keras 2 form (a Keras 2 config comes back as an equal copy). */
export function normalizeKerasConfig(config: JsonObject, fileName: string): JsonObject {
  const copy = JSON.parse(JSON.stringify(config), (key, value: unknown) => (key === 'dtype' ? dtypeName(value, fileName) : value));
  normalizeModel(copy as JsonObject, fileName);
  return copy as JsonObject;
}

function normalizeModel(model: JsonObject, fileName: string): void {
  if (typeof model.class_name !== 'string') {
    throw new ModelFormatError(`${fileName} holds JSON that is not a Keras model config (no class_name). ${SUPPORTED_FORMATS}.`, 'model-not-a-model');
  }
  const inner = model.config;
  const layers = (Array.isArray(inner) ? inner : isObject(inner) && Array.isArray(inner.layers) ? inner.layers : null) as JsonObject[] | null;
  if (!MODEL_CLASSES.has(model.class_name) || layers === null) {
    throw new ModelFormatError(
      `${fileName} holds a ${model.class_name} config; convlens reads Sequential and Functional models ` +
        '(a subclassed model keeps its call() in Python code, which is not in the file)',
      'model-not-a-model',
    );
  }
  for (const layer of layers) normalizeLayer(layer, fileName);
  if (isObject(inner)) {
    for (const key of ['input_layers', 'output_layers']) {
      if (Array.isArray(inner[key]) && typeof inner[key][0] === 'string') inner[key] = [inner[key]];
    }
    if (model.class_name === 'Sequential') giveSequentialAnInputShape(layers, inner, model);
  }
}

function normalizeLayer(layer: JsonObject, fileName: string): void {
  const className = String(layer.class_name);
  const config = (isObject(layer.config) ? layer.config : {}) as JsonObject;
  const name = String(config.name ?? layer.name ?? className);
  refuseUnrunnable(layer, className, config, name, fileName);
  if (className === 'InputLayer' && config.batch_shape !== undefined && config.batch_input_shape === undefined) {
    config.batch_input_shape = config.batch_shape;
    delete config.batch_shape;
  }
  if (Array.isArray(layer.inbound_nodes)) layer.inbound_nodes = layer.inbound_nodes.map(toKeras2Node);
  if (MODEL_CLASSES.has(className)) normalizeModel(layer, fileName);
}

function refuseUnrunnable(layer: JsonObject, className: string, config: JsonObject, name: string, fileName: string): void {
  if (KERAS1_CLASSES.has(className) || KERAS1_KEYS.some((key) => key in config)) {
    throw new ModelFormatError(
      `${fileName} looks like a Keras 1 model (layer ${name}: ${className}${KERAS1_KEYS.filter((k) => k in config).map((k) => `, ${k}`).join('')}); ` +
        'convlens reads Keras 2 and 3 models: load it in Keras 2 and save it again',
      'model-keras1',
    );
  }
  if (config.data_format === 'channels_first') {
    throw new ModelFormatError(
      `${fileName}: layer ${name} (${className}) has data_format "channels_first"; convlens runs channels_last models ` +
        '(height, width, channels: the Keras default) only',
      'model-channels-first',
    );
  }
  refuseIgnoredSettings(className, config, name, fileName);
  if (className === 'Lambda') {
    throw new ModelFormatError(
      `${fileName}: layer ${name} is a Lambda layer, which holds Python code that cannot run in the browser. Supported layers: ${SUPPORTED_LAYERS}`,
      'model-custom-layer',
    );
  }
  const registered = layer.registered_name;
  const module = layer.module;
  const customModule = typeof module === 'string' && !/^(keras|tf_keras|tensorflow)(\.|$)/.test(module);
  if (customModule || (typeof registered === 'string' && registered.includes('>'))) {
    throw new ModelFormatError(
      `${fileName}: layer ${name} is a custom layer (${typeof registered === 'string' ? registered : `${module}.${className}`}), ` +
        `whose code is not in the file. Supported layers: ${SUPPORTED_LAYERS}`,
      'model-custom-layer',
    );
  }
}

function refuseIgnoredSettings(className: string, config: JsonObject, name: string, fileName: string): void {
  for (const [classes, key, isDefault] of IGNORED_BY_TFJS) {
    if (classes.test(className) && !isDefault(config[key])) {
      throw new ModelFormatError(
        `${fileName}: layer ${name} (${className}) has ${key}=${JSON.stringify(config[key])}, which TensorFlow.js ignores, so ` +
          `convlens would compute it wrongly; it runs ${className} with the default ${key} only`,
        'model-unsupported-setting',
      );
    }
  }
}

/** Keras 3 `{args, kwargs}` node -> Keras 2 `[[layer, node, tensor, {}], ...]`; Keras 2 nodes pass. */
function toKeras2Node(node: unknown): unknown {
  if (!isObject(node) || !('args' in node)) return node;
  const references: unknown[] = [];
  collectTensors(node.args, references);
  return references;
}

function collectTensors(value: unknown, out: unknown[]): void {
  if (Array.isArray(value)) value.forEach((item) => collectTensors(item, out));
  else if (isObject(value) && value.class_name === '__keras_tensor__' && isObject(value.config)) {
    const [layer, node, tensor] = value.config.keras_history as [string, number, number];
    out.push([layer, node, tensor, {}]);
  } else if (isObject(value)) Object.values(value).forEach((item) => collectTensors(item, out));
}

/** A Sequential model without an InputLayer takes its input shape from the first layer or the build config. */
function giveSequentialAnInputShape(layers: JsonObject[], inner: JsonObject, model: JsonObject): void {
  const first = layers[0];
  if (!first || first.class_name === 'InputLayer' || !isObject(first.config) || first.config.batch_input_shape) return;
  const built = inner.build_input_shape ?? (isObject(model.build_config) ? model.build_config.input_shape : undefined);
  if (Array.isArray(built)) first.config.batch_input_shape = built;
}

/** A Keras 3 `DTypePolicy` (or Keras 2 mixed-precision `Policy`) object -> the dtype tfjs knows. */
function dtypeName(value: unknown, fileName: string): unknown {
  if (!isObject(value) || typeof value.class_name !== 'string' || !/Policy$/.test(value.class_name)) return value;
  const policy = String((isObject(value.config) && value.config.name) || 'float32');
  if (/^int|quant/i.test(policy) || /Quantized/.test(value.class_name)) {
    throw new ModelFormatError(`${fileName} is a quantized model (dtype policy ${policy}); convlens runs float32 models`, 'model-format');
  }
  // Mixed precision computes in float16 but keeps float32 variables: run it in float32.
  return /float16|bfloat16/.test(policy) ? 'float32' : policy;
}

/** Functional outputs that another layer reads are dropped from `output_layers` (unless none would be left). */
export function pruneConsumedOutputs(config: JsonObject): JsonObject {
  const inner = config.config;
  if (!isObject(inner) || !Array.isArray(inner.output_layers) || !Array.isArray(inner.layers)) return config;
  const consumed = new Set<string>();
  for (const layer of inner.layers as JsonObject[]) {
    for (const node of (Array.isArray(layer.inbound_nodes) ? layer.inbound_nodes : []) as unknown[]) {
      for (const ref of Array.isArray(node) ? node : []) if (Array.isArray(ref)) consumed.add(String(ref[0]));
    }
  }
  const outputs = (inner.output_layers as unknown[][]).filter((ref) => !consumed.has(String(ref[0])));
  if (outputs.length > 0 && outputs.length < inner.output_layers.length) inner.output_layers = outputs;
  return config;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A deep copy of a Keras model_config that @tensorflow/tfjs-layers 4.22 can deserialise.
 * Keras >= 2.4 serialises `regularizers.l1(x)` / `l2(x)` as classes `L1` / `L2`, which
 * tfjs-layers does not register (only `L1L2`): loading fails with "Unknown regularizer: L2".
 * Regularizers do nothing at inference, but L1L2 with the other factor 0 is the same penalty,
 * so the model still trains the same in tfjs. Other Keras 2.15 extras (`module`,
 * `registered_name`, `build_config`) are ignored by tfjs-layers and kept.
 */
export function sanitizeModelConfig(config: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(config), (key, value: unknown) =>
    key.endsWith('_regularizer') ? toL1L2(value) : value,
  ) as JsonObject;
}

function toL1L2(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const { class_name: className, config } = value as { class_name?: unknown; config?: JsonObject };
  if (className !== 'L1' && className !== 'L2') return value;
  const factor = (name: string) => (typeof config?.[name] === 'number' ? config[name] : 0);
  return { class_name: 'L1L2', config: { l1: factor('l1'), l2: factor('l2') } };
}

/** `{class_name, config}` of a topology JSON (`model.to_json()`) or of a model.json's modelTopology. */
export function modelConfigOf(topology: JsonObject): JsonObject {
  return isObject(topology.model_config) ? topology.model_config : topology;
}
