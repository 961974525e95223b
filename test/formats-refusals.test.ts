/**
 * Files convlens cannot run are refused with a ConvlensError whose message says what was
 * found and what is supported: no model at all, Keras 1, channels_first, unknown and custom
 * layers, a topology or weights alone, a model.json without its shards.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConvlensError } from '../worker/errors';
import { SUPPORTED_FORMATS } from '../worker/format/errors';
import { rejects } from './helpers/assert';
import { useBackend } from './helpers/node-engine';
import { encodePng } from './helpers/png';
import {
  FUNCTIONAL_LAYERS, SEQUENTIAL_LAYERS, keras1H5, keras3Config, keras3WeightStore, kerasArchive, loadGiven, weightValues, zipArchive,
  type FixtureLayer,
} from './helpers/keras-fixtures';

const text = (value: string) => new TextEncoder().encode(value);
const escape = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Asserts a ConvlensError with `code` whose message matches `message`. */
function refused(code: string, message: RegExp) {
  return (error: Error) => {
    assert.instance(error, ConvlensError);
    assert.is((error as ConvlensError).code, code, error.message);
    assert.match(error.message, message);
    return true;
  };
}

/** A .keras of the Functional fixture with layer `name` changed (config and weights stay consistent). */
function archiveWith(name: string, change: (layer: FixtureLayer) => void): Promise<Uint8Array> {
  const layers: FixtureLayer[] = structuredClone(FUNCTIONAL_LAYERS);
  change(layers.find((layer) => layer.name === name)!);
  return kerasArchive(layers, weightValues(layers), true);
}

const Refuse = suite('refusals');
Refuse.before(() => useBackend('wasm'));

Refuse('a text file is not a model, whatever its name, and the message lists what is supported', async () => {
  await rejects(
    () => loadGiven([{ name: 'model.h5', bytes: text('these are my lecture notes\n') }]),
    refused('model-not-a-model', new RegExp(`^model\\.h5 is not a model file: it is plain text\\. ${escape(SUPPORTED_FORMATS)}\\.$`)),
  );
});

Refuse('a photo dropped as a model is named as an image', async () => {
  const png = encodePng({ width: 1, height: 1, colorType: 2, pixels: new Uint8Array(3) });
  await rejects(() => loadGiven([{ name: 'cat.png', bytes: png }]), refused('model-not-a-model', /cat\.png is not a model file: it is a PNG image/));
});

Refuse('a zip that is not a .keras archive lists what it holds', async () => {
  const zip = zipArchive([{ name: 'notes.txt', data: text('x') }]);
  await rejects(() => loadGiven([{ name: 'm.keras', bytes: zip }]), refused('model-not-a-model', /m\.keras is a zip archive but not a Keras \.keras file \(it has no config\.json; it holds notes\.txt\)/));
});

Refuse('JSON that is no model says what a model.json and a topology have', async () => {
  await rejects(() => loadGiven([{ name: 'data.json', bytes: text('{"hello": 1}') }]), refused('model-not-a-model', /data\.json is JSON but not a model/));
});

Refuse('a Keras 1 .h5 is refused with its version', async () => {
  const bytes = await keras1H5();
  await rejects(
    () => loadGiven([{ name: 'old.h5', bytes }]),
    refused('model-keras1', /^old\.h5 was written by Keras 1\.2\.2; convlens reads Keras 2 and 3 files \(Keras 1 used other layer configs and weight layouts\): load it in Keras 2 and save it again$/),
  );
});

Refuse('a Keras 1 config (no keras_version) is refused as Keras 1', async () => {
  const archive = await archiveWith('stem_conv', (layer) => {
    layer.className = 'Convolution2D';
    layer.config.nb_filter = 4;
  });
  await rejects(() => loadGiven([{ name: 'k1.keras', bytes: archive }]), refused('model-keras1', /k1\.keras looks like a Keras 1 model \(layer stem_conv: Convolution2D, nb_filter\); convlens reads Keras 2 and 3 models/));
});

Refuse('a channels_first model names the layer and its data_format', async () => {
  const archive = await archiveWith('stem_conv', (layer) => (layer.config.data_format = 'channels_first'));
  await rejects(() => loadGiven([{ name: 'cf.keras', bytes: archive }]), refused('model-channels-first', /cf\.keras: layer stem_conv \(Conv2D\) has data_format "channels_first"; convlens runs channels_last models/));
});

Refuse('an unknown layer type is named, with the supported layers', async () => {
  const withWeights = await archiveWith('head', (layer) => (layer.className = 'FancyDense'));
  await rejects(
    () => loadGiven([{ name: 'u.keras', bytes: withWeights }]),
    refused('model-unknown-layer', /u\.keras\/model\.weights\.h5: layer head is a FancyDense, a layer type convlens does not know \(a custom layer, or one TensorFlow\.js does not support\)\. Supported layers: Conv2D, /),
  );
  // A layer without weights reaches tfjs-layers, whose "Unknown layer" the engine rewords.
  const withoutWeights = await archiveWith('stem_relu', (layer) => (layer.className = 'Blur'));
  await rejects(() => loadGiven([{ name: 'u.keras', bytes: withoutWeights }]), refused('model-unknown-layer', /u\.keras uses Blur, which convlens does not know \(a custom layer/));
});

Refuse('a custom (registered) layer is named as custom', async () => {
  const archive = await archiveWith('stem_conv', (layer) => (layer.entry = { module: 'my_course.layers', registered_name: 'MyCourse>StemConv' }));
  await rejects(() => loadGiven([{ name: 'c.keras', bytes: archive }]), refused('model-custom-layer', /c\.keras: layer stem_conv is a custom layer \(MyCourse>StemConv\), whose code is not in the file/));
});

Refuse('a topology alone asks for its weights; weights alone ask for the topology', async () => {
  const topology = text(JSON.stringify(keras3Config(SEQUENTIAL_LAYERS, false)));
  await rejects(() => loadGiven([{ name: 'topology.json', bytes: topology }]), refused('model-weights-missing', /topology\.json is a Keras model topology without weights: give the weights \.h5/));
  const weights = await keras3WeightStore(SEQUENTIAL_LAYERS, weightValues(SEQUENTIAL_LAYERS));
  await rejects(() => loadGiven([{ name: 'w.weights.h5', bytes: weights }]), refused('model-weights-only', /w\.weights\.h5 has no model_config: it looks like a weights-only file \(model\.save_weights\); give the topology JSON too/));
});

Refuse('a model.json without its weight files names the missing ones', async () => {
  const json = { modelTopology: { model_config: {} }, weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [] }] };
  await rejects(
    () => loadGiven([{ name: 'model.json', bytes: text(JSON.stringify(json)) }]),
    refused('model-missing-file', /model\.json names weight file group1-shard1of1\.bin, not among the files given \(model\.json\): give model\.json together with all its weight files/),
  );
});

Refuse.run();
