/**
 * Runs a model layer by layer so each requested layer's output can leave as soon as it is
 * computed. Only the ancestors of the requested layers are computed (and only their
 * weights fetched); every intermediate tensor is disposed as soon as its last consumer ran.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { LayerResult, Prediction } from '../contract';
import { ConvlensError, abortError } from '../errors';
import type { LoadedModel } from './load-model';
import type { BytesProgress } from './weights';
import { toPrediction } from './prediction';
import { layerStats } from './channel-stats';

type Layer = LayersModel['layers'][number];

export interface ExecuteOptions {
  /** Names of the layers whose outputs are reported. */
  layers: string[];
  probabilities: boolean;
  /** Position of each layer in the summary rows, reported with its result. */
  rowIndex: Map<string, number>;
  isCancelled(): boolean;
  /** May return a promise: the next layer waits for it (flow control towards the page). */
  onLayer(result: LayerResult): unknown;
  onProgress?: BytesProgress;
}

/** Computes the requested layers of `loaded` for one HWC image; resolves with the prediction. */
export async function execute(loaded: LoadedModel, input: Float32Array, options: ExecuteOptions): Promise<Prediction | null> {
  const { model } = loaded;
  const outputLayer = finalLayer(model);
  const wanted = new Set(options.layers);
  const targets = [...wanted].map((name) => layerByName(model, name));
  if (options.probabilities) targets.push(outputLayer);
  const plan = planLayers(model, targets);
  const remainingUses = countUses(plan);
  const outputs = new Map<string, tf.Tensor>();
  const image = tf.tensor4d(input, [1, ...loaded.inputShape]);
  let prediction: Prediction | null = null;
  try {
    for (const layer of plan) {
      if (options.isCancelled()) throw abortError();
      const fetchStarted = performance.now();
      await loaded.weights.ensure(layer, options.onProgress);
      if (options.isCancelled()) throw abortError();
      const started = performance.now();
      const fetchMs = started - fetchStarted;
      const output = applyLayer(layer, inboundLayers(layer).map((from) => (isInput(from) ? image : outputs.get(from.name)!)));
      outputs.set(layer.name, output);
      if (wanted.has(layer.name)) {
        const data = (await output.data()) as Float32Array;
        const index = options.rowIndex.get(layer.name) ?? -1;
        // Same reading of the shape as the page's mapSize: only 4-D outputs have channels.
        const channels = output.shape.length === 4 ? output.shape[3] : 1;
        const ms = performance.now() - started;
        await options.onLayer({ name: layer.name, index, shape: output.shape, data, stats: layerStats(data, channels), ms, fetchMs });
      }
      if (layer === outputLayer && options.probabilities) {
        prediction = toPrediction((await output.data()) as Float32Array, loaded.metadata.classNames);
      }
      release(layer, outputs, remainingUses);
      await yieldToMessages();
    }
  } finally {
    tf.dispose([image, ...outputs.values()]);
  }
  return prediction;
}

function applyLayer(layer: Layer, inputs: tf.Tensor[]): tf.Tensor {
  try {
    return tf.tidy(() => layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false }) as tf.Tensor);
  } catch (error) {
    throw new ConvlensError('layer-failed', `Layer ${layer.name} (${layer.getClassName()}) failed: ${(error as Error).message}`);
  }
}

/**
 * Starts fetching the weights of the first layer that `layers` (and the prediction) need,
 * so they download while the image is being decoded. Failures are left to the run itself.
 */
export function prefetchFirstWeights(loaded: LoadedModel, layers: string[], probabilities: boolean): void {
  const targets = layers.map((name) => loaded.model.layers.find((layer) => layer.name === name)).filter((layer) => layer !== undefined);
  if (probabilities) targets.push(finalLayer(loaded.model));
  const first = planLayers(loaded.model, targets).find((layer) => layer.weights.length > 0);
  if (first) loaded.weights.ensure(first).catch(() => undefined);
}

/** The target layers and all their ancestors, in the model's (topological) layer order. */
function planLayers(model: LayersModel, targets: Layer[]): Layer[] {
  const needed = new Set<Layer>();
  const visit = (layer: Layer) => {
    if (needed.has(layer) || isInput(layer)) return;
    needed.add(layer);
    inboundLayers(layer).forEach(visit);
  };
  targets.forEach(visit);
  return model.layers.filter((layer) => needed.has(layer));
}

/** How many planned layers read each layer's output (+1 for reported outputs is not needed: data is copied). */
function countUses(plan: Layer[]): Map<string, number> {
  const uses = new Map<string, number>();
  for (const layer of plan) {
    for (const from of inboundLayers(layer)) uses.set(from.name, (uses.get(from.name) ?? 0) + 1);
  }
  return uses;
}

/** Frees every input of `layer` that no later layer reads, and `layer`'s own output if unread. */
function release(layer: Layer, outputs: Map<string, tf.Tensor>, uses: Map<string, number>): void {
  const drop = (name: string) => {
    outputs.get(name)?.dispose();
    outputs.delete(name);
  };
  for (const from of inboundLayers(layer)) {
    const left = (uses.get(from.name) ?? 1) - 1;
    uses.set(from.name, left);
    if (left <= 0) drop(from.name);
  }
  if (!uses.get(layer.name)) drop(layer.name);
}

function inboundLayers(layer: Layer): Layer[] {
  if (layer.inboundNodes.length > 1) {
    throw new ConvlensError('layer-shared', `Layer ${layer.name} is used more than once (a shared layer); convlens cannot draw it.`);
  }
  return (layer.inboundNodes[0]?.inboundLayers ?? []) as Layer[];
}

function isInput(layer: Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

function finalLayer(model: LayersModel): Layer {
  const symbolic = model.outputs[0] as unknown as { sourceLayer: Layer };
  return symbolic.sourceLayer;
}

function layerByName(model: LayersModel, name: string): Layer {
  const layer = model.layers.find((candidate) => candidate.name === name);
  if (!layer) throw new ConvlensError('layer-unknown', `The model has no layer named ${name}.`);
  return layer;
}

/** Lets queued messages (a newer run, a cancel) in between two layers without timer clamping. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
