/**
 * Grad-CAM (Selvaraju et al., 2017): where in a layer's maps the evidence for a class lies.
 * With A the layer's activations and y_c the class score before the softmax,
 * alpha_k = mean_ij dy_c/dA_ijk and map = ReLU(sum_k alpha_k A_k). The forward pass runs as
 * usual; the part after the layer runs again, differentiable, under tf.grad. Loaded on
 * first use (it registers tfjs' gradients and the WASM gradient kernels it needs), so the
 * cold path carries none of it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvlensError } from '../errors';
import { registerGradientKernels } from '../gradient-kernels';
import type { GraphNode, ModelGraph } from './graph';
import type { LoadedModel } from './load-model';
import { nodeByName, planNodes, runNode } from './execute';
import type { Tensors } from './ops/types';

export interface GradCamOptions {
  /** The class to explain, by index; default: the top class. */
  classIndex?: number;
  /** The layer whose maps are weighed; default: the last 4-D layer before the classifier. */
  layer?: string;
}

export interface GradCam {
  layer: string;
  classIndex: number;
  /** [h, w] of the layer's maps. */
  shape: [number, number];
  /** Row-major h×w, raw (not normalised, not upsampled). */
  map: Float32Array;
  /** The class scores before the softmax. */
  logits: Float32Array;
  /** alpha_k, one weight per channel of the layer. */
  alpha: Float32Array;
}

/**
 * The last node with a 4-D output that the prediction depends on (not the input), preferring
 * one whose maps have more than one cell: ONNX's GlobalAveragePool keeps its 1×1 maps 4-D,
 * and a 1×1 map says nothing about where the evidence lies.
 */
export function defaultGradCamLayer(graph: ModelGraph): string {
  const ancestors = planNodes(graph, [nodeByName(graph, graph.output)]);
  const spatial = ancestors.filter((node) => node.outputShape?.length === 4 && node.attributes.op !== 'input');
  if (spatial.length === 0) throw new ConvlensError('explain-no-layer', 'The model has no layer with maps (a 4-D output) to explain.');
  const withCells = spatial.filter((node) => node.outputShape![1] * node.outputShape![2] > 1);
  return (withCells.length > 0 ? withCells : spatial).at(-1)!.name;
}

/**
 * The node whose output is the class scores before the softmax, and the node to run in its
 * place: a Dense/Conv with a softmax activation runs with a linear one; a softmax node's
 * input is taken; any other ending already gives scores (logits).
 */
function logitsOf(graph: ModelGraph): { node: GraphNode; replaced?: GraphNode } {
  const output = nodeByName(graph, graph.output);
  const a = output.attributes;
  if (a.op === 'activation' && (a.activation.name === 'softmax' || a.activation.name === 'logSoftmax')) return { node: nodeByName(graph, output.inputs[0]) };
  if ('activation' in a && (a.activation.name === 'softmax' || a.activation.name === 'logSoftmax')) {
    return { node: output, replaced: { ...output, attributes: { ...a, activation: { name: 'linear' } } as GraphNode['attributes'] } };
  }
  return { node: output };
}

/** Grad-CAM of `input` (HWC, the model's input) on `loaded`; every tensor it makes is disposed. */
export async function gradCam(loaded: LoadedModel, input: Float32Array, options: GradCamOptions = {}): Promise<GradCam> {
  // The worker's lean tfjs-core loads tfjs' gradients on demand; the full entry (Node) has them.
  await (tf as unknown as { loadGradients?: () => Promise<unknown> }).loadGradients?.();
  registerGradientKernels();
  const { graph } = loaded;
  const layer = nodeByName(graph, options.layer ?? defaultGradCamLayer(graph));
  if (layer.outputShape?.length !== 4 || layer.attributes.op === 'input') {
    throw new ConvlensError('explain-layer', `Layer ${layer.name} has no maps (its output is ${layer.outputShape?.length}-D); Grad-CAM needs a layer with a 4-D output.`);
  }
  const { node: logitsNode, replaced } = logitsOf(graph);
  const plan = planNodes(graph, [logitsNode]);
  if (!plan.includes(layer)) throw new ConvlensError('explain-layer', `The prediction does not depend on layer ${layer.name}.`);
  const weights = new Map<string, Tensors>();
  for (const node of plan) weights.set(node.name, await loaded.weights.tensors(node));
  const after = downstream(plan, layer);
  const values = new Map<string, tf.Tensor>();
  const image = tf.tensor4d(input, [1, ...loaded.inputShape]);
  try {
    // Forward: every node the layer's downstream part reads, and the layer itself.
    for (const node of plan) {
      if (after.has(node.name)) continue;
      values.set(node.name, runNode(node, node.attributes.op === 'input' ? [image] : node.inputs.map((n) => values.get(n)!), weights.get(node.name)!));
    }
    const activations = values.get(layer.name)!;
    const scoresOf = (a: tf.Tensor) => {
      const local = new Map(values);
      local.set(layer.name, a);
      for (const node of plan) {
        if (!after.has(node.name)) continue;
        const run = node === logitsNode && replaced ? replaced : node;
        local.set(node.name, runNode(run, node.inputs.map((n) => local.get(n)!), weights.get(node.name)!, true));
      }
      return tf.reshape(local.get(logitsNode.name)!, [-1]);
    };
    const logits = tf.tidy(() => scoresOf(activations));
    const scores = (await logits.data()) as Float32Array;
    logits.dispose();
    const classIndex = options.classIndex ?? scores.indexOf(Math.max(...scores));
    if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < scores.length)) {
      throw new ConvlensError('explain-class', `The model has ${scores.length} classes; class ${classIndex} does not exist.`);
    }
    const [alpha, map] = tf.tidy(() => {
      // y_c as a masked sum: gather's gradient needs a kernel the WASM backend lacks, and its
      // OneHot kernel writes int32 bits into a float32 output (1 reads as 1.4e-45).
      const mask = tf.tensor1d(Float32Array.from(scores, (_, i) => (i === classIndex ? 1 : 0)));
      const gradient = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(scoresOf(a), mask)))(activations);
      const weights = tf.mean(gradient, [0, 1, 2]);
      return [weights, tf.relu(tf.sum(tf.mul(activations, weights), -1))];
    });
    const [, h, w] = activations.shape;
    const [alphaData, mapData] = (await Promise.all([alpha.data(), map.data()])) as Float32Array[];
    tf.dispose([alpha, map]);
    return { layer: layer.name, classIndex, shape: [h!, w!], map: mapData, logits: scores, alpha: alphaData };
  } finally {
    tf.dispose([image, ...values.values()]);
  }
}

/** The planned nodes that depend on `layer` (it excluded). */
function downstream(plan: GraphNode[], layer: GraphNode): Set<string> {
  const after = new Set<string>();
  for (const node of plan) if (node.inputs.some((name) => name === layer.name || after.has(name))) after.add(node.name);
  return after;
}
