/**
 * Weight stores: where a node's weights come from. The manifest store fetches each weight
 * group of a model.json the first time a node that owns one of its weights runs, once,
 * behind a cached promise (our converter writes one group per layer, so computing layer k
 * fetches only the files of layers ≤ k); the memory store holds weights a reader decoded
 * (ONNX). Both hand the executor each node's tensors as its op prepared them, once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ConvlensError } from '../errors';
import type { GraphNode } from './graph';
import { opSpec } from './ops';
import type { Tensors } from './ops/types';

export type WeightsManifest = tf.io.WeightsManifestConfig;
export type FetchFn = (url: string) => Promise<Response>;
export type BytesProgress = (layer: string, loaded: number, total: number) => void;

const BYTES_PER_DTYPE: Record<string, number> = { float32: 4, int32: 4, bool: 1, float16: 2, uint8: 1, uint16: 2 };

/** Declared byte size of one weight entry (quantised entries are smaller on the wire). */
export function entryBytes(entry: tf.io.WeightsManifestEntry): number {
  const count = entry.shape.reduce((a, b) => a * b, 1);
  const dtype = entry.quantization?.dtype ?? entry.dtype;
  return count * (BYTES_PER_DTYPE[dtype] ?? 4);
}

export abstract class WeightStore {
  /** Problems that do not stop drawing (NaN or infinite weights), in plain words. */
  readonly warnings: string[] = [];
  protected readonly raw = new Map<string, tf.Tensor>();
  private readonly prepared = new Map<string, Promise<Tensors>>();
  private released = false;

  /** Total bytes of all weights (as stored). */
  abstract get totalBytes(): number;
  /** Puts the tensors of `keys` (and of any weight stored with them) into `raw`. */
  protected abstract load(keys: string[], node: GraphNode, onProgress?: BytesProgress): Promise<void>;

  /** Makes `node`'s weights ready to run; resolves with its tensors by role. */
  tensors(node: GraphNode, onProgress?: BytesProgress): Promise<Tensors> {
    if (this.released) return Promise.reject(new ConvlensError('model-released', 'This model was replaced and its weights were let go.'));
    let ready = this.prepared.get(node.name);
    if (!ready) {
      ready = this.prepare(node, onProgress);
      // A failed fetch may be retried by the next run.
      ready.catch(() => this.prepared.delete(node.name));
      this.prepared.set(node.name, ready);
    }
    return ready;
  }

  private async prepare(node: GraphNode, onProgress?: BytesProgress): Promise<Tensors> {
    const roles = Object.entries(node.weights);
    if (roles.length === 0) return {};
    const missing = roles.map(([, ref]) => ref.key).filter((key) => !this.raw.has(key));
    if (missing.length > 0) await this.load(missing, node, onProgress);
    if (this.released) throw new ConvlensError('model-released', 'This model was replaced and its weights were let go.');
    const stored: Tensors = {};
    for (const [role, ref] of roles) {
      const tensor = this.raw.get(ref.key);
      if (!tensor) throw new ConvlensError('weights-missing', `The model has no weights for ${ref.key} (layer ${node.name}).`);
      stored[role] = tensor;
    }
    const spec = opSpec(node.attributes.op);
    return spec.prepare ? tf.tidy(() => spec.prepare!(node.attributes, stored)) : stored;
  }

  /** Stores decoded tensors as float32, recording a warning per weight with NaN or ±Infinity. */
  protected keep(decoded: tf.NamedTensorMap): void {
    for (const [name, tensor] of Object.entries(decoded)) {
      const values = tensor.dataSync();
      let bad = 0;
      for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad++;
      if (bad > 0) this.warnings.push(`Weight ${name} holds ${bad} NaN or infinite values; its layer's drawing may be blank.`);
      this.raw.get(name)?.dispose();
      this.raw.set(name, tensor);
    }
  }

  /** Frees every tensor this store made; later calls are refused. */
  async dispose(): Promise<void> {
    this.released = true;
    const prepared = await Promise.allSettled(this.prepared.values());
    const stored = new Set(this.raw.values());
    for (const result of prepared) {
      if (result.status === 'fulfilled') tf.dispose(Object.values(result.value).filter((t) => !stored.has(t)));
    }
    tf.dispose([...stored]);
    this.raw.clear();
    this.prepared.clear();
  }
}

/** Weights a reader already holds in memory, in the engine layout. */
export class MemoryWeights extends WeightStore {
  constructor(private readonly values: Map<string, { shape: number[]; data: Float32Array }>) {
    super();
  }

  get totalBytes(): number {
    let bytes = 0;
    for (const { data } of this.values.values()) bytes += data.byteLength;
    return bytes;
  }

  protected async load(keys: string[]): Promise<void> {
    const decoded: tf.NamedTensorMap = {};
    for (const key of keys) {
      const value = this.values.get(key);
      if (value) decoded[key] = tf.tensor(value.data, value.shape, 'float32');
    }
    this.keep(decoded);
  }
}
