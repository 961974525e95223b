/**
 * Builds a loaded model: a reader's graph, checked and completed (shapes, parameters, every
 * weight against the manifest), with its weight store; nothing is fetched but model.json.
 * A tfjs layers model.json (its Keras topology) is read by keras-graph.ts; a convlens-graph
 * model.json (graph-json.ts) holds its graph as it is.
 */
import type { ModelMetadata } from '../contract';
import { ConvlensError } from '../errors';
import { ModelFormatError } from '../format/errors';
import { isObject, prepareModelConfig } from '../format/keras-config';
import { kerasGraph } from '../format/keras-graph';
import { checkManifestLayout } from '../format/tfjs-model';
import type { ModelGraph } from './graph';
import { ManifestWeights } from './manifest-weights';
import { completeGraph } from './shapes';
import { entryBytes, type FetchFn, type WeightStore, type WeightsManifest } from './weights';

/** Models declaring more weight bytes than this are refused before any weight is fetched. */
export const MAX_MODEL_BYTES = 300 * 1024 * 1024;

export interface LoadedModel {
  url: string;
  graph: ModelGraph;
  weights: WeightStore;
  metadata: ModelMetadata;
  /** [height, width, channels] */
  inputShape: [number, number, number];
}

/** What a convlens-graph model.json holds for the loader (graph-model.ts reads the graph). */
export interface GraphJson {
  graph: unknown;
  weightsManifest: WeightsManifest;
  userDefinedMetadata?: { convlens?: Partial<ModelMetadata> };
}

interface ModelJson {
  modelTopology?: Record<string, unknown>;
  weightsManifest?: WeightsManifest;
  userDefinedMetadata?: { convlens?: Partial<ModelMetadata> };
}

/** Fetches model.json at `url` and builds the (weightless) model. */
export async function loadModel(url: string, fetchFn: FetchFn): Promise<LoadedModel> {
  const json = parseModelJson(await fetchModelBytes(url, fetchFn), url);
  return buildModel(url, json, fetchFn);
}

/** Builds a model from parsed model.json content; weight paths resolve against `url`. */
export async function buildModel(url: string, json: unknown, fetchFn: FetchFn): Promise<LoadedModel> {
  if (isGraphFormat(json)) return (await import('./graph-model')).buildGraphModel(url, json, fetchFn);
  const { weightsManifest, modelTopology } = validate(url, json);
  try {
    checkManifestLayout(weightsManifest, fileName(url));
  } catch (error) {
    if (error instanceof ModelFormatError) throw new ConvlensError(error.code, error.message);
    throw error;
  }
  checkDeclaredSize(url, weightsManifest);
  const config = prepareTopology(url, modelTopology);
  const weights = new ManifestWeights(weightsManifest, url, fetchFn);
  const graph = kerasGraph(config, (key) => weights.shapeOf(key), fileName(url));
  return fromGraph(url, graph, weights, readMetadata(json as ModelJson));
}

/**
 * True for a convlens-graph model.json (format/graph-json.ts's GRAPH_FORMAT, written out here
 * so that its reader is imported only when such a file arrives).
 */
export function isGraphFormat(json: unknown): json is GraphJson {
  return typeof json === 'object' && json !== null && (json as { format?: unknown }).format === 'convlens-graph';
}

/**
 * A loaded model from any reader's graph and weight store (ONNX, our graph format): the
 * graph is checked and completed here, so every front end gets the same validation.
 * `anyChannels` lets tests and operator conformance runs feed inputs that are not images.
 */
export function fromGraph(url: string, graph: ModelGraph, weights: WeightStore, metadata: ModelMetadata, anyChannels = false): LoadedModel {
  completeGraph(graph, fileName(url));
  if (weights instanceof ManifestWeights) weights.checkGraph(graph);
  const input = graph.nodes.find((node) => node.attributes.op === 'input')!;
  const [, height, width, channels] = input.outputShape!;
  if (!(height > 0 && width > 0 && (channels === 1 || channels === 3 || (anyChannels && channels > 0)))) {
    throw new ConvlensError('model-input', `${fileName(url)} takes input of shape [${input.outputShape}]; convlens needs one image input (height, width, 1 or 3 channels).`);
  }
  return { url, graph, weights, metadata, inputShape: [height, width, channels] };
}

/** The bytes at `url`, or a ConvlensError naming the network failure or HTTP status. */
export async function fetchModelBytes(url: string, fetchFn: FetchFn): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch {
    throw new ConvlensError(
      'model-fetch',
      `Could not load ${url}: network error, or the server does not allow cross-origin requests (CORS).`,
    );
  }
  if (!response.ok) throw new ConvlensError('model-fetch', `Could not load ${url}: HTTP ${response.status}.`);
  return new Uint8Array(await response.arrayBuffer());
}

/** model.json bytes -> parsed JSON, or a ConvlensError saying it is not JSON. */
export function parseModelJson(bytes: Uint8Array, url: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ConvlensError('model-json', `${fileName(url)} is not JSON, so it is not a tfjs model.json file.`);
  }
}

function validate(url: string, json: unknown): { modelTopology: Record<string, unknown>; weightsManifest: WeightsManifest } {
  const candidate = json as ModelJson | null;
  if (!candidate || typeof candidate !== 'object' || !candidate.modelTopology || !Array.isArray(candidate.weightsManifest)) {
    throw new ConvlensError(
      'model-not-layers',
      `${fileName(url)} is JSON but not a tfjs layers model (it needs "modelTopology" and "weightsManifest").`,
    );
  }
  return { modelTopology: candidate.modelTopology, weightsManifest: candidate.weightsManifest };
}

/**
 * The topology in the Keras 2 form tfjs-layers reads (Keras 3 configs are rewritten), with
 * consumed outputs dropped; channels_first, Keras 1, Lambda and custom layers are refused.
 */
function prepareTopology(url: string, topology: Record<string, unknown>): Record<string, unknown> {
  try {
    return prepareModelConfig(isObject(topology.model_config) ? topology.model_config : topology, fileName(url));
  } catch (error) {
    if (error instanceof ModelFormatError) throw new ConvlensError(error.code, error.message);
    throw error;
  }
}

export function checkDeclaredSize(url: string, manifest: WeightsManifest): void {
  const bytes = manifest.reduce((sum, group) => sum + group.weights.reduce((s, entry) => s + entryBytes(entry), 0), 0);
  if (bytes > MAX_MODEL_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new ConvlensError(
      'model-too-large',
      `${fileName(url)} declares ${mb(bytes)} of weights; convlens loads at most ${mb(MAX_MODEL_BYTES)}, so nothing was downloaded.`,
    );
  }
}

export function readMetadata(json: ModelJson): ModelMetadata {
  const given = json.userDefinedMetadata?.convlens ?? {};
  const known = typeof given.pixelScale === 'number' && given.pixelScale > 0;
  return {
    classNames: Array.isArray(given.classNames) ? given.classNames.map(String) : null,
    pixelScale: known ? given.pixelScale! : 1,
    ...normalization(given),
    ...namesByLanguage(given.classNamesByLang),
    source: given.source,
    convertedBy: given.convertedBy,
    known,
  };
}

/** Class names per language (`{ko: [...]}`), kept when each is a list of strings. */
function namesByLanguage(value: unknown): Pick<ModelMetadata, 'classNamesByLang'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const lists = Object.entries(value).filter(([, names]) => Array.isArray(names) && names.every((name) => typeof name === 'string'));
  return lists.length > 0 ? { classNamesByLang: Object.fromEntries(lists) as Record<string, string[]> } : {};
}

/** Stored mean/std (PyTorch's Normalize), kept when they are lists of numbers (std positive). */
function normalization({ mean, std }: Partial<ModelMetadata>): Pick<ModelMetadata, 'mean' | 'std'> {
  const numbers = (v: unknown, min: number) => Array.isArray(v) && v.length > 0 && v.every((x) => Number.isFinite(x) && x > min);
  return { ...(numbers(mean, -Infinity) ? { mean } : {}), ...(numbers(std, 0) ? { std } : {}) };
}

export function fileName(url: string): string {
  return url.split(/[?#]/)[0].split('/').pop() || url;
}
