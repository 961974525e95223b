/**
 * The worker's weights(url, layer): the first conv layer's kernel as the engine holds it,
 * compared with the float32 values read straight from models/cifar10's weight file.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { DEFAULT_MODEL_URL, loadFromDisk, useBackend } from './helpers/node-engine';
import { layerWeights } from '../worker/layer-weights';

/** conv2d/kernel [3, 3, 3, 32] from the .bin, little-endian float32, in manifest order. */
function kernelFromFile(): { shape: number[]; data: Float32Array } {
  const json = JSON.parse(readFileSync(new URL('../models/cifar10/model.json', import.meta.url), 'utf8'));
  const group = json.weightsManifest.find((g: { weights: { name: string }[] }) => g.weights.some((w) => w.name === 'conv2d/kernel'));
  const bytes = readFileSync(new URL(`../models/cifar10/${group.paths[0]}`, import.meta.url));
  let offset = 0;
  for (const entry of group.weights) {
    const count = entry.shape.reduce((a: number, b: number) => a * b, 1);
    if (entry.name === 'conv2d/kernel') {
      const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * 4);
      return { shape: entry.shape, data: Float32Array.from({ length: count }, (_, i) => view.getFloat32(i * 4, true)) };
    }
    offset += count * 4;
  }
  throw new Error('conv2d/kernel not in the manifest');
}

const test = suite('layer weights');

test('the first conv layer\'s kernel equals the weight file, value for value', async () => {
  await useBackend('wasm');
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const kernel = await layerWeights(loaded, 'conv2d');
  const expected = kernelFromFile();
  assert.equal([kernel.layer, kernel.op, kernel.role, kernel.shape], ['conv2d', 'conv2d', 'kernel', [3, 3, 3, 32]]);
  assert.equal(kernel.shape, expected.shape);
  assert.equal(Array.from(kernel.data), Array.from(expected.data));
});

test('a deeper conv layer has its own shape; a layer without a kernel is refused by name', async () => {
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  assert.equal((await layerWeights(loaded, 'conv2d_1')).shape, [3, 3, 32, 64]);
  const refused = await layerWeights(loaded, 'max_pooling2d').then(() => 'accepted', (error: Error) => error.message);
  assert.match(refused, /^Layer max_pooling2d has no kernel to show/);
});

test.run();
