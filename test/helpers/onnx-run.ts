/**
 * Runs an ONNX reader's graph on the engine's own ops (completeGraph, the memory weight
 * store, runNode) for any input rank, one batch item at a time, and converts between ONNX's
 * NCHW and the engine's NHWC with plain loops. Expected tensors are read from TensorProto
 * files with @bufbuild/protobuf directly, not through the reader.
 */
import { readFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { TensorProtoSchema } from 'onnx-buf';
import { runNode } from '../../worker/engine/execute';
import type { ModelGraph } from '../../worker/engine/graph';
import { completeGraph } from '../../worker/engine/shapes';
import { MemoryWeights } from '../../worker/engine/weights';
import { tf } from './node-engine';

export interface Dense {
  dims: number[];
  data: Float32Array;
}

/** A float32 TensorProto file (raw_data or float_data). */
export function readTensorPb(path: string): Dense {
  const t = fromBinary(TensorProtoSchema, new Uint8Array(readFileSync(path)));
  const data = t.rawData.length > 0 ? new Float32Array(t.rawData.slice().buffer) : Float32Array.from(t.floatData);
  return { dims: t.dims.map(Number), data };
}

/** NCHW [c, h, w] values of one image -> HWC; other ranks are unchanged. */
export function toEngineLayout(data: Float32Array, dims: number[]): Float32Array {
  if (dims.length !== 3) return data;
  const [c, h, w] = dims;
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(y * w + x) * c + ch] = data[(ch * h + y) * w + x];
  return out;
}

/** An engine output [1, h, w, c] -> NCHW values; other ranks are unchanged. */
export function toOnnxLayout(data: Float32Array, shape: number[]): Float32Array {
  if (shape.length !== 4) return data;
  const [, h, w, c] = shape;
  const out = new Float32Array(data.length);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(ch * h + y) * w + x] = data[(y * w + x) * c + ch];
  return out;
}

/** A memory weight store for a reader's weights, with the shapes its graph names. */
export function memoryStore(graph: ModelGraph, weights: Map<string, Float32Array>): MemoryWeights {
  const values = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const node of graph.nodes) for (const ref of Object.values(node.weights)) values.set(ref.key, { shape: ref.shape, data: weights.get(ref.key)! });
  return new MemoryWeights(values);
}

/**
 * Runs `graph` on each batch item of `input` (ONNX layout, [N, ...]) and returns the
 * outputs of `layers` (default: the graph's output) in ONNX layout, batch items concatenated.
 */
export async function runGraph(graph: ModelGraph, weights: Map<string, Float32Array>, input: Dense, layers = [graph.output]): Promise<Map<string, Dense>> {
  completeGraph(graph, 'test.onnx');
  const store = memoryStore(graph, weights);
  const [batch, ...item] = input.dims;
  const per = input.data.length / batch;
  const collected = new Map<string, Float32Array[]>(layers.map((name) => [name, []]));
  const shapes = new Map<string, number[]>();
  try {
    for (let b = 0; b < batch; b++) {
      const image = tf.tensor(toEngineLayout(input.data.subarray(b * per, (b + 1) * per), item), [1, ...(item.length === 3 ? [item[1], item[2], item[0]] : item)]);
      const outputs = new Map<string, tf.Tensor>();
      try {
        for (const node of graph.nodes) {
          const inputs = node.attributes.op === 'input' ? [image] : node.inputs.map((name) => outputs.get(name)!);
          outputs.set(node.name, runNode(node, inputs, await store.tensors(node)));
        }
        for (const name of layers) {
          const out = outputs.get(name)!;
          shapes.set(name, out.shape);
          collected.get(name)!.push(toOnnxLayout(out.dataSync() as Float32Array, out.shape));
        }
      } finally {
        tf.dispose([image, ...outputs.values()]);
      }
    }
  } finally {
    await store.dispose();
  }
  const result = new Map<string, Dense>();
  for (const [name, parts] of collected) {
    const shape = shapes.get(name)!;
    const onnxShape = shape.length === 4 ? [shape[0], shape[3], shape[1], shape[2]] : shape;
    const data = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((offset, part) => (data.set(part, offset), offset + part.length), 0);
    result.set(name, { dims: [batch, ...onnxShape.slice(1)], data });
  }
  return result;
}

/** The largest |a - e| - (atol + rtol |e|) over all values (≤ 0: within tolerance), and the worst index. */
export function toleranceExcess(actual: Float32Array, expected: Float32Array, rtol: number, atol: number): { excess: number; index: number } {
  let excess = -Infinity;
  let index = -1;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const over = Math.abs(actual[i] - e) - (atol + rtol * Math.abs(e));
    if (!(over <= excess)) [excess, index] = [Number.isNaN(over) ? Infinity : over, i];
  }
  return { excess, index };
}
