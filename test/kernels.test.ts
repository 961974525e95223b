/**
 * The worker registers only the WASM kernels in worker/kernels.ts. This file runs on a
 * WASM backend that has exactly those kernels (not the package's full set) and computes
 * every supported layer type and the default model; a kernel missing from the list fails.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm/dist/base';
import { fileURLToPath } from 'node:url';
import { registerWasmKernels } from '../worker/kernels';
import { buildModel } from '../worker/engine/load-model';
import { execute } from '../worker/engine/execute';
import { summarize } from '../worker/engine/summary';
import { allLayersModel, saveInMemory } from './helpers/all-layers-model';
import { DEFAULT_MODEL_URL, loadFromDisk } from './helpers/node-engine';

async function selectiveWasm() {
  setWasmPaths(fileURLToPath(new URL('../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url)));
  registerWasmKernels();
  assert.ok(await tf.setBackend('wasm'), 'the WASM backend starts');
  assert.ok(tf.getKernelsForBackend('wasm').length < 60, 'only the listed kernels are registered');
}

async function runEveryLayer(loaded: Awaited<ReturnType<typeof loadFromDisk>>) {
  const summary = summarize(loaded);
  const size = loaded.inputShape.reduce((a, b) => a * b, 1);
  const names: string[] = [];
  await execute(loaded, new Float32Array(size).fill(0.3), {
    layers: summary.rows.filter((r) => r.type !== 'InputLayer').map((r) => r.name),
    probabilities: true, rowIndex: new Map(), isCancelled: () => false, onLayer: (r) => names.push(r.name),
  });
  return names;
}

test('every supported layer type runs on the selected kernels alone', async () => {
  await selectiveWasm();
  const saved = await saveInMemory(allLayersModel());
  const loaded = await buildModel('file:///all-layers/model.json', saved.json, saved.fetch);
  const names = await runEveryLayer(loaded);
  assert.ok(names.length >= 25, `computed ${names.length} layers`);
});

test('the default model runs on the selected kernels alone', async () => {
  await selectiveWasm();
  const names = await runEveryLayer(await loadFromDisk(new URL(DEFAULT_MODEL_URL)));
  assert.is(names.length, 10);
});

test.run();
