/**
 * The model-file readers on files this test builds itself, so every byte is known: content
 * sniffing, the zip reader, Keras 3 config normalisation, a .keras archive, a Keras 3 legacy
 * .h5, a Keras 3 weights .h5 with its topology, and the refusals. Activations are compared
 * with the same model built by the tfjs-layers API and with plain-loop references.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { sniffModelFile } from '../worker/format/sniff';
import { openZip } from '../worker/format/zip';
import { normalizeKerasConfig, pruneConsumedOutputs, type JsonObject } from '../worker/format/keras-config';
import { toSnakeCase } from '../worker/format/keras3-weights';
import { rejects } from './helpers/assert';
import { ROOT, loadFromDisk, tf, useBackend } from './helpers/node-engine';
import { conv2dValidRelu, dense, maxPool2x2, maxRelativeError, softmaxReference } from './helpers/reference';
import {
  FUNCTIONAL_LAYERS, SEQUENTIAL_LAYERS, functionalReference, keras3Config, keras3LegacyH5, keras3WeightStore,
  kerasArchive, loadGiven, runLayers, weightValues, zipArchive,
} from './helpers/keras-fixtures';

const text = (value: string) => new TextEncoder().encode(value);
const seeded = (length: number, scale: number) => Float32Array.from({ length }, (_, i) => ((i * 7919) % 256) * scale);

const Sniff = suite('sniffModelFile');

Sniff('recognises HDF5 at offset 0 and after a 512-byte user block', () => {
  const signature = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.is(sniffModelFile(new Uint8Array([...signature, 0, 0])), 'hdf5');
  const withUserBlock = new Uint8Array(1024);
  withUserBlock.set(signature, 512);
  assert.is(sniffModelFile(withUserBlock), 'hdf5');
});

Sniff('recognises zip and JSON (with a byte order mark and blanks), whatever the name', () => {
  assert.is(sniffModelFile(zipArchive([{ name: 'a', data: text('x') }])), 'zip');
  assert.is(sniffModelFile(text('\ufeff \n {"modelTopology": {}}')), 'json');
  assert.is(sniffModelFile(text('[1, 2]')), 'json');
});

Sniff('a weight shard that happens to start with "{" is not JSON; text is unknown', () => {
  const shard = new Uint8Array(new Float32Array([2.9e-39, 1.5, -3]).buffer);
  shard[0] = 0x7b;
  assert.is(sniffModelFile(shard), 'unknown');
  assert.is(sniffModelFile(text('just some notes')), 'unknown');
});

Sniff.run();

const Zip = suite('openZip');

Zip('reads stored and deflated entries, checking their CRC-32', async () => {
  const big = text('convlens '.repeat(1000));
  const archive = zipArchive([{ name: 'stored.txt', data: text('hello') }, { name: 'deflated.txt', data: big, deflate: true }]);
  const zip = openZip(archive, 'test.zip');
  assert.equal([...zip.entries.keys()], ['stored.txt', 'deflated.txt']);
  assert.is(zip.entries.get('deflated.txt')!.method, 8);
  assert.ok(zip.entries.get('deflated.txt')!.compressedSize < big.length / 10);
  assert.is(new TextDecoder().decode(await zip.read('stored.txt')), 'hello');
  assert.equal(await zip.read('deflated.txt'), big);
});

Zip('a flipped byte fails the checksum; a cut archive has no central directory', async () => {
  const archive = zipArchive([{ name: 'a.txt', data: text('hello world') }]);
  const damaged = archive.slice();
  damaged[30 + 'a.txt'.length] ^= 1;
  await rejects(() => openZip(damaged, 'd.keras').read('a.txt'), /d\.keras is a damaged zip archive: a\.txt fails its checksum/);
  assert.throws(() => openZip(archive.subarray(0, archive.length - 10), 'cut.keras'), /cut\.keras is a damaged zip archive: it has no central directory/);
});

Zip('a deflated entry that does not inflate is named', async () => {
  const archive = zipArchive([{ name: 'c.json', data: text('{"a": 1}'.repeat(50)), deflate: true }]);
  const start = 30 + 'c.json'.length;
  archive.fill(0xff, start, start + 8);
  await rejects(() => openZip(archive, 'x.keras').read('c.json'), /x\.keras is a damaged zip archive: c\.json (does not inflate|fails its checksum)/);
  assert.ok(deflateRawSync(text('x')).length > 0);
});

Zip.run();

const Normalize = suite('normalizeKerasConfig');

Normalize('turns a Keras 3 Functional config into the Keras 2 form', () => {
  const config = normalizeKerasConfig(keras3Config(FUNCTIONAL_LAYERS, true), 'm.keras');
  const inner = config.config as { layers: JsonObject[]; input_layers: unknown; output_layers: unknown };
  const byName = new Map(inner.layers.map((layer) => [layer.name as string, layer]));
  assert.equal((byName.get('image')!.config as JsonObject).batch_input_shape, [null, 12, 12, 3]);
  assert.is((byName.get('image')!.config as JsonObject).batch_shape, undefined);
  assert.is((byName.get('stem_conv')!.config as JsonObject).dtype, 'float32');
  assert.equal(byName.get('stem_bn')!.inbound_nodes, [[['stem_conv', 0, 0, {}]]], 'kwargs such as mask are dropped');
  assert.equal(byName.get('merge')!.inbound_nodes, [[['dw', 0, 0, {}], ['proj', 0, 0, {}]]]);
  assert.equal(inner.input_layers, [['image', 0, 0]], 'a single input is wrapped in a list');
  assert.equal(inner.output_layers, [['head', 0, 0]]);
});

Normalize('gives a Sequential model without an InputLayer its build input shape', () => {
  const config = keras3Config(SEQUENTIAL_LAYERS, false);
  const inner = config.config as { layers: JsonObject[] };
  inner.layers.shift();
  const normalized = normalizeKerasConfig(config, 'm.keras').config as { layers: JsonObject[] };
  assert.equal((normalized.layers[0].config as JsonObject).batch_input_shape, [null, 10, 10, 1]);
});

Normalize('leaves a Keras 2 config as it was', () => {
  const keras2 = {
    class_name: 'Sequential',
    config: { name: 's', layers: [{ class_name: 'Conv2D', config: { name: 'c', batch_input_shape: [null, 8, 8, 3], dtype: 'float32', filters: 2, kernel_size: [3, 3] } }] },
  };
  assert.equal(normalizeKerasConfig(keras2, 'm.h5'), keras2);
});

Normalize('refuses channels_first, Keras 1, Lambda and custom layers by name', () => {
  const withLayer = (layer: JsonObject) => ({ class_name: 'Sequential', config: { layers: [layer] } });
  assert.throws(
    () => normalizeKerasConfig(withLayer({ class_name: 'Conv2D', config: { name: 'conv_a', data_format: 'channels_first' } }), 'cf.h5'),
    /cf\.h5: layer conv_a \(Conv2D\) has data_format "channels_first"; convlens runs channels_last models/,
  );
  assert.throws(
    () => normalizeKerasConfig(withLayer({ class_name: 'Convolution2D', config: { name: 'c1', nb_filter: 8, border_mode: 'same' } }), 'old.h5'),
    /old\.h5 looks like a Keras 1 model \(layer c1: Convolution2D, nb_filter, border_mode\); convlens reads Keras 2 and 3 models/,
  );
  assert.throws(() => normalizeKerasConfig(withLayer({ class_name: 'Lambda', config: { name: 'fn' } }), 'l.h5'), /layer fn is a Lambda layer, which holds Python code/);
  assert.throws(
    () => normalizeKerasConfig(withLayer({ module: 'my_layers', class_name: 'Blur', config: { name: 'blur' }, registered_name: 'MyLayers>Blur' }), 'c.keras'),
    /c\.keras: layer blur is a custom layer \(MyLayers>Blur\), whose code is not in the file\. Supported layers: Conv2D/,
  );
});

Normalize('refuses settings tfjs-layers would silently ignore (grouped convolution, leaky ReLU via ReLU)', () => {
  const withLayer = (layer: JsonObject) => ({ class_name: 'Sequential', config: { layers: [layer] } });
  assert.throws(
    () => normalizeKerasConfig(withLayer({ class_name: 'Conv2D', config: { name: 'g', groups: 2 } }), 'g.h5'),
    /g\.h5: layer g \(Conv2D\) has groups=2, which TensorFlow\.js ignores, so convlens would compute it wrongly/,
  );
  assert.throws(() => normalizeKerasConfig(withLayer({ class_name: 'ReLU', config: { name: 'r', negative_slope: 0.1 } }), 'r.keras'), /has negative_slope=0\.1/);
  assert.not.throws(() => normalizeKerasConfig(withLayer({ class_name: 'Conv2D', config: { name: 'c', groups: 1 } }), 'c.h5'));
});

Normalize('drops outputs that other layers consume (tensorspace lists every layer as an output)', () => {
  const node = (from: string) => [[[from, 0, 0, {}]]];
  const config = {
    class_name: 'Model',
    config: {
      layers: [{ name: 'in', inbound_nodes: [] }, { name: 'a', inbound_nodes: node('in') }, { name: 'b', inbound_nodes: node('a') }],
      output_layers: [['a', 0, 0], ['b', 0, 0]],
    },
  };
  assert.equal((pruneConsumedOutputs(config).config as JsonObject).output_layers, [['b', 0, 0]]);
});

Normalize('store keys follow Keras naming.to_snake_case', () => {
  assert.equal(
    ['Conv2D', 'MaxPooling2D', 'ReLU', 'GlobalAveragePooling2D', 'DepthwiseConv2D', 'BatchNormalization'].map(toSnakeCase),
    ['conv2d', 'max_pooling2d', 're_lu', 'global_average_pooling2d', 'depthwise_conv2d', 'batch_normalization'],
  );
});

Normalize.run();

const Archive = suite('a .keras archive built from a known Functional model');
Archive.before(() => useBackend('wasm'));

Archive('every layer equals the same model built with the tfjs-layers API', async () => {
  const values = weightValues(FUNCTIONAL_LAYERS);
  const loaded = await loadGiven([{ name: 'residual.keras', bytes: await kerasArchive(FUNCTIONAL_LAYERS, values, true) }]);
  const input = seeded(12 * 12 * 3, 1 / 255);
  const { summary, results, prediction } = await runLayers(loaded, input);
  const reference = functionalReference(values);
  const expected = tf.tidy(() => (reference.predict(tf.tensor4d(input, [1, 12, 12, 3])) as tf.Tensor[]).map((t) => t.dataSync() as Float32Array));
  const names = ['stem_conv', 'stem_bn', 'stem_relu', 'dw', 'proj', 'merge', 'sep', 'pool', 'gap', 'head'];
  names.forEach((name, i) => {
    const error = maxRelativeError(results.get(name)!.data, expected[i]);
    assert.ok(error <= 1e-5, `${name}: relative error ${error}`);
  });
  assert.is(summary.totalParams, reference.countParams());
  assert.equal(summary.inputShape, [12, 12, 3]);
  assert.is(summary.metadata.known, false, 'a .keras carries no convlens metadata: the page asks');
  assert.is(prediction!.probabilities.length, 3);
  reference.dispose();
});

Archive('the first conv equals a plain-loop reference', async () => {
  const values = weightValues(FUNCTIONAL_LAYERS);
  const loaded = await loadGiven([{ name: 'residual.keras', bytes: await kerasArchive(FUNCTIONAL_LAYERS, values, true) }]);
  const input = seeded(12 * 12 * 3, 1 / 255);
  const { results } = await runLayers(loaded, input, ['stem_conv']);
  const [kernel, bias] = values.get('stem_conv')!;
  const expected = conv2dValidRelu({ h: 12, w: 12, c: 3, data: input }, kernel, 3, 3, bias);
  assert.equal(results.get('stem_conv')!.shape, [1, 10, 10, 4]);
  assert.ok(maxRelativeError(results.get('stem_conv')!.data, expected.data) <= 1e-5);
});

Archive('a Keras 3 weights .h5 (save_weights) with config.json as topology gives the same activations', async () => {
  const values = weightValues(FUNCTIONAL_LAYERS);
  const fromArchive = await loadGiven([{ name: 'residual.keras', bytes: await kerasArchive(FUNCTIONAL_LAYERS, values, true) }]);
  const fromPair = await loadGiven([
    { name: 'residual.weights.h5', bytes: await keras3WeightStore(FUNCTIONAL_LAYERS, values) },
    { name: 'config.json', bytes: text(JSON.stringify(keras3Config(FUNCTIONAL_LAYERS, true))) },
  ]);
  const input = seeded(12 * 12 * 3, 1 / 255);
  const a = await runLayers(fromArchive, input);
  const b = await runLayers(fromPair, input);
  for (const [name, result] of a.results) assert.equal(b.results.get(name)!.data, result.data, name);
});

Archive.run();

const Legacy = suite('a Keras 3 legacy .h5 (model.save("x.h5") in Keras 3), grayscale');
Legacy.before(() => useBackend('wasm'));

Legacy('loads with a 1-channel input and equals the plain-loop forward pass', async () => {
  const values = weightValues(SEQUENTIAL_LAYERS);
  const loaded = await loadGiven([{ name: 'gray.h5', bytes: await keras3LegacyH5(SEQUENTIAL_LAYERS, values, 'sequential') }]);
  const pixels = seeded(100, 1); // raw 0–255, rescaled inside the model
  const { summary, results, prediction } = await runLayers(loaded, pixels);
  assert.equal(summary.inputShape, [10, 10, 1]);
  assert.equal(summary.rows.map((row) => row.name), ['rescaling', 'conv2d', 'max_pooling2d', 'flatten', 'dense']);
  const [kernel, bias] = values.get('conv2d')!;
  const conv = conv2dValidRelu({ h: 10, w: 10, c: 1, data: pixels.map((v) => v / 255) }, kernel, 3, 3, bias);
  const pooled = maxPool2x2(conv);
  const [denseKernel, denseBias] = values.get('dense')!;
  const probabilities = softmaxReference(dense(pooled.data, denseKernel, denseBias, false));
  assert.ok(maxRelativeError(results.get('conv2d')!.data, conv.data) <= 1e-5);
  assert.ok(maxRelativeError(results.get('max_pooling2d')!.data, pooled.data) <= 1e-5);
  assert.ok(maxRelativeError(prediction!.probabilities, probabilities) <= 1e-5);
});

Legacy.run();

const Cli = suite('npm run convert on a .keras archive');
Cli.before(() => useBackend('wasm'));

Cli('writes one weight file per layer that has weights, and the converted model computes the same', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'convlens-keras-'));
  try {
    const values = weightValues(FUNCTIONAL_LAYERS);
    const bytes = await kerasArchive(FUNCTIONAL_LAYERS, values, true);
    writeFileSync(join(tmp, 'residual.keras'), bytes);
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'worker/convert/cli.ts', join(tmp, 'residual.keras'), join(tmp, 'out'), '--pixel-scale', '1/255'], { cwd: fileURLToPath(ROOT), encoding: 'utf8' });
    assert.is(run.status, 0, run.stderr);
    assert.match(run.stdout, /dw\s+depthwise_kernel 3x3x4x1, bias 4\s+160\s+dw\.[0-9a-f]{8}\.bin/);
    assert.match(run.stdout, /6 weight files/);
    const input = seeded(12 * 12 * 3, 1 / 255);
    const converted = await runLayers(await loadFromDisk(join(tmp, 'out', 'model.json')), input);
    const direct = await runLayers(await loadGiven([{ name: 'residual.keras', bytes }]), input);
    assert.equal(converted.prediction!.probabilities, direct.prediction!.probabilities);
    assert.is(converted.summary.metadata.known, true, 'the converter wrote the pixel scale it was given');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

Cli.run();
