/** Turns the model's final output into class probabilities and the top classes. */
import type { Prediction } from '../contract';

export const TOP_K = 5;

/**
 * `values` is the final layer's output. A softmax layer's output is used as it is; logits
 * (any negative value, or a sum away from 1) get a softmax first.
 */
export function toPrediction(values: Float32Array, classNames: string[] | null): Prediction {
  const probabilities = looksLikeProbabilities(values) ? Float32Array.from(values) : softmax(values);
  const top = Array.from(probabilities, (probability, index) => ({
    index,
    name: classNames?.[index] ?? String(index),
    probability,
  }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, TOP_K);
  return { probabilities, top };
}

function looksLikeProbabilities(values: Float32Array): boolean {
  let sum = 0;
  for (const v of values) {
    if (!(v >= 0)) return false;
    sum += v;
  }
  return Math.abs(sum - 1) < 1e-3;
}

export function softmax(values: Float32Array): Float32Array {
  const max = Math.max(...values);
  const exps = Float32Array.from(values, (v) => Math.exp(v - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((v) => v / sum);
}
