/**
 * Reads a tfjs layers-format model.json and builds the model without its weights; the
 * weights arrive later, per layer (see weights.ts).
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelMetadata } from '../contract';
import { ConvlensError } from '../errors';
import { ModelFormatError } from '../format/errors';
import { isObject, prepareModelConfig } from '../format/keras-config';
import { LazyWeights, entryBytes, type FetchFn, type WeightsManifest } from './weights';

/** Models declaring more weight bytes than this are refused before any weight is fetched. */
export const MAX_MODEL_BYTES = 300 * 1024 * 1024;

export interface LoadedModel {
  url: string;
  model: tfl.LayersModel;
  weights: LazyWeights;
  metadata: ModelMetadata;
  /** [height, width, channels] */
  inputShape: [number, number, number];
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
  const { weightsManifest, ...rest } = validate(url, json);
  checkDeclaredSize(url, weightsManifest);
  const modelTopology = prepareTopology(url, rest.modelTopology);
  let model: tfl.LayersModel;
  try {
    // Topology only: tfjs-layers initialises the variables, the real values come lazily.
    // The topology is plain JSON; tfjs-layers types it as its own PyJson dictionary.
    model = await tfl.models.modelFromJSON({ modelTopology: withZeroInitializers(modelTopology) } as unknown as Parameters<typeof tfl.models.modelFromJSON>[0]);
  } catch (error) {
    throw topologyError(url, messageOf(error));
  }
  const inputShape = imageInputShape(model, url);
  const metadata = readMetadata(json as ModelJson);
  return { url, model, weights: new LazyWeights(model, weightsManifest, url, fetchFn), metadata, inputShape };
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
    if (isObject(topology.model_config)) return { ...topology, model_config: prepareModelConfig(topology.model_config, fileName(url)) };
    return prepareModelConfig(topology, fileName(url));
  } catch (error) {
    if (error instanceof ModelFormatError) throw new ConvlensError(error.code, error.message);
    throw error;
  }
}

/**
 * A copy of `topology` whose layers start their variables at zero. Every weight is replaced
 * by its trained value before its layer runs (LazyWeights refuses a layer with a weight the
 * manifest lacks), so the random values tfjs-layers would draw (Glorot, computed in
 * JavaScript: ~0.3 s for VGG-16 on a fast machine, seconds on a slow one) are never used.
 */
export function withZeroInitializers(topology: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(topology), (key, value: unknown) =>
    key.endsWith('_initializer') && isObject(value) && typeof value.class_name === 'string' ? { class_name: 'Zeros', config: {} } : value);
}

function checkDeclaredSize(url: string, manifest: WeightsManifest): void {
  const bytes = manifest.reduce((sum, group) => sum + group.weights.reduce((s, entry) => s + entryBytes(entry), 0), 0);
  if (bytes > MAX_MODEL_BYTES) {
    const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;
    throw new ConvlensError(
      'model-too-large',
      `${fileName(url)} declares ${mb(bytes)} of weights; convlens loads at most ${mb(MAX_MODEL_BYTES)}, so nothing was downloaded.`,
    );
  }
}

/** tfjs-layers' deserialisation errors, reworded: the unknown layer type is named. */
function topologyError(url: string, message: string): ConvlensError {
  const unknown = /Unknown (?:layer|activation|initializer|constraint|regularizer)[^:]*:\s*(\w+(?:\.\w+)*)/.exec(message);
  if (unknown) {
    return new ConvlensError(
      'model-unknown-layer',
      `${fileName(url)} uses ${unknown[1]}, which convlens does not know (a custom layer, or one TensorFlow.js does not support). Supported: Conv2D, DepthwiseConv2D, SeparableConv2D, pooling, BatchNormalization, activations, Add, Concatenate, ZeroPadding2D, Dropout, Flatten, Dense, Rescaling, Reshape.`,
    );
  }
  return new ConvlensError('model-topology', `${fileName(url)}: the model cannot be built: ${message}`);
}

function imageInputShape(model: tfl.LayersModel, url: string): [number, number, number] {
  const shape = model.inputs[0]?.shape ?? [];
  const [, height, width, channels] = shape;
  // (height, width) grayscale input, as MNIST models reshape it: fed as (height, width, 1),
  // which Reshape and Flatten treat the same.
  if (model.inputs.length === 1 && shape.length === 3 && height && width && onlyReshapedOrFlattened(model)) return [height, width, 1];
  if (model.inputs.length !== 1 || shape.length !== 4 || !height || !width || (channels !== 1 && channels !== 3)) {
    throw new ConvlensError(
      'model-input',
      `${fileName(url)} takes input of shape [${shape.map((d) => d ?? 'None')}]; convlens needs one image input (height, width, 1 or 3 channels).`,
    );
  }
  return [height, width, channels];
}

function onlyReshapedOrFlattened(model: tfl.LayersModel): boolean {
  const consumers = model.inputs[0].sourceLayer.outboundNodes.map((node) => node.outboundLayer.getClassName());
  return consumers.length > 0 && consumers.every((type) => type === 'Reshape' || type === 'Flatten');
}

function readMetadata(json: ModelJson): ModelMetadata {
  const given = json.userDefinedMetadata?.convlens ?? {};
  const known = typeof given.pixelScale === 'number' && given.pixelScale > 0;
  return {
    classNames: Array.isArray(given.classNames) ? given.classNames.map(String) : null,
    pixelScale: known ? given.pixelScale! : 1,
    source: given.source,
    convertedBy: given.convertedBy,
    known,
  };
}

export function fileName(url: string): string {
  return url.split(/[?#]/)[0].split('/').pop() || url;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
