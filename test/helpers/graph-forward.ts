/**
 * The engine's forward pass split at a layer, for finite differences: the values every node
 * before the layer gives, then the class score for any replacement of the layer's output.
 * Forward ops only (no tf.grad), so they check Grad-CAM's gradient from outside.
 */
import * as tf from '@tensorflow/tfjs-core';
import { nodeByName, runNode } from '../../worker/engine/execute';
import type { GraphNode } from '../../worker/engine/graph';
import type { LoadedModel } from '../../worker/engine/load-model';

/** The nodes that depend on `layer` (it excluded), in graph order. */
function after(nodes: GraphNode[], layer: string): GraphNode[] {
  const names = new Set<string>();
  return nodes.filter((node) => {
    const depends = node.inputs.some((name) => name === layer || names.has(name));
    if (depends) names.add(node.name);
    return depends;
  });
}

/** The node whose output is the class scores before any softmax. */
function logitsNode(loaded: LoadedModel): string {
  const output = nodeByName(loaded.graph, loaded.graph.output);
  const a = output.attributes;
  if (a.op === 'activation' && a.activation.name === 'softmax') return output.inputs[0];
  if ('activation' in a && a.activation.name === 'softmax') throw new Error('a fused softmax: not needed by these tests');
  return output.name;
}

/** Runs every node up to and including `layer` (HWC `input`); the caller disposes `values`. */
export async function forwardValues(loaded: LoadedModel, input: Float32Array, layer: string): Promise<{ values: Map<string, tf.Tensor>; activations: Float32Array }> {
  const downstream = new Set(after(loaded.graph.nodes, layer).map((node) => node.name));
  const values = new Map<string, tf.Tensor>();
  const image = tf.tensor4d(input, [1, ...loaded.inputShape]);
  try {
    for (const node of loaded.graph.nodes) {
      if (downstream.has(node.name)) continue;
      const inputs = node.attributes.op === 'input' ? [image] : node.inputs.map((name) => values.get(name)!);
      values.set(node.name, runNode(node, inputs, await loaded.weights.tensors(node)));
    }
  } finally {
    image.dispose();
  }
  return { values, activations: (await values.get(layer)!.data()) as Float32Array };
}

/** The class scores (before any softmax) when `layer` outputs `activations` (its shape) instead. */
export async function scoresAfter(loaded: LoadedModel, values: Map<string, tf.Tensor>, layer: string, activations: Float32Array): Promise<Float32Array> {
  const local = new Map(values);
  const made: tf.Tensor[] = [tf.tensor(activations, values.get(layer)!.shape)];
  local.set(layer, made[0]);
  try {
    for (const node of after(loaded.graph.nodes, layer)) {
      const output = runNode(node, node.inputs.map((name) => local.get(name)!), await loaded.weights.tensors(node));
      made.push(output);
      local.set(node.name, output);
    }
    return (await local.get(logitsNode(loaded))!.data()) as Float32Array;
  } finally {
    tf.dispose(made);
  }
}
