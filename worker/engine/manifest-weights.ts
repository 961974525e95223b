/**
 * The weights of a model.json: a tfjs weights manifest, checked in full when the model is
 * built (names, dtypes, distinct paths, and against the graph: every weight present with
 * its shape), fetched group by group when a node first needs one, and checked again on
 * arrival (byte length, finite values).
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvlensError } from '../errors';
import { ModelFormatError } from '../format/errors';
import { decodeEntry, type ManifestEntry } from '../format/weight-decode';
import type { GraphNode, ModelGraph } from './graph';
import { WeightStore, entryBytes, type BytesProgress, type FetchFn, type WeightsManifest } from './weights';

const DTYPES = new Set(['float32']);
const QUANTIZED = new Set(['uint8', 'uint16', 'float16']);

export class ManifestWeights extends WeightStore {
  private readonly groupOf = new Map<string, number>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(
    private readonly manifest: WeightsManifest,
    private readonly baseUrl: string,
    private readonly fetchFn: FetchFn,
  ) {
    super();
    const paths = new Set<string>();
    manifest.forEach((group, index) => {
      for (const path of group.paths) {
        if (paths.has(path)) throw manifestError(`the weight file ${path} is named twice`);
        paths.add(path);
      }
      for (const entry of group.weights) {
        if (this.groupOf.has(entry.name)) throw manifestError(`the weight ${entry.name} is listed twice`);
        checkEntry(entry);
        this.groupOf.set(entry.name, index);
      }
    });
  }

  /** The manifest's shape of weight `key`, or undefined when it lists none. */
  shapeOf(key: string): number[] | undefined {
    const group = this.groupOf.get(key);
    return group === undefined ? undefined : this.manifest[group].weights.find((entry) => entry.name === key)!.shape;
  }

  /** Every weight the graph names is in the manifest with the shape the graph gives it. */
  checkGraph(graph: ModelGraph): void {
    for (const node of graph.nodes) {
      for (const ref of Object.values(node.weights)) {
        const shape = this.shapeOf(ref.key);
        if (!shape) throw new ConvlensError('weights-missing', `The model has no weights for ${ref.key} (layer ${node.name}).`);
        if (!tf.util.arraysEqual(shape, ref.shape)) {
          throw new ConvlensError('weights-shape', `Weight ${ref.key} has shape [${shape}], the layer ${node.name} expects [${ref.shape}].`);
        }
      }
    }
  }

  get totalBytes(): number {
    return this.manifest.reduce((sum, group) => sum + groupBytes(group), 0);
  }

  /** Byte length each weight file must have, by path (for files given by the user). */
  expectedFileBytes(): Map<string, number> | null {
    const sizes = new Map<string, number>();
    for (const group of this.manifest) {
      if (group.paths.length !== 1) return null;
      sizes.set(group.paths[0], groupBytes(group));
    }
    return sizes;
  }

  protected async load(keys: string[], node: GraphNode, onProgress?: BytesProgress): Promise<void> {
    const groups = new Set(keys.map((key) => this.groupOf.get(key)).filter((group) => group !== undefined));
    await Promise.all([...groups].map((group) => this.loadGroup(group, node.name, onProgress)));
  }

  private loadGroup(index: number, layer: string, onProgress?: BytesProgress): Promise<void> {
    let promise = this.loading.get(index);
    if (!promise) {
      promise = this.fetchGroup(index, layer, onProgress);
      promise.catch(() => this.loading.delete(index));
      this.loading.set(index, promise);
    }
    return promise;
  }

  private async fetchGroup(index: number, layer: string, onProgress?: BytesProgress): Promise<void> {
    const group = this.manifest[index];
    const expected = groupBytes(group);
    const parts: Uint8Array[] = [];
    let loaded = 0;
    for (const path of group.paths) {
      const bytes = await this.fetchFile(path, expected - loaded, group.paths.length === 1, (n) => onProgress?.(layer, loaded + n, expected));
      parts.push(bytes);
      loaded += bytes.byteLength;
      if (loaded > expected) break;
    }
    if (loaded !== expected) {
      throw new ConvlensError('weights-length', `Weight file ${group.paths.join(', ')} is ${loaded} bytes, expected ${expected}.`);
    }
    const bytes = concat(parts, loaded);
    const decoded: tf.NamedTensorMap = {};
    let offset = 0;
    try {
      for (const entry of group.weights) {
        const { data, size } = decodeEntry(entry as ManifestEntry, bytes, offset, group.paths.join(', '));
        decoded[entry.name] = tf.tensor(data, entry.shape, 'float32');
        offset += size;
      }
    } catch (error) {
      tf.dispose(Object.values(decoded));
      if (error instanceof ModelFormatError) throw new ConvlensError(error.code, error.message);
      throw error;
    }
    this.keep(decoded);
  }

  /**
   * One weight file's bytes. Its Content-Length is checked before the body is read: it must
   * be `left` bytes when the file is its group's only one (`whole`), at most `left` otherwise.
   */
  private async fetchFile(path: string, left: number, whole: boolean, onBytes: (n: number) => void): Promise<Uint8Array> {
    const url = new URL(path, this.baseUrl).href;
    let response: Response;
    try {
      response = await this.fetchFn(url);
    } catch {
      throw new ConvlensError('weights-fetch', `Could not fetch weight file ${path} (network error or blocked by CORS).`);
    }
    if (!response.ok) throw new ConvlensError('weights-fetch', `Weight file ${path} could not be fetched: HTTP ${response.status}.`);
    const declared = declaredLength(response);
    if (declared !== null && (whole ? declared !== left : declared > left)) {
      void response.body?.cancel().catch(() => undefined);
      throw new ConvlensError('weights-length', `Weight file ${path} is ${declared} bytes, expected ${whole ? '' : 'at most '}${left}.`);
    }
    if (!response.body) return new Uint8Array(await response.arrayBuffer());
    const chunks: Uint8Array[] = [];
    let received = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      onBytes(received);
    }
    return concat(chunks, received);
  }
}

/** The body's length as the server declares it; null when unknown or compressed (then it counts encoded bytes). */
function declaredLength(response: Response): number | null {
  const encoding = response.headers.get('Content-Encoding');
  if (encoding && encoding !== 'identity') return null;
  const header = response.headers.get('Content-Length');
  const length = header === null ? NaN : Number(header);
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}

function checkEntry(entry: tf.io.WeightsManifestEntry): void {
  if (!Array.isArray(entry.shape) || entry.shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw manifestError(`the weight ${entry.name} has no valid shape (${JSON.stringify(entry.shape)})`);
  }
  const quantized = entry.quantization?.dtype;
  if (!DTYPES.has(entry.dtype) || (quantized !== undefined && !QUANTIZED.has(quantized))) {
    throw new ConvlensError(
      'weights-dtype',
      `Weight ${entry.name} is stored as ${quantized ? `${quantized}-quantised ` : ''}${entry.dtype}; convlens reads float32 weights (optionally quantised to uint8, uint16 or float16).`,
    );
  }
}

function groupBytes(group: WeightsManifest[number]): number {
  return group.weights.reduce((sum, entry) => sum + entryBytes(entry), 0);
}

function manifestError(detail: string): ConvlensError {
  return new ConvlensError('weights-manifest', `The weights manifest is inconsistent: ${detail}.`);
}

export function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const only = chunks[0];
  if (chunks.length === 1 && only.byteOffset === 0 && only.byteLength === only.buffer.byteLength) return only;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
