/**
 * Runs a model graph node by node so each requested layer's output can leave as soon as it
 * is computed. Only the ancestors of the requested layers are computed (and only their
 * weights fetched); every intermediate tensor is disposed as soon as its last reader ran.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayerResult, Prediction } from '../contract';
import { ConvlensError, abortError } from '../errors';
import type { GraphNode, ModelGraph } from './graph';
import type { LoadedModel } from './load-model';
import { opSpec } from './ops';
import type { Tensors } from './ops/types';
import type { BytesProgress } from './weights';
import { endsInSoftmax, toPrediction } from './prediction';
import { layerStats } from './channel-stats';

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
  const { graph } = loaded;
  const wanted = new Set(options.layers);
  const targets = [...wanted].map((name) => nodeByName(graph, name));
  if (options.probabilities) targets.push(nodeByName(graph, graph.output));
  const plan = planNodes(graph, targets);
  const remainingUses = countUses(plan);
  const outputs = new Map<string, tf.Tensor>();
  const image = tf.tensor4d(input, [1, ...loaded.inputShape]);
  let prediction: Prediction | null = null;
  try {
    for (const node of plan) {
      if (options.isCancelled()) throw abortError();
      const fetchStarted = performance.now();
      const weights = await loaded.weights.tensors(node, options.onProgress);
      if (options.isCancelled()) throw abortError();
      const started = performance.now();
      const output = runNode(node, node.attributes.op === 'input' ? [image] : node.inputs.map((name) => outputs.get(name)!), weights);
      outputs.set(node.name, output);
      if (wanted.has(node.name)) {
        // The result's buffer is transferred to the page, so it must be ours alone. WASM's data()
        // is a fresh copy of its heap; the cpu backend hands out the tensor's own array, and
        // transferring that emptied the tensor the next layer reads (max pooling saw only
        // -Infinity): any backend but WASM gets a copy.
        const read = (await output.data()) as Float32Array;
        const data = tf.getBackend() === 'wasm' ? read : read.slice();
        const channels = output.shape.length === 4 ? output.shape[3] : 1;
        const stats = layerStats(data, channels);
        const result = { name: node.name, index: options.rowIndex.get(node.name) ?? -1, shape: output.shape, data, stats };
        await options.onLayer({ ...result, ms: performance.now() - started, fetchMs: started - fetchStarted });
      }
      if (node.name === graph.output && options.probabilities) {
        prediction = toPrediction((await output.data()) as Float32Array, loaded.metadata.classNames, endsInSoftmax(graph));
      }
      release(node, outputs, remainingUses);
      await yieldToMessages();
    }
  } finally {
    tf.dispose([image, ...outputs.values()]);
  }
  return prediction;
}

/** One node's output for its inputs; a tfjs failure becomes a ConvlensError naming the layer. */
export function runNode(node: GraphNode, inputs: tf.Tensor[], weights: Tensors, differentiable = false): tf.Tensor {
  try {
    return tf.tidy(() => opSpec(node.attributes.op).run(node.attributes, inputs, weights, differentiable));
  } catch (error) {
    throw new ConvlensError('layer-failed', `Layer ${node.name} (${node.type}) failed: ${(error as Error).message}`);
  }
}

/**
 * Starts fetching the weights of the first node that `layers` (and the prediction) need,
 * so they download while the image is being decoded. Failures are left to the run itself.
 */
export function prefetchFirstWeights(loaded: LoadedModel, layers: string[], probabilities: boolean): void {
  const { graph } = loaded;
  const targets = layers.map((name) => graph.nodes.find((node) => node.name === name)).filter((node) => node !== undefined);
  if (probabilities) targets.push(nodeByName(graph, graph.output));
  const first = planNodes(graph, targets).find((node) => Object.keys(node.weights).length > 0);
  if (first) loaded.weights.tensors(first).catch(() => undefined);
}

/** The target nodes and all their ancestors, in graph (topological) order. */
export function planNodes(graph: ModelGraph, targets: GraphNode[]): GraphNode[] {
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  const needed = new Set<string>();
  const visit = (node: GraphNode) => {
    if (needed.has(node.name)) return;
    needed.add(node.name);
    node.inputs.forEach((name) => visit(byName.get(name)!));
  };
  targets.forEach(visit);
  return graph.nodes.filter((node) => needed.has(node.name));
}

/** How many planned nodes read each node's output. */
function countUses(plan: GraphNode[]): Map<string, number> {
  const uses = new Map<string, number>();
  for (const node of plan) for (const from of node.inputs) uses.set(from, (uses.get(from) ?? 0) + 1);
  return uses;
}

/** Frees every input of `node` that no later node reads, and `node`'s own output if unread. */
function release(node: GraphNode, outputs: Map<string, tf.Tensor>, uses: Map<string, number>): void {
  const drop = (name: string) => {
    outputs.get(name)?.dispose();
    outputs.delete(name);
  };
  for (const from of new Set(node.inputs)) {
    const left = (uses.get(from) ?? 1) - node.inputs.filter((name) => name === from).length;
    uses.set(from, left);
    if (left <= 0) drop(from);
  }
  if (!uses.get(node.name)) drop(node.name);
}

export function nodeByName(graph: ModelGraph, name: string): GraphNode {
  const node = graph.nodes.find((candidate) => candidate.name === name);
  if (!node) throw new ConvlensError('layer-unknown', `The model has no layer named ${name}.`);
  return node;
}

/** Lets queued messages (a newer run, a cancel) in between two layers without timer clamping. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    // Held until the message arrives: a port only the event loop refers to may be collected
    // before its message is delivered (Chromium collects unreferenced ports), and the run would wait forever.
    yielding.add(channel);
    channel.port1.onmessage = () => {
      yielding.delete(channel);
      channel.port1.close();
      channel.port2.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

const yielding = new Set<MessageChannel>();
