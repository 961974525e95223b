/**
 * A VGG-16-shaped model for the scale benchmark: 13 3×3 conv layers (ReLU, same padding)
 * in the VGG-16 layout 64,64,P,128,128,P,256×3,P,512×3,P,512×3,P on a 224×224×3 input,
 * then a tiny head (Flatten, Dense 10 softmax) so the widget can finish with a prediction
 * using the same kernels as the default model. Random He-uniform weights from a seeded
 * generator, written as a tfjs layers model.json plus one content-hashed .bin per layer,
 * like the converter writes. Nothing of it is shipped: the benchmark generates it.
 *
 * `tsx bench/vgg16.ts <dir>` writes it into <dir>.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const INPUT_SIZE = 224;
/** Conv filters per layer, 'P' a 2×2 max pool: the VGG-16 feature extractor. */
export const VGG16_LAYOUT: readonly (number | 'P')[] = [64, 64, 'P', 128, 128, 'P', 256, 256, 256, 'P', 512, 512, 512, 'P', 512, 512, 512, 'P'];
const CLASSES = 10;

export interface GeneratedModel {
  /** model.json's path inside the directory. */
  modelFile: string;
  /** Names of the 13 conv layers, in order (block1_conv1 …). */
  convLayers: string[];
  /** Sum of the conv layers' channels (4,224 for VGG-16). */
  convChannels: number;
  /** Total bytes of the weight files. */
  weightBytes: number;
}

/** mulberry32: a small, seeded, fast PRNG with values in [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** He-uniform values for a kernel with `fanIn` inputs, so ReLU activations neither die out nor explode. */
function heUniform(count: number, fanIn: number, next: () => number): Float32Array {
  const limit = Math.sqrt(6 / fanIn);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = (next() * 2 - 1) * limit;
  return values;
}

const ZEROS = { class_name: 'Zeros', config: {} };

function conv(name: string, filters: number) {
  return {
    class_name: 'Conv2D',
    config: {
      name, trainable: true, dtype: 'float32', filters, kernel_size: [3, 3], strides: [1, 1], padding: 'same',
      data_format: 'channels_last', dilation_rate: [1, 1], groups: 1, activation: 'relu', use_bias: true,
      // Zeros: tfjs-layers initialises variables when it builds the model; random
      // initialisers would cost seconds here, and the real values come from the .bin files.
      kernel_initializer: ZEROS, bias_initializer: ZEROS,
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  };
}

function pool(name: string) {
  return {
    class_name: 'MaxPooling2D',
    config: { name, trainable: true, dtype: 'float32', pool_size: [2, 2], padding: 'valid', strides: [2, 2], data_format: 'channels_last' },
  };
}

function dense(name: string, units: number) {
  return {
    class_name: 'Dense',
    config: {
      name, trainable: true, dtype: 'float32', units, activation: 'softmax', use_bias: true,
      kernel_initializer: ZEROS, bias_initializer: ZEROS,
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  };
}

interface Group {
  paths: string[];
  weights: { name: string; shape: number[]; dtype: 'float32' }[];
}

/** Writes one layer's kernel and bias as `<layer>.<hash8>.bin`; returns its manifest group. */
async function writeGroup(dir: string, layer: string, kernelShape: number[], kernel: Float32Array, bias: Float32Array): Promise<Group> {
  const bytes = Buffer.concat([Buffer.from(kernel.buffer), Buffer.from(bias.buffer)]);
  const file = `${layer}.${createHash('sha256').update(bytes).digest('hex').slice(0, 8)}.bin`;
  await writeFile(join(dir, file), bytes);
  return {
    paths: [file],
    weights: [
      { name: `${layer}/kernel`, shape: kernelShape, dtype: 'float32' },
      { name: `${layer}/bias`, shape: [bias.length], dtype: 'float32' },
    ],
  };
}

/** Writes model.json and the weight files into `dir` (created if missing). */
export async function writeVgg16(dir: string, seed = 16): Promise<GeneratedModel> {
  await mkdir(dir, { recursive: true });
  const next = random(seed);
  const layers: object[] = [{ class_name: 'InputLayer', config: { batch_input_shape: [null, INPUT_SIZE, INPUT_SIZE, 3], dtype: 'float32', sparse: false, name: 'input_1' } }];
  const manifest: Group[] = [];
  const convLayers: string[] = [];
  let block = 1;
  let inBlock = 0;
  let channels = 3;
  let size = INPUT_SIZE;
  for (const step of VGG16_LAYOUT) {
    if (step === 'P') {
      layers.push(pool(`block${block}_pool`));
      size /= 2;
      block++;
      inBlock = 0;
      continue;
    }
    const name = `block${block}_conv${++inBlock}`;
    layers.push(conv(name, step));
    const shape = [3, 3, channels, step];
    manifest.push(await writeGroup(dir, name, shape, heUniform(9 * channels * step, 9 * channels, next), new Float32Array(step)));
    convLayers.push(name);
    channels = step;
  }
  layers.push({ class_name: 'Flatten', config: { name: 'flatten', trainable: true, dtype: 'float32', data_format: 'channels_last' } });
  layers.push(dense('predictions', CLASSES));
  const features = size * size * channels;
  manifest.push(await writeGroup(dir, 'predictions', [features, CLASSES], heUniform(features * CLASSES, features, next), new Float32Array(CLASSES)));
  const model = {
    format: 'layers-model',
    generatedBy: 'convlens bench/vgg16.ts',
    convertedBy: null,
    modelTopology: {
      keras_version: '2.15.0',
      backend: 'tensorflow',
      model_config: { class_name: 'Sequential', config: { name: 'vgg16_random', layers } },
    },
    weightsManifest: manifest,
    userDefinedMetadata: { convlens: { classNames: null, pixelScale: 1 / 255, source: `random He-uniform weights, seed ${seed}` } },
  };
  await writeFile(join(dir, 'model.json'), JSON.stringify(model));
  const weightBytes = manifest.reduce((sum, group) => sum + group.weights.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0), 0);
  const convChannels = VGG16_LAYOUT.reduce<number>((sum, step) => sum + (step === 'P' ? 0 : step), 0);
  return { modelFile: 'model.json', convLayers, convChannels, weightBytes };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: tsx bench/vgg16.ts <dir>');
    process.exit(1);
  }
  const model = await writeVgg16(dir);
  console.log(`wrote ${join(dir, model.modelFile)}: ${model.convLayers.length} conv layers, ${model.convChannels} channels, ${(model.weightBytes / 1e6).toFixed(1)} MB of weights`);
}
