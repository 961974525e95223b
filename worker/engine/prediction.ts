/** Turns the model's final output into class probabilities and the top classes. */
import type { Prediction } from '../contract';
import type { ModelGraph } from './graph';

export const TOP_K = 5;

/**
 * `values` is the final layer's output. A graph that ends in a softmax gives probabilities,
 * used as they are; any other ending (logits: most PyTorch classifiers end in a Gemm, a
 * Keras model in a linear Dense) gets a softmax first.
 */
export function toPrediction(values: Float32Array, classNames: string[] | null, endsInSoftmax: boolean): Prediction {
  const probabilities = endsInSoftmax ? Float32Array.from(values) : softmax(values);
  const top = Array.from(probabilities, (probability, index) => ({
    index,
    name: classNames?.[index] ?? String(index),
    probability,
  }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, TOP_K);
  return { probabilities, top };
}

/** True when the graph's output node is a softmax (an activation node, or one fused into a dense/conv layer). */
export function endsInSoftmax(graph: ModelGraph): boolean {
  const output = graph.nodes.find((node) => node.name === graph.output);
  const activation = output && 'activation' in output.attributes ? output.attributes.activation : undefined;
  return activation?.name === 'softmax';
}

export function softmax(values: Float32Array): Float32Array {
  const max = Math.max(...values);
  const exps = Float32Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}
