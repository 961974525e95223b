/**
 * The convlens graph format: a model.json for graphs that are not Keras topologies (ONNX),
 * written by the converter and read by the loader, with the per-layer lazy weight files of
 * the tfjs format (one group per node, entry names = WeightRef.key):
 *
 *   { "format": "convlens-graph", "formatVersion": 1, "graph": ModelGraph (no outputShape/params),
 *     "weightsManifest": [...], "userDefinedMetadata": { "convlens": ModelMetadata } }
 *
 * This file is the format and its reader (on the worker's default path); the writer, used by
 * the converter, is graph-json-writer.ts. Pure: no tfjs, no node: imports.
 */
import type { ModelMetadata } from '../contract';
import type { GraphNode, ModelGraph, WeightRef } from '../engine/graph';
import { ModelFormatError } from './errors';
import type { WeightGroup } from './tfjs-writer';

export const GRAPH_FORMAT = 'convlens-graph';
export const GRAPH_FORMAT_VERSION = 1;

export interface GraphModelJson {
  format: typeof GRAPH_FORMAT;
  formatVersion: typeof GRAPH_FORMAT_VERSION;
  convertedBy: string;
  graph: ModelGraph;
  weightsManifest: WeightGroup[];
  userDefinedMetadata: { convlens: ModelMetadata };
}

/** True when `json` says it is the convlens graph format (of any version). */
export function isGraphModelJson(json: unknown): boolean {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === GRAPH_FORMAT;
}

/**
 * The graph of a convlens-graph model.json, its structure checked (ops, shapes and weights
 * are checked by completeGraph when the model is built). Throws ModelFormatError naming
 * what is wrong and where.
 */
export function readGraphModelJson(json: unknown, fileName = 'model.json'): ModelGraph {
  const fail = (detail: string) => new ModelFormatError(`${fileName} is not a valid convlens graph model: ${detail}.`, 'model-topology');
  const root = json as Partial<GraphModelJson> | null;
  if (!isGraphModelJson(root)) throw fail('"format" is not "convlens-graph"');
  if (root!.formatVersion !== GRAPH_FORMAT_VERSION) {
    throw new ModelFormatError(`${fileName} is convlens graph format version ${String(root!.formatVersion)}; this convlens reads version ${GRAPH_FORMAT_VERSION}. Convert the model again with this version.`, 'model-topology');
  }
  if (!Array.isArray(root!.weightsManifest)) throw fail('it has no "weightsManifest" list');
  const graph = root!.graph as Partial<ModelGraph> | undefined;
  if (!isRecord(graph)) throw fail('it has no "graph" object');
  if (typeof graph.name !== 'string') throw fail('graph.name is not a string');
  if (graph.layout !== 'nhwc' && graph.layout !== 'nchw') throw fail(`graph.layout is ${JSON.stringify(graph.layout)}, not "nhwc" or "nchw"`);
  if (typeof graph.output !== 'string') throw fail('graph.output is not a string');
  if (!Array.isArray(graph.nodes) || graph.nodes.length === 0) throw fail('graph.nodes is not a non-empty list');
  const nodes = graph.nodes.map((node, i) => readNode(node, i, fail));
  return { name: graph.name, layout: graph.layout, output: graph.output, nodes };
}

function readNode(value: unknown, index: number, fail: (detail: string) => Error): GraphNode {
  const at = `graph.nodes[${index}]`;
  if (!isRecord(value)) throw fail(`${at} is not an object`);
  const { name, type, attributes, inputs, weights, hidden } = value as Record<string, unknown>;
  if (typeof name !== 'string' || name === '') throw fail(`${at}.name is not a non-empty string`);
  const where = `node ${name}`;
  if (typeof type !== 'string') throw fail(`${where}: "type" is not a string`);
  if (!isRecord(attributes) || typeof attributes.op !== 'string') throw fail(`${where}: "attributes" has no "op" string`);
  if (!Array.isArray(inputs) || !inputs.every((input) => typeof input === 'string')) throw fail(`${where}: "inputs" is not a list of names`);
  if (!isRecord(weights)) throw fail(`${where}: "weights" is not an object`);
  const refs: Record<string, WeightRef> = {};
  for (const [role, ref] of Object.entries(weights)) {
    const r = ref as Partial<WeightRef>;
    const shapeOk = Array.isArray(r?.shape) && r.shape.every((d) => Number.isInteger(d) && d > 0);
    if (!isRecord(ref) || typeof r.key !== 'string' || !shapeOk || typeof r.trainable !== 'boolean') {
      throw fail(`${where}: weight "${role}" needs a "key" string, a "shape" of positive integers and a "trainable" boolean`);
    }
    refs[role] = { key: r.key!, shape: [...r.shape!], trainable: r.trainable! };
  }
  if (hidden !== undefined && typeof hidden !== 'boolean') throw fail(`${where}: "hidden" is not a boolean`);
  const node: GraphNode = { name, type, attributes: attributes as unknown as GraphNode['attributes'], inputs: [...(inputs as string[])], weights: refs };
  if (hidden) node.hidden = true;
  return node;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
