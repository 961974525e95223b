/**
 * The baseline: what CNN Explainer and TensorSpace fall back to without WebGL. tfjs-core,
 * tfjs-layers and the `cpu` backend on the page's main thread; the whole model loaded up
 * front with tf.loadLayersModel; the lecture's six-output model
 * (`Model(inputs, [layer.output for layer in model.layers[:6]])`); predict; then every
 * channel painted into its own <canvas> through an ImageData, in one loop.
 *
 * Query: ?model=<model.json>&src=<image>&layers=a,b,c (default: the lecture's six).
 * `globalThis.__baseline.run(src)` runs another image (the warm run).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { VIRIDIS } from '../../src/paint/viridis';

const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
/** CSS size of one tile, as in the widget (the canvas itself has the map's size). */
const TILE_CSS = 60;

interface Bench {
  expect(layers: string[]): void;
  tile(layer: string, painted: number, total: number): void;
  layer(name: string, ms: number): void;
}
const bench = (globalThis as unknown as { __bench: Bench }).__bench;

const query = new URLSearchParams(location.search);
const layerNames = (query.get('layers') ?? '').split(',').filter(Boolean);
const names = layerNames.length > 0 ? layerNames : LECTURE_LAYERS;
const container = document.body.appendChild(document.createElement('main'));

async function loadImage(src: string): Promise<HTMLImageElement> {
  const image = new Image();
  image.src = new URL(src, location.href).href;
  await image.decode();
  return image;
}

/** One channel of an NHWC map into a new canvas, min–max normalised, viridis. */
function paintChannel(data: Float32Array, height: number, width: number, channels: number, channel: number): HTMLCanvasElement {
  let min = Infinity;
  let max = -Infinity;
  for (let p = 0; p < height * width; p++) {
    const v = data[p * channels + channel];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = max > min ? 1 / (max - min) : 0;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  canvas.style.width = canvas.style.height = `${TILE_CSS}px`;
  canvas.style.imageRendering = 'pixelated';
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let p = 0; p < height * width; p++) {
    const i = Math.min(255, Math.floor((data[p * channels + channel] - min) * scale * 256)) * 3;
    image.data[p * 4] = VIRIDIS[i];
    image.data[p * 4 + 1] = VIRIDIS[i + 1];
    image.data[p * 4 + 2] = VIRIDIS[i + 2];
    image.data[p * 4 + 3] = 255;
  }
  context.putImageData(image, 0, 0);
  return canvas;
}

function paint(outputs: Float32Array[], shapes: number[][]): void {
  container.replaceChildren();
  outputs.forEach((data, index) => {
    const [, height, width, channels] = shapes[index];
    const section = container.appendChild(document.createElement('section'));
    section.appendChild(document.createElement('h4')).textContent = names[index];
    for (let c = 0; c < channels; c++) {
      section.appendChild(paintChannel(data, height, width, channels, c));
      bench.tile(names[index], c + 1, channels);
    }
  });
}

async function start() {
  await tf.setBackend('cpu');
  const modelUrl = new URL(query.get('model') ?? '../models/cifar10/model.json', location.href).href;
  const model = await tfl.loadLayersModel(modelUrl);
  const lens = tfl.model({ inputs: model.inputs, outputs: names.map((name) => model.getLayer(name).output as tfl.SymbolicTensor) });
  const [, height, width] = model.inputs[0].shape as number[];
  const scale = Number(query.get('scale') ?? 1 / 255);
  bench.expect(names);

  async function run(src: string): Promise<{ computeMs: number }> {
    const image = await loadImage(src);
    const input = tf.tidy(() => {
      const pixels = tf.browser.fromPixels(image);
      const resized = tf.image.resizeNearestNeighbor(pixels, [height, width]);
      return tf.expandDims(tf.mul(tf.cast(resized, 'float32'), scale), 0);
    });
    const started = performance.now();
    const result = lens.predict(input) as tf.Tensor[];
    const outputs = result.map((tensor) => tensor.dataSync() as Float32Array);
    const computeMs = performance.now() - started;
    names.forEach((name) => bench.layer(name, computeMs / names.length));
    const shapes = result.map((tensor) => tensor.shape);
    tf.dispose([input, ...result]);
    paint(outputs, shapes);
    return { computeMs };
  }

  Object.assign(globalThis, { __baseline: { run, ready: true } });
  const src = query.get('src');
  if (src) await run(src);
}

start().catch((error) => {
  (globalThis as unknown as { __baselineError: string }).__baselineError = String(error?.stack ?? error);
  throw error;
});
