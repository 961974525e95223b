/**
 * The model half of the bad-input corpus: each case is a set of files served at
 * /__files/<dir>/ (made here from the default model, or written by the Keras fixtures),
 * the model URL the widget is given, and the exact message the student sees, or the
 * warning shown while every layer is still drawn. Also two small models built with
 * tfjs-layers: one with a layer wider than MAX_CHANNELS, one whose names are markup.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tfl from '@tensorflow/tfjs-layers';
import { encodePng } from '../helpers/png';
import { keras1H5 } from '../helpers/keras-fixtures';
import { saveInMemory } from '../helpers/all-layers-model';
import { useBackend } from '../helpers/node-engine';
import { SUPPORTED_FORMATS } from '../../worker/format/errors';

const MODEL_DIR = fileURLToPath(new URL('../../models/cifar10/', import.meta.url));
/** Markup that runs script if it is ever parsed as HTML. */
export const EVIL = '<img src=x onerror="globalThis.pwned=1">';

type Json = Record<string, any>;
export type Files = Map<string, Uint8Array>;

export interface ModelCase {
  name: string;
  /** Files served at /__files/<dir>/<name>. */
  files: () => Promise<Files> | Files;
  /** The model URL: under /__files/<dir>/, or absolute (another origin) when it starts with http. */
  model: string;
  /** The message shown (for refusals), matched whole. */
  error?: RegExp;
  /** The stable code the worker gives it. */
  code?: string;
  /** For models that still draw: the warning shown. */
  warning?: RegExp;
  /** True when the refusal must come before any weight file is requested. */
  noWeights?: boolean;
  /** True when the failure comes while computing, so the widget goes back to its previous model and says so. */
  back?: boolean;
}

const text = (s: string) => new TextEncoder().encode(s);
const bytes = (json: unknown) => text(JSON.stringify(json));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** Matches `message` exactly. */
const exact = (message: string) => new RegExp(`^${escape(message)}$`);
/** A refusal of the format reader: what was found, then what convlens reads. */
const notAModel = (found: string) => exact(`${found} ${SUPPORTED_FORMATS}.`);

/** The default model's model.json, parsed (a fresh copy each call). */
export function defaultJson(): Json {
  return JSON.parse(readFileSync(`${MODEL_DIR}model.json`, 'utf8'));
}

/** The default model's files, with model.json replaced by `json` and weight files changed by `edit`. */
function defaultFiles(json: Json = defaultJson(), edit: (name: string, data: Uint8Array) => Uint8Array = (_, d) => d): Files {
  const files: Files = new Map([['model.json', bytes(json)]]);
  for (const file of readdirSync(MODEL_DIR).filter((f) => f.endsWith('.bin'))) {
    files.set(file, edit(file, new Uint8Array(readFileSync(MODEL_DIR + file))));
  }
  return files;
}

const conv2dFile = () => defaultJson().weightsManifest[0].paths[0] as string;
const layers = (json: Json): Json[] => json.modelTopology.model_config.config.layers;

/** Float32 weights with the first value NaN and the second +Infinity. */
function poisoned(data: Uint8Array): Uint8Array {
  const copy = data.slice();
  const floats = new Float32Array(copy.buffer);
  floats[0] = NaN;
  floats[1] = Infinity;
  return copy;
}

export const MODEL_CASES: ModelCase[] = [
  {
    name: 'model.json that is not JSON (an HTML error page)', model: 'html/model.json', code: 'model-not-a-model',
    files: () => new Map([['model.json', text('<!doctype html><title>Login</title><p>Please log in.')]]),
    error: notAModel('model.json is not a model file: it is plain text.'),
  },
  {
    name: 'model.json that is broken JSON', model: 'broken/model.json', code: 'model-json',
    files: () => new Map([['model.json', text('{"modelTopology": {"class_name": ')]]),
    error: /^model\.json is not JSON, so it is not a tfjs model\.json file\.$/,
  },
  {
    name: 'valid JSON that is not a model', model: 'hello/model.json', code: 'model-not-a-model',
    files: () => new Map([['model.json', bytes({ hello: 1 })]]),
    error: notAModel('model.json is JSON but not a model (a tfjs model.json has "modelTopology" and "weightsManifest"; a Keras topology has "class_name").'),
  },
  {
    name: 'model.json not found (404)', model: 'nowhere/model.json', code: 'model-fetch', files: () => new Map(),
    error: /^Could not load http:\/\/localhost:\d+\/__files\/nowhere\/model\.json: HTTP 404\.$/,
  },
  {
    name: 'a missing weight file (404)', model: 'no-weights/model.json', code: 'weights-fetch', back: true,
    files: () => new Map([['model.json', bytes(defaultJson())]]),
    error: /^Weight file conv2d\.[0-9a-f]{8}\.bin could not be fetched: HTTP 404\.$/,
  },
  {
    name: 'a weight file with the wrong byte length', model: 'short/model.json', code: 'weights-length', back: true,
    files: () => defaultFiles(defaultJson(), (name, data) => (name === conv2dFile() ? data.slice(0, 1024) : data)),
    error: /^Weight file conv2d\.[0-9a-f]{8}\.bin is 1024 bytes, expected 3584\.$/,
  },
  {
    name: 'a weight of the wrong shape (same byte count)', model: 'shape/model.json', code: 'weights-shape',
    files: () => {
      const json = defaultJson();
      json.weightsManifest[0].weights[0].shape = [3, 3, 32, 3];
      return defaultFiles(json);
    },
    error: /^Weight conv2d\/kernel has shape \[3,3,32,3\], the layer conv2d expects \[3,3,3,32\]\.$/,
  },
  {
    name: 'NaN and infinite weights: a warning, and every layer still drawn', model: 'nan/model.json',
    files: () => defaultFiles(defaultJson(), (name, data) => (name === conv2dFile() ? poisoned(data) : data)),
    warning: /^Weight conv2d\/kernel holds 2 NaN or infinite values; its layer's drawing may be blank\.$/,
  },
  {
    name: 'an unknown layer type', model: 'unknown/model.json', code: 'model-unknown-layer',
    files: () => {
      const json = defaultJson();
      layers(json)[2].class_name = 'MyFancyLayer';
      return defaultFiles(json);
    },
    error: exact('model.json uses MyFancyLayer, which convlens does not know (a custom layer, or one convlens does not run: layer max_pooling2d). Supported: Conv2D, DepthwiseConv2D, SeparableConv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, BatchNormalization, Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax, Add, Subtract, Multiply, Maximum, Minimum, Concatenate, ZeroPadding2D, Rescaling, Dropout, SpatialDropout2D, Flatten, Reshape, Dense.'),
  },
  {
    name: 'a channels_first model', model: 'channels-first/model.json', code: 'model-channels-first',
    files: () => {
      const json = defaultJson();
      layers(json)[1].config.data_format = 'channels_first';
      return defaultFiles(json);
    },
    error: exact('model.json: layer conv2d (Conv2D) has data_format "channels_first"; convlens runs channels_last models (height, width, channels: the Keras default) only'),
  },
  {
    name: 'a model whose input is not an image', model: 'vector/model.json', code: 'model-input',
    files: () => {
      const json = defaultJson();
      json.modelTopology.model_config.config.layers = [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 20], dtype: 'float32', name: 'in' } },
        { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 20] } },
      ];
      json.weightsManifest = [];
      return new Map([['model.json', bytes(json)]]);
    },
    error: /^model\.json takes input of shape \[None,20\]; convlens needs one image input \(height, width, 1 or 3 channels\)\.$/,
  },
  {
    name: 'a model declaring 2 GB of weights: refused before any download', model: 'huge/model.json', code: 'model-too-large', noWeights: true,
    files: () => {
      const json = defaultJson();
      json.weightsManifest[0].weights[0].shape = [512, 1024, 1024];
      return defaultFiles(json);
    },
    error: /^model\.json declares 2051 MB of weights; convlens loads at most 300 MB, so nothing was downloaded\.$/,
  },
  {
    name: 'a Keras 1 HDF5 file', model: 'keras1/old.h5', code: 'model-keras1',
    files: async () => new Map([['old.h5', await keras1H5()]]),
    error: /^old\.h5 was written by Keras 1\.2\.2; convlens reads Keras 2 and 3 files \(Keras 1 used other layer configs and weight layouts\): load it in Keras 2 and save it again$/,
  },
  {
    name: 'random bytes named .h5', model: 'noise/model.h5', code: 'model-not-a-model',
    files: () => new Map([['model.h5', Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)]]),
    error: notAModel('model.h5 is not a model file: it is binary data starting with bytes 0d 97 26 b0.'),
  },
  {
    name: 'a photo given as the model', model: 'photo/cat.png', code: 'model-not-a-model',
    files: () => new Map([['cat.png', encodePng({ width: 1, height: 1, colorType: 2, pixels: new Uint8Array(3) })]]),
    error: notAModel('cat.png is not a model file: it is a PNG image.'),
  },
  {
    name: 'a cross-origin model URL without CORS', model: 'http://127.0.0.1:{otherPort}/models/cifar10/model.json', code: 'model-fetch',
    files: () => new Map(),
    error: /^Could not load http:\/\/127\.0\.0\.1:\d+\/models\/cifar10\/model\.json: network error, or the server does not allow cross-origin requests \(CORS\)\.$/,
  },
];

/** Image refusals only a URL can cause (the file corpus is test/corpus/images.ts). */
export const IMAGE_URL_CASES = [
  { name: 'an image URL that is not found (404)', src: '/__files/images/missing.png', code: 'image-fetch', error: /^Could not load the image http:\/\/localhost:\d+\/__files\/images\/missing\.png: HTTP 404\.$/ },
  { name: 'a cross-origin image URL without CORS', src: 'http://127.0.0.1:{otherPort}/samples/coffee.png', code: 'image-fetch', error: /^Could not load the image http:\/\/127\.0\.0\.1:\d+\/samples\/coffee\.png \(network error or blocked by CORS\)\.$/ },
];

/** Files of a model saved in memory by tfjs-layers, with convlens metadata. */
async function served(model: tfl.LayersModel, metadata: Json): Promise<{ json: Json; weights: Uint8Array }> {
  const saved = await saveInMemory(model);
  const weights = new Uint8Array(await (await saved.fetch('weights.bin')).arrayBuffer());
  return { json: { ...saved.json, userDefinedMetadata: { convlens: metadata } }, weights };
}

/** 8×8 grey input, one 1×1 convolution with `channels` filters (more than MAX_CHANNELS), two classes. */
export async function wideModel(channels: number): Promise<Files> {
  await useBackend('wasm');
  const model = tfl.sequential({ layers: [
    tfl.layers.conv2d({ name: 'wide', filters: channels, kernelSize: 1, activation: 'relu', inputShape: [8, 8, 1] }),
    tfl.layers.flatten({ name: 'flat' }),
    tfl.layers.dense({ name: 'dense', units: 2, activation: 'softmax' }),
  ] });
  const { json, weights } = await served(model, { pixelScale: 1 / 255, classNames: ['a', 'b'] });
  return new Map([['model.json', bytes(json)], ['weights.bin', weights]]);
}

/**
 * A model whose untrusted strings are all markup: its name, its class names, and a weight
 * with NaN values whose manifest name is markup (so the warning quotes it). Layer names
 * cannot carry markup: tfjs-layers refuses them as tensor names, which `evilLayerModel` shows.
 */
export async function evilModel(): Promise<Files> {
  await useBackend('wasm');
  const model = tfl.sequential({ name: EVIL, layers: [
    tfl.layers.conv2d({ name: 'conv', filters: 2, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 3] }),
    tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }),
    tfl.layers.flatten({ name: 'flat' }),
    tfl.layers.dense({ name: 'dense', units: 3, activation: 'softmax' }),
  ] });
  const { json, weights } = await served(model, { pixelScale: 1 / 255, classNames: [`${EVIL} 1`, `${EVIL} 2`, `${EVIL} 3`] });
  // One more weight in the file, named with markup and holding NaN: only the warning reads it.
  json.weightsManifest[0].weights.push({ name: EVIL, shape: [2], dtype: 'float32' });
  const extra = new Uint8Array(new Float32Array([NaN, NaN]).buffer);
  return new Map([['model.json', bytes(json)], ['weights.bin', new Uint8Array([...weights, ...extra])]]);
}

/** The default model with a layer named `EVIL` and another layer type named `EVIL`: both refused, quoting them. */
export function evilLayerModels(): { named: Files; typed: Files } {
  const named = defaultJson();
  layers(named)[2].config.name = EVIL;
  const typed = defaultJson();
  layers(typed)[2].class_name = EVIL;
  return { named: defaultFiles(named), typed: defaultFiles(typed) };
}
