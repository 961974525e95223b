/**
 * Writes the convlens graph format (graph-json.ts): model.json and one weight file per node
 * with weights. Used by the converter; kept apart from the reader so the worker's default
 * path does not carry hashing and float16 code. Hashing goes through WebCrypto.
 */
import { version as CONVLENS_VERSION } from '../../package.json';
import type { ModelMetadata } from '../contract';
import type { GraphNode, ModelGraph, WeightRef } from '../engine/graph';
import { concatBytes } from './bytes';
import { toFloat16Bytes } from './float16';
import { GRAPH_FORMAT, GRAPH_FORMAT_VERSION, type GraphModelJson } from './graph-json';
import { sha256Hex } from './sha256';
import type { WeightEntry, WeightGroup, WriteOptions } from './tfjs-writer';

export interface GraphArtifacts {
  modelJson: GraphModelJson;
  files: Map<string, Uint8Array>;
}

/** model.json and one `<node>.<8 hex of sha256>.bin` per node with weights, in graph order. */
export async function toGraphModelJson(graph: ModelGraph, weights: Map<string, Float32Array>, metadata: ModelMetadata, options: WriteOptions = {}): Promise<GraphArtifacts> {
  const files = new Map<string, Uint8Array>();
  const weightsManifest: WeightGroup[] = [];
  for (const node of graph.nodes) {
    const refs = Object.values(node.weights);
    if (refs.length === 0) continue;
    const values = refs.map((ref) => weights.get(ref.key)!);
    const bytes = concatBytes(values.map((data) => (options.float16 ? toFloat16Bytes(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength))));
    const path = `${node.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.${(await sha256Hex(bytes)).slice(0, 8)}.bin`;
    files.set(path, bytes);
    weightsManifest.push({ paths: [path], weights: refs.map((ref) => entry(ref, options)) });
  }
  const plain: ModelGraph = { name: graph.name, layout: graph.layout, output: graph.output, nodes: graph.nodes.map(storedNode) };
  const modelJson: GraphModelJson = {
    format: GRAPH_FORMAT,
    formatVersion: GRAPH_FORMAT_VERSION,
    convertedBy: `convlens ${CONVLENS_VERSION}`,
    graph: plain,
    weightsManifest,
    userDefinedMetadata: { convlens: metadata },
  };
  return { modelJson, files };
}

function entry(ref: WeightRef, options: WriteOptions): WeightEntry {
  const result: WeightEntry = { name: ref.key, shape: ref.shape, dtype: 'float32' };
  if (options.float16) result.quantization = { dtype: 'float16', original_dtype: 'float32' };
  return result;
}

/** A node as stored: without what completeGraph fills in. */
function storedNode({ name, type, attributes, inputs, weights, hidden }: GraphNode): GraphNode {
  return { name, type, attributes, inputs, weights, ...(hidden ? { hidden } : {}) };
}

