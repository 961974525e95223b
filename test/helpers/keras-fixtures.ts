/**
 * Keras files whose contents the tests know, written here byte by byte: Keras 3 configs as
 * Keras 3 serialises them (`module`, `registered_name`, DTypePolicy objects, `batch_shape`,
 * `{args, kwargs}` nodes), weights from a seeded generator, HDF5 written with h5wasm and zip
 * archives with a small writer (stored and deflated entries). Also the same models built
 * directly with the tfjs-layers API, as an independent reference.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerResult } from '../../worker/contract';
import type { LoadedModel } from '../../worker/engine/load-model';
import { execute } from '../../worker/engine/execute';
import { summarize } from '../../worker/engine/summary';
import { buildFromFiles, loadModelFiles } from '../../worker/files/load';
import type { ReadOptions } from '../../worker/format/read-model';
import type { Hwc } from './reference';

type Json = Record<string, unknown>;

/** One layer of a fixture model: Keras class, name, config, inputs, and its weights in Keras order. */
export interface FixtureLayer {
  className: string;
  name: string;
  config: Json;
  inputs: string[];
  /** Weight shapes in creation order; values come from `weightValues`. */
  weights: number[][];
  /** Extra fields of the serialised layer entry (`module`, `registered_name`). */
  entry?: Json;
}

const POLICY = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const init = (className: string) => ({ module: 'keras.initializers', class_name: className, config: className === 'GlorotUniform' ? { seed: null } : {}, registered_name: null });
const conv = (filters: number, size: number, padding: string, activation: string, useBias = true) => ({
  filters, kernel_size: [size, size], strides: [1, 1], padding, data_format: 'channels_last', dilation_rate: [1, 1], groups: 1,
  activation, use_bias: useBias, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'),
  kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
});

/** A residual Functional model, input 12×12×3, names unlike Keras' class-based store keys. */
export const FUNCTIONAL_LAYERS: FixtureLayer[] = [
  { className: 'InputLayer', name: 'image', config: { batch_shape: [null, 12, 12, 3], dtype: 'float32', sparse: false }, inputs: [], weights: [] },
  { className: 'Conv2D', name: 'stem_conv', config: conv(4, 3, 'valid', 'relu'), inputs: ['image'], weights: [[3, 3, 3, 4], [4]] },
  {
    className: 'BatchNormalization', name: 'stem_bn', inputs: ['stem_conv'], weights: [[4], [4], [4], [4]],
    config: { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: true, beta_initializer: init('Zeros'), gamma_initializer: init('Ones'), moving_mean_initializer: init('Zeros'), moving_variance_initializer: init('Ones'), beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null, synchronized: false },
  },
  { className: 'ReLU', name: 'stem_relu', config: { max_value: null, negative_slope: 0, threshold: 0 }, inputs: ['stem_bn'], weights: [] },
  {
    className: 'DepthwiseConv2D', name: 'dw', inputs: ['stem_relu'], weights: [[3, 3, 4, 1], [4]],
    config: { kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], depth_multiplier: 1, activation: 'linear', use_bias: true, depthwise_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), depthwise_regularizer: null, bias_regularizer: null, activity_regularizer: null, depthwise_constraint: null, bias_constraint: null },
  },
  { className: 'Conv2D', name: 'proj', config: conv(4, 1, 'same', 'linear', false), inputs: ['stem_relu'], weights: [[1, 1, 4, 4]] },
  { className: 'Add', name: 'merge', config: {}, inputs: ['dw', 'proj'], weights: [] },
  {
    className: 'SeparableConv2D', name: 'sep', inputs: ['merge'], weights: [[3, 3, 4, 1], [1, 1, 4, 5], [5]],
    config: {
      filters: 5, kernel_size: [3, 3], strides: [1, 1], padding: 'same', data_format: 'channels_last', dilation_rate: [1, 1], depth_multiplier: 1,
      activation: 'relu', use_bias: true, depthwise_initializer: init('GlorotUniform'), pointwise_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'),
      depthwise_regularizer: null, pointwise_regularizer: null, bias_regularizer: null, activity_regularizer: null, depthwise_constraint: null, pointwise_constraint: null, bias_constraint: null,
    },
  },
  { className: 'MaxPooling2D', name: 'pool', config: { pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' }, inputs: ['sep'], weights: [] },
  { className: 'GlobalAveragePooling2D', name: 'gap', config: { data_format: 'channels_last', keepdims: false }, inputs: ['pool'], weights: [] },
  {
    className: 'Dense', name: 'head', inputs: ['gap'], weights: [[5, 3], [3]],
    config: { units: 3, activation: 'softmax', use_bias: true, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.0001 }, registered_name: null }, bias_regularizer: null, kernel_constraint: null, bias_constraint: null, lora_rank: null },
  },
];

/** A grayscale Sequential model, input 10×10×1, raw 0–255 pixels rescaled inside. */
export const SEQUENTIAL_LAYERS: FixtureLayer[] = [
  { className: 'InputLayer', name: 'input_layer', config: { batch_shape: [null, 10, 10, 1], dtype: 'float32', sparse: false }, inputs: [], weights: [] },
  { className: 'Rescaling', name: 'rescaling', config: { scale: 1 / 255, offset: 0 }, inputs: [], weights: [] },
  { className: 'Conv2D', name: 'conv2d', config: conv(3, 3, 'valid', 'relu'), inputs: [], weights: [[3, 3, 1, 3], [3]] },
  { className: 'MaxPooling2D', name: 'max_pooling2d', config: { pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' }, inputs: [], weights: [] },
  { className: 'Flatten', name: 'flatten', config: { data_format: 'channels_last' }, inputs: [], weights: [] },
  { className: 'Dense', name: 'dense', config: { units: 2, activation: 'softmax', use_bias: true, kernel_initializer: init('GlorotUniform'), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, kernel_constraint: null, bias_constraint: null }, inputs: [], weights: [[48, 2], [2]] },
];

/** Seeded values in [-0.5, 0.5) (variances: [0.5, 1.5)), the same on every run. */
export function weightValues(layers: FixtureLayer[]): Map<string, Float32Array[]> {
  let state = 20261128;
  const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;
  return new Map(layers.map((layer) => [layer.name, layer.weights.map((shape, i) => {
    const values = new Float32Array(shape.reduce((a, b) => a * b, 1)).map(next);
    return layer.className === 'BatchNormalization' && i === 3 ? values.map((v) => v + 1) : values;
  })]));
}

/** The model config exactly as Keras 3 writes it (config.json of a .keras, model_config of an .h5). */
export function keras3Config(layers: FixtureLayer[], functional: boolean): Json {
  const entries = layers.map((layer) => {
    const dtype = layer.className === 'InputLayer' ? {} : { trainable: true, dtype: POLICY };
    const entry: Json = { module: 'keras.layers', class_name: layer.className, config: { name: layer.name, ...dtype, ...layer.config }, registered_name: null, ...layer.entry };
    if (functional) {
      entry.name = layer.name;
      const tensors = layer.inputs.map((from) => ({ class_name: '__keras_tensor__', config: { shape: null, dtype: 'float32', keras_history: [from, 0, 0] } }));
      const args = tensors.length > 1 ? [tensors] : tensors;
      entry.inbound_nodes = tensors.length === 0 ? [] : [{ args, kwargs: layer.className === 'BatchNormalization' ? { mask: null } : {} }];
    }
    return entry;
  });
  const last = layers[layers.length - 1].name;
  const config: Json = functional
    ? { name: 'functional', trainable: true, layers: entries, input_layers: [layers[0].name, 0, 0], output_layers: [[last, 0, 0]] }
    : { name: 'sequential', trainable: true, dtype: POLICY, layers: entries, build_input_shape: layers[0].config.batch_shape };
  return {
    module: functional ? 'keras.src.models.functional' : 'keras', class_name: functional ? 'Functional' : 'Sequential',
    config, registered_name: null, build_config: { input_shape: layers[0].config.batch_shape }, compile_config: null,
  };
}

/** Keras' naming.to_snake_case, written out for the fixture's store keys. */
const STORE_NAMES: Record<string, string> = {
  InputLayer: 'input_layer', Conv2D: 'conv2d', BatchNormalization: 'batch_normalization', ReLU: 're_lu',
  DepthwiseConv2D: 'depthwise_conv2d', Add: 'add', SeparableConv2D: 'separable_conv2d', MaxPooling2D: 'max_pooling2d',
  GlobalAveragePooling2D: 'global_average_pooling2d', Dense: 'dense', Rescaling: 'rescaling', Flatten: 'flatten',
  FancyDense: 'fancy_dense', Blur: 'blur', Convolution2D: 'convolution2d',
};

type H5 = typeof import('h5wasm');
let h5: Promise<H5> | null = null;
let fileCounter = 0;

/** Writes an HDF5 file in h5wasm's memory file system and returns its bytes. */
async function writeH5(fill: (file: InstanceType<H5['File']>) => void): Promise<Uint8Array> {
  h5 ??= import('h5wasm').then(async (module) => (await module.ready, module));
  const { File, FS } = await h5;
  const path = `/fixture-${++fileCounter}.h5`;
  const file = new File(path, 'w');
  fill(file);
  file.close();
  const bytes = FS!.readFile(path) as Uint8Array;
  FS!.unlink(path);
  return bytes;
}

type H5Group = ReturnType<InstanceType<H5['File']>['create_group']>;

/** The group at `path` under `parent`, creating missing groups on the way (h5wasm does not). */
function groupAt(parent: H5Group, path: string): H5Group {
  return path.split('/').reduce((group, part) => (group.keys().includes(part) ? (group.get(part) as H5Group) : group.create_group(part)), parent);
}

/** model.weights.h5 of a .keras (Keras 3 store): `layers/<class key>/vars/<i>`, plus root and optimizer vars. */
export function keras3WeightStore(layers: FixtureLayer[], values: Map<string, Float32Array[]>): Promise<Uint8Array> {
  return writeH5((file) => {
    file.create_group('vars');
    const used = new Map<string, number>();
    for (const layer of layers) {
      const base = STORE_NAMES[layer.className];
      const count = used.get(base) ?? -1;
      used.set(base, count + 1);
      const vars = groupAt(file, `layers/${count < 0 ? base : `${base}_${count + 1}`}/vars`);
      layer.weights.forEach((shape, i) => vars.create_dataset({ name: String(i), data: values.get(layer.name)![i], shape }));
    }
    groupAt(file, 'optimizer/vars').create_dataset({ name: '0', data: new Float32Array([7]), shape: [1] });
  });
}

/** A Keras 3 legacy full-model .h5 (`model.save("x.h5")` in Keras 3): variable paths as weight names. */
export function keras3LegacyH5(layers: FixtureLayer[], values: Map<string, Float32Array[]>, modelName: string): Promise<Uint8Array> {
  return writeH5((file) => {
    file.create_attribute('keras_version', '3.3.3');
    file.create_attribute('backend', 'tensorflow');
    file.create_attribute('model_config', JSON.stringify(keras3Config(layers, false)));
    const root = file.create_group('model_weights');
    const visible = layers.filter((layer) => layer.className !== 'InputLayer');
    root.create_attribute('layer_names', visible.map((layer) => layer.name));
    for (const layer of visible) {
      const group = root.create_group(layer.name);
      const names = layer.weights.map((_, i) => `${modelName}/${layer.name}/${['kernel', 'bias'][i]}`);
      if (names.length === 0) group.create_attribute('weight_names', new Float64Array(0), [0]);
      else group.create_attribute('weight_names', names);
      names.forEach((name, i) => {
        const parent = groupAt(group, name.slice(0, name.lastIndexOf('/')));
        parent.create_dataset({ name: name.slice(name.lastIndexOf('/') + 1), data: values.get(layer.name)![i], shape: layer.weights[i] });
      });
    }
  });
}

/** A Keras 1.2.2 .h5 header: version and a Keras 1 config (Convolution2D, border_mode), no weights needed. */
export function keras1H5(): Promise<Uint8Array> {
  const config = { class_name: 'Sequential', config: [{ class_name: 'Convolution2D', config: { name: 'convolution2d_1', nb_filter: 8, nb_row: 3, nb_col: 3, border_mode: 'same', batch_input_shape: [null, 3, 32, 32], dim_ordering: 'th' } }] };
  return writeH5((file) => {
    file.create_attribute('keras_version', '1.2.2');
    file.create_attribute('backend', 'theano');
    file.create_attribute('model_config', JSON.stringify(config));
    file.create_group('model_weights').create_attribute('layer_names', ['convolution2d_1']);
  });
}

/** A little-endian header of `size` bytes with `[offset, width, value]` fields. */
function header(size: number, fields: [number, 2 | 4, number][]): Buffer {
  const buffer = Buffer.alloc(size);
  for (const [at, width, value] of fields) (width === 2 ? buffer.writeUInt16LE(value, at) : buffer.writeUInt32LE(value, at));
  return buffer;
}

/** A zip archive; entries listed with `deflate` are compressed (method 8), the others stored. */
export function zipArchive(entries: { name: string; data: Uint8Array; deflate?: boolean }[]): Uint8Array {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate } of entries) {
    const packed = deflate ? deflateRawSync(data) : Buffer.from(data);
    const nameBytes = Buffer.from(name);
    const common: [number, 2 | 4, number][] = [[4, 2, deflate ? 8 : 0], [10, 4, crc32(data)], [14, 4, packed.length], [18, 4, data.length], [22, 2, nameBytes.length]];
    const shift = (by: number) => common.map(([at, width, value]): [number, 2 | 4, number] => [at + by, width, value]);
    parts.push(header(30, [[0, 4, 0x04034b50], [4, 2, 20], ...shift(4)]), nameBytes, packed);
    centrals.push(header(46, [[0, 4, 0x02014b50], [4, 2, 20], [6, 2, 20], ...shift(6), [42, 4, offset]]), nameBytes);
    offset += 30 + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = header(22, [[0, 4, 0x06054b50], [8, 2, entries.length], [10, 2, entries.length], [12, 4, directory.length], [16, 4, offset]]);
  return new Uint8Array(Buffer.concat([...parts, directory, end]));
}

/** A .keras archive of `layers`: config.json deflated, metadata.json and model.weights.h5 stored. */
export async function kerasArchive(layers: FixtureLayer[], values: Map<string, Float32Array[]>, functional: boolean): Promise<Uint8Array> {
  const text = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  return zipArchive([
    { name: 'metadata.json', data: text({ keras_version: '3.3.3', date_saved: '2026-11-28@00:00:00' }) },
    { name: 'config.json', data: text(keras3Config(layers, functional)), deflate: true },
    { name: 'model.weights.h5', data: await keras3WeightStore(layers, values) },
  ]);
}

/** The Functional fixture built with the tfjs-layers API and its weights: every layer's output for one input. */
export function functionalReference(values: Map<string, Float32Array[]>): tfl.LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [12, 12, 3], name: 'image' });
  const apply = (layer: tfl.layers.Layer, x: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(x) as tfl.SymbolicTensor;
  const stem = apply(L.conv2d({ name: 'stem_conv', filters: 4, kernelSize: 3, activation: 'relu' }), input);
  const bn = apply(L.batchNormalization({ name: 'stem_bn', epsilon: 0.001 }), stem);
  const relu = apply(L.reLU({ name: 'stem_relu' }), bn);
  const dw = apply(L.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same' }), relu);
  const proj = apply(L.conv2d({ name: 'proj', filters: 4, kernelSize: 1, useBias: false }), relu);
  const merge = apply(L.add({ name: 'merge' }), [dw, proj]);
  const sep = apply(L.separableConv2d({ name: 'sep', filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }), merge);
  const pool = apply(L.maxPooling2d({ name: 'pool', poolSize: 2 }), sep);
  const gap = apply(L.globalAveragePooling2d({ name: 'gap' }), pool);
  const head = apply(L.dense({ name: 'head', units: 3, activation: 'softmax' }), gap);
  const outputs = [stem, bn, relu, dw, proj, merge, sep, pool, gap, head];
  const model = tfl.model({ inputs: input, outputs });
  for (const layer of model.layers) {
    const weights = values.get(layer.name);
    if (weights && weights.length > 0) layer.setWeights(weights.map((data, i) => tf.tensor(data, layer.weights[i].shape as number[])));
  }
  return model;
}

/** Conv2D, stride 1, padding "same" (odd kernel), no activation; kernel HWIO. Plain loops. */
export function conv2dSame(input: Hwc, kernel: Float32Array, size: number, bias: Float32Array): Hwc {
  const filters = bias.length;
  const pad = (size - 1) / 2;
  const out = new Float32Array(input.h * input.w * filters);
  for (let y = 0; y < input.h; y++) {
    for (let x = 0; x < input.w; x++) {
      for (let f = 0; f < filters; f++) {
        let sum = bias[f];
        for (let ky = 0; ky < size; ky++) {
          for (let kx = 0; kx < size; kx++) {
            const iy = y + ky - pad;
            const ix = x + kx - pad;
            if (iy < 0 || ix < 0 || iy >= input.h || ix >= input.w) continue;
            for (let ch = 0; ch < input.c; ch++) {
              sum += input.data[(iy * input.w + ix) * input.c + ch] * kernel[((ky * size + kx) * input.c + ch) * filters + f];
            }
          }
        }
        out[(y * input.w + x) * filters + f] = sum;
      }
    }
  }
  return { h: input.h, w: input.w, c: filters, data: out };
}

/** Inference BatchNormalization over the last axis: gamma (x - mean) / sqrt(variance + epsilon) + beta. */
export function batchNorm(input: Hwc, [gamma, beta, mean, variance]: Float32Array[], epsilon: number): Hwc {
  const data = input.data.map((value, i) => {
    const c = i % input.c;
    return (gamma[c] * (value - mean[c])) / Math.sqrt(variance[c] + epsilon) + beta[c];
  });
  return { ...input, data };
}

export function relu(input: Hwc): Hwc {
  return { ...input, data: input.data.map((value) => Math.max(0, value)) };
}

/** Loads files through the worker's own path (loadModelFiles + buildFromFiles), as a drop does. */
export async function loadGiven(files: { name: string; bytes: Uint8Array }[], options: ReadOptions = {}): Promise<LoadedModel> {
  const given = await loadModelFiles(files, options);
  return buildFromFiles(`convlens-file://test/${encodeURIComponent(given.name)}`, given);
}

/** Runs every non-input layer (or `layers`) and the prediction; results by layer name. */
export async function runLayers(loaded: LoadedModel, input: Float32Array, layers?: string[]) {
  const summary = summarize(loaded);
  const results = new Map<string, LayerResult>();
  const prediction = await execute(loaded, input, {
    layers: layers ?? summary.rows.filter((row) => row.type !== 'InputLayer').map((row) => row.name),
    probabilities: true,
    rowIndex: new Map(summary.rows.map((row, i) => [row.name, i])),
    isCancelled: () => false,
    onLayer: (result) => results.set(result.name, result),
  });
  return { summary, results, prediction };
}
