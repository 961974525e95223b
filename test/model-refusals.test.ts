/** Bad models get specific messages from the engine, before anything expensive happens. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildModel, loadModel, MAX_MODEL_BYTES } from '../worker/engine/load-model';
import { execute } from '../worker/engine/execute';
import { rejects } from './helpers/assert';
import { DEFAULT_MODEL_URL, useBackend } from './helpers/node-engine';

const defaultJson = () => JSON.parse(readFileSync(fileURLToPath(DEFAULT_MODEL_URL), 'utf8'));
const noFetch = async () => new Response('', { status: 404 });
const serve = (body: string, status = 200) => async () => new Response(body, { status });

test.before(() => useBackend('wasm'));

test('model.json that is not JSON says so', async () => {
  await rejects(() => loadModel('https://x.test/m/model.json', serve('<html>not json')), /model\.json is not JSON/);
});

test('valid JSON that is not a model names what is missing', async () => {
  await rejects(() => loadModel('https://x.test/m/model.json', serve('{"hello": 1}')), /not a tfjs layers model.*modelTopology.*weightsManifest/);
});

test('a 404 for model.json gives the HTTP status', async () => {
  await rejects(() => loadModel('https://x.test/m/model.json', serve('', 404)), /HTTP 404/);
});

test('a network failure (as a cross-origin URL without CORS looks) mentions CORS', async () => {
  await rejects(() => loadModel('https://other.test/model.json', () => Promise.reject(new TypeError('Failed to fetch'))), /CORS/);
});

test('an unknown layer type is named', async () => {
  const json = defaultJson();
  json.modelTopology.model_config.config.layers[2].class_name = 'MyFancyLayer';
  await rejects(() => buildModel('https://x.test/model.json', json, noFetch), /uses MyFancyLayer, which convlens does not know/);
});

test('a model whose input is not an image is refused with its input shape', async () => {
  const json = defaultJson();
  json.modelTopology.model_config.config.layers = [
    { class_name: 'InputLayer', config: { batch_input_shape: [null, 20], dtype: 'float32', name: 'in' } },
    { class_name: 'Dense', config: { name: 'd', units: 2, batch_input_shape: [null, 20] } },
  ];
  json.weightsManifest = [];
  await rejects(() => buildModel('https://x.test/model.json', json, noFetch), /takes input of shape \[None,20\]/);
});

test('a model declaring 2 GB of weights is refused before any weight is fetched', async () => {
  const json = defaultJson();
  json.weightsManifest[0].weights[0].shape = [512, 1024, 1024]; // 2 GiB of float32
  const fetched: string[] = [];
  await rejects(
    () => buildModel('https://x.test/model.json', json, async (url) => (fetched.push(url), new Response(''))),
    new RegExp(`declares 2051 MB of weights; convlens loads at most ${MAX_MODEL_BYTES / 1024 / 1024} MB`),
  );
  assert.equal(fetched, []);
});

test('a weight file of the wrong length gives both lengths', async () => {
  const loaded = await buildModel('https://x.test/model.json', defaultJson(), async () => new Response(new Uint8Array(1024)));
  await rejects(
    () => execute(loaded, new Float32Array(3072), { layers: ['conv2d'], probabilities: false, rowIndex: new Map(), isCancelled: () => false, onLayer: () => {} }),
    /Weight file conv2d\.[0-9a-f]{8}\.bin is 1024 bytes, expected 3584/,
  );
});

test('NaN and infinite weights give a warning and the layer is still computed', async () => {
  const json = defaultJson();
  const bytes = readFileSync(fileURLToPath(new URL(json.weightsManifest[0].paths[0], DEFAULT_MODEL_URL)));
  const poisoned = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  poisoned[0] = NaN;
  poisoned[1] = Infinity;
  const loaded = await buildModel('https://x.test/model.json', json, async () => new Response(poisoned.buffer));
  const layers: string[] = [];
  await execute(loaded, new Float32Array(3072), { layers: ['conv2d'], probabilities: false, rowIndex: new Map(), isCancelled: () => false, onLayer: (r) => layers.push(r.name) });
  assert.equal(layers, ['conv2d']);
  assert.equal(loaded.weights.warnings, ['Weight conv2d/kernel holds 2 NaN or infinite values; its layer\'s drawing may be blank.']);
});

test.run();
