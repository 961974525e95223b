/**
 * Lazy weights: each weight group of the manifest is fetched the first time a layer that
 * owns one of its weights is computed, once, behind a cached promise. Our converter writes
 * one group per layer, so computing layer k fetches only the files of layers ≤ k; a model
 * with one big shard is fetched whole on first use.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { ConvlensError } from '../errors';

export type WeightsManifest = tf.io.WeightsManifestConfig;
export type FetchFn = (url: string) => Promise<Response>;
export type BytesProgress = (layer: string, loaded: number, total: number) => void;

type Layer = LayersModel['layers'][number];

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

/** Declared byte size of one weight entry (quantised entries are smaller on the wire). */
export function entryBytes(entry: tf.io.WeightsManifestEntry): number {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  return count * (BYTES_PER_DTYPE[dtype] ?? 4);
}

export class LazyWeights {
  private readonly groupOf = new Map<string, number>();
  private readonly loading = new Map<number, Promise<void>>();
  private readonly loadedLayers = new Set<string>();
  /** Problems that do not stop drawing (NaN or infinite weights), in plain words. */
  readonly warnings: string[] = [];

  constructor(
    private readonly model: LayersModel,
    private readonly manifest: WeightsManifest,
    private readonly baseUrl: string,
    private readonly fetchFn: FetchFn,
  ) {
    manifest.forEach((group, index) => group.weights.forEach((entry) => this.groupOf.set(entry.name, index)));
  }

  /** Total declared bytes of all weight files. */
  get totalBytes(): number {
    return this.manifest.reduce((sum, group) => sum + group.weights.reduce((s, e) => s + entryBytes(e), 0), 0);
  }

  /** Makes sure every weight of `layer` holds its trained value. */
  async ensure(layer: Layer, onProgress?: BytesProgress): Promise<void> {
    if (this.loadedLayers.has(layer.name) || layer.weights.length === 0) return;
    const groups = new Set<number>();
    for (const weight of layer.weights) {
      const group = this.groupOf.get(weight.originalName);
      if (group === undefined) {
        throw new ConvlensError('weights-missing', `The model has no weights for ${weight.originalName} (layer ${layer.name}).`);
      }
      groups.add(group);
    }
    await Promise.all([...groups].map((group) => this.loadGroup(group, layer.name, onProgress)));
    this.loadedLayers.add(layer.name);
  }

  private loadGroup(index: number, layerName: string, onProgress?: BytesProgress): Promise<void> {
    let promise = this.loading.get(index);
    if (!promise) {
      promise = this.fetchGroup(index, layerName, onProgress);
      // A failed fetch may be retried by the next run.
      promise.catch(() => this.loading.delete(index));
      this.loading.set(index, promise);
    }
    return promise;
  }

  private async fetchGroup(index: number, layerName: string, onProgress?: BytesProgress): Promise<void> {
    const group = this.manifest[index];
    const expected = group.weights.reduce((sum, entry) => sum + entryBytes(entry), 0);
    const parts: Uint8Array[] = [];
    let loaded = 0;
    for (const path of group.paths) {
      const bytes = await this.fetchFile(path, (n) => onProgress?.(layerName, loaded + n, expected));
      parts.push(bytes);
      loaded += bytes.byteLength;
    }
    if (loaded !== expected) {
      throw new ConvlensError(
        'weights-length',
        `Weight file ${group.paths.join(', ')} is ${loaded} bytes, expected ${expected}.`,
      );
    }
    const decoded = tf.io.decodeWeights(concat(parts, loaded).buffer as ArrayBuffer, group.weights);
    this.checkFinite(decoded);
    this.assign(decoded);
  }

  private async fetchFile(path: string, onBytes: (n: number) => void): Promise<Uint8Array> {
    const url = new URL(path, this.baseUrl).href;
    let response: Response;
    try {
      response = await this.fetchFn(url);
    } catch {
      throw new ConvlensError('weights-fetch', `Could not fetch weight file ${path} (network error or blocked by CORS).`);
    }
    if (!response.ok) {
      throw new ConvlensError('weights-fetch', `Weight file ${path} could not be fetched: HTTP ${response.status}.`);
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

  /** Records a warning per weight that holds NaN or ±Infinity; the layer is still drawn. */
  private checkFinite(decoded: tf.NamedTensorMap): void {
    for (const [name, tensor] of Object.entries(decoded)) {
      const values = tensor.dataSync();
      let bad = 0;
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
      if (bad > 0) this.warnings.push(`Weight ${name} holds ${bad} NaN or infinite values; its layer's drawing may be blank.`);
    }
  }

  /** Copies decoded tensors into the model's variables by their Keras names, then frees them. */
  private assign(decoded: tf.NamedTensorMap): void {
    for (const layer of this.model.layers) {
      const values = layer.weights.map((weight) => decoded[weight.originalName]);
      if (values.length === 0 || values.some((value) => value === undefined)) continue;
      layer.weights.forEach((weight, i) => {
        if (!tf.util.arraysEqual(weight.shape as number[], values[i].shape)) {
          throw new ConvlensError(
            'weights-shape',
            `Weight ${weight.originalName} has shape [${values[i].shape}], the layer expects [${weight.shape}].`,
          );
        }
      });
      layer.setWeights(values);
    }
    tf.dispose(Object.values(decoded));
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
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
