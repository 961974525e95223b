/**
 * A small Functional model that uses every layer type convlens supports (issue #4's list),
 * built with tfjs-layers and round-tripped through its JSON topology like a loaded model.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export interface InMemoryModel {
  /** model.json content: topology + a one-file weights manifest. */
  json: object;
  /** Serves model.json's weight file (any URL ending in weights.bin). */
  fetch: (url: string) => Promise<Response>;
}

/** Saves a tfjs-layers model in memory in the layers format (one weight file). */
export async function saveInMemory(model: tfl.LayersModel): Promise<InMemoryModel> {
  let artifacts!: tf.io.ModelArtifacts;
  await model.save(tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const weightData = artifacts.weightData as ArrayBuffer;
  return {
    json: { modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] },
    fetch: async (url) => (url.endsWith('weights.bin') ? new Response(weightData.slice(0)) : new Response('', { status: 404 })),
  };
}

/** Input 16×16×3, random weights, every supported layer type. */
export function allLayersModel(): tfl.LayersModel {
  const L = tfl.layers;
  const input = tfl.input({ shape: [16, 16, 3], name: 'image' });
  const apply = (layer: { apply: (x: never) => unknown }, x: unknown) => layer.apply(x as never) as tfl.SymbolicTensor;
  let x = apply(L.rescaling({ scale: 1 / 255, offset: -1 }), input);
  x = apply(L.zeroPadding2d({ padding: 1 }), x);
  const conv = apply(L.conv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
  const normed = apply(L.batchNormalization(), conv);
  const relu6 = apply(L.activation({ activation: 'relu6' }), normed);
  const depthwise = apply(L.depthwiseConv2d({ kernelSize: 3, padding: 'same', activation: 'sigmoid' }), relu6);
  const separable = apply(L.separableConv2d({ filters: 4, kernelSize: 3, padding: 'same', activation: 'tanh' }), depthwise);
  const residual = apply(L.add(), [separable, conv]);
  let y = apply(L.concatenate(), [residual, relu6]);
  y = apply(L.reLU(), y);
  y = apply(L.leakyReLU(), y);
  for (const activation of ['elu', 'selu', 'softplus', 'swish', 'linear'] as const) y = apply(L.activation({ activation }), y);
  y = apply(L.maxPooling2d({ poolSize: 2 }), y);
  y = apply(L.averagePooling2d({ poolSize: 2, padding: 'same' }), y);
  const pooled = apply(L.concatenate(), [apply(L.globalAveragePooling2d({}), y), apply(L.globalMaxPooling2d({}), y)]);
  const flat = apply(L.reshape({ targetShape: [200] }), apply(L.dropout({ rate: 0.5 }), apply(L.flatten(), y)));
  const hidden = apply(L.dense({ units: 8, activation: 'relu' }), apply(L.concatenate(), [flat, pooled]));
  const output = apply(L.dense({ units: 3, activation: 'softmax' }), hidden);
  return tfl.model({ inputs: input, outputs: output });
}
