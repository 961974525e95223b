/**
 * One widget's conversation with the shared worker. Each image starts a new generation;
 * results of older generations are dropped, so a stale layer is never painted. Layers are
 * computed when they are wanted (near the viewport, or all of them for `el.run()`): when
 * the wanted set grows, a new run asks for everything still missing and the worker drops
 * the older run on the same channel (its AbortError is ignored).
 */
import { proxy } from 'comlink';
import type {
  BackendInfo, InputPreview, LayerResult, ModelSummary, Prediction, Progress, RunCallbacks,
} from '../worker/contract';
import { acquireWorker, guarded, releaseWorker, type Shared } from './worker-client';

export interface SessionHandlers {
  onProgress(progress: Progress): void;
  /** The resized image of the current generation (once per image). */
  onInput(preview: InputPreview): void;
  onLayer(result: LayerResult): void;
  onPrediction(prediction: Prediction): void;
  /** A run started for these layers (and the prediction, if `prediction`). */
  onRunStart(layers: string[], prediction: boolean): void;
  /** Every selected layer and the prediction of the current image are in. */
  onComplete(ms: number, prediction: Prediction | null): void;
  onError(error: Error): void;
}

export interface Completion {
  ms: number;
  prediction: Prediction | null;
}

let channels = 0;

/** An error named AbortError, as the worker throws for superseded runs. */
export function abortError(message = 'superseded by a newer image'): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

interface Generation {
  id: number;
  source: string | Blob;
  /** After the first preview: the model-size pixels as a bitmap, cheaper to decode again. */
  reuse: Promise<ImageBitmap | null> | null;
  started: number;
  received: Set<string>;
  prediction: Prediction | null;
  wantPrediction: boolean;
  wanted: Set<string>;
  inflight: { id: number; layers: Set<string>; prediction: boolean } | null;
  /** Runs started for this image. */
  runs: number;
  failed: boolean;
  complete: boolean;
  waiters: { resolve(c: Completion): void; reject(e: Error): void }[];
  /** Called after each received layer (runs waiting for their late callbacks). */
  arrivals: Set<() => void>;
}

export class Session {
  private readonly worker: Shared = acquireWorker();
  private readonly channel = `convlens-${++channels}`;
  private modelUrl = '';
  private selected: string[] = [];
  private current: Generation | null = null;
  private runs = 0;
  private released = false;

  constructor(private readonly handlers: SessionHandlers) {}

  /** Starts the backend (once per page) and loads the model summary. */
  async open(modelUrl: string): Promise<{ backend: BackendInfo; summary: ModelSummary }> {
    const { remote } = this.worker;
    const onProgress = proxy((progress: Progress) => this.handlers.onProgress(progress));
    const backend = await guarded(this.worker, remote.init());
    const summary = await guarded(this.worker, remote.load(modelUrl, onProgress));
    this.modelUrl = modelUrl;
    return { backend, summary };
  }

  /** The layers drawn for every image from now on. */
  select(layers: string[]): void {
    this.selected = layers;
  }

  /** Starts a new image; older results are dropped. Nothing is computed until wanted. */
  setImage(source: string | Blob): void {
    this.supersede();
    this.current = {
      id: (this.current?.id ?? 0) + 1, source, reuse: null, started: performance.now(), received: new Set(),
      prediction: null, wantPrediction: false, wanted: new Set(), inflight: null, runs: 0, failed: false, complete: false, waiters: [], arrivals: new Set(),
    };
  }

  /** Asks for `layers` (and the prediction) of the current image. */
  want(layers: Iterable<string>, prediction = false): void {
    const g = this.current;
    if (!g) return;
    for (const layer of layers) if (this.selected.includes(layer)) g.wanted.add(layer);
    g.wantPrediction ||= prediction;
    this.pump(g);
  }

  /** Asks for everything; resolves when every selected layer and the prediction are in. */
  wantAll(): Promise<Completion> {
    const g = this.current;
    if (!g) return Promise.reject(new Error('No image to run.'));
    const done = new Promise<Completion>((resolve, reject) => g.waiters.push({ resolve, reject }));
    if (g.complete) g.waiters.shift()!.resolve({ ms: performance.now() - g.started, prediction: g.prediction });
    this.want(this.selected, true);
    return done;
  }

  /** Layers received for the current image. */
  get received(): ReadonlySet<string> {
    return this.current?.received ?? new Set();
  }

  /** Stops listening and lets the worker go (the last widget terminates it). */
  dispose(): void {
    this.supersede();
    this.current = null;
    if (!this.released) releaseWorker();
    this.released = true;
  }

  private supersede(): void {
    const g = this.current;
    if (!g) return;
    g.failed = true;
    g.arrivals.forEach((listener) => listener());
    g.waiters.splice(0).forEach((w) => w.reject(abortError()));
    void g.reuse?.then((bitmap) => bitmap?.close());
  }

  private isCurrent(g: Generation): boolean {
    return this.current === g && !this.released;
  }

  private pump(g: Generation): void {
    if (!this.isCurrent(g) || g.failed) return;
    const missing = [...g.wanted].filter((name) => !g.received.has(name));
    const needPrediction = g.wantPrediction && !g.prediction;
    const flight = g.inflight;
    const covered = flight && missing.every((name) => flight.layers.has(name)) && (!needPrediction || flight.prediction);
    // The first run of an image always goes, even for no layer: it brings the 32×32 preview.
    const started = g.runs > 0;
    if (covered || (missing.length === 0 && !needPrediction && started)) return;
    g.runs++;
    void this.start(g, missing, needPrediction);
  }

  private async start(g: Generation, layers: string[], prediction: boolean): Promise<void> {
    const id = ++this.runs;
    g.inflight = { id, layers: new Set(layers), prediction };
    this.handlers.onRunStart(layers, prediction);
    const image = (await g.reuse) ?? g.source;
    const callbacks: RunCallbacks = {
      onInput: (preview) => this.input(g, preview),
      onLayer: (result) => this.layer(g, result),
      onProgress: (progress) => this.isCurrent(g) && !g.complete && this.handlers.onProgress(progress),
    };
    try {
      const options = { layers, probabilities: prediction, channel: this.channel };
      const result = await guarded(this.worker, this.worker.remote.run(this.modelUrl, image, options, proxy(callbacks)));
      // The run's answer can overtake its last callbacks (they travel on another port).
      await this.arrived(g, layers);
      if (!this.isCurrent(g)) return;
      if (result.prediction && !g.prediction) {
        g.prediction = result.prediction;
        this.handlers.onPrediction(result.prediction);
      }
      if (g.inflight?.id === id) g.inflight = null;
      this.check(g);
      this.pump(g);
    } catch (error) {
      if (isAbortError(error) || !this.isCurrent(g) || g.inflight?.id !== id) return;
      g.failed = true;
      g.inflight = null;
      const failure = error instanceof Error ? error : new Error(String(error));
      g.waiters.splice(0).forEach((w) => w.reject(failure));
      this.handlers.onError(failure);
    }
  }

  private input(g: Generation, preview: InputPreview): void {
    if (!this.isCurrent(g) || g.reuse) return;
    g.reuse = reusableBitmap(preview);
    this.handlers.onInput(preview);
  }

  private layer(g: Generation, result: LayerResult): void {
    if (!this.isCurrent(g) || g.received.has(result.name)) return;
    g.received.add(result.name);
    this.handlers.onLayer(result);
    g.arrivals.forEach((listener) => listener());
    this.check(g);
  }

  /** Resolves once every one of `layers` has arrived (or the image changed). */
  private arrived(g: Generation, layers: string[]): Promise<void> {
    const done = () => !this.isCurrent(g) || layers.every((name) => g.received.has(name));
    if (done()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = () => {
        if (!done()) return;
        g.arrivals.delete(listener);
        resolve();
      };
      g.arrivals.add(listener);
    });
  }

  private check(g: Generation): void {
    const all = this.selected.every((name) => g.received.has(name)) && g.prediction !== null;
    if (!all || g.complete) return;
    g.complete = true;
    const completion = { ms: performance.now() - g.started, prediction: g.prediction };
    this.handlers.onComplete(completion.ms, completion.prediction);
    g.waiters.splice(0).forEach((w) => w.resolve(completion));
  }
}

/**
 * The preview is the model-size image exactly as the network reads it, so later runs of
 * the same image can send it instead of re-decoding a large photo. Only opaque previews:
 * a canvas would change the colour of transparent pixels.
 */
async function reusableBitmap(preview: InputPreview): Promise<ImageBitmap | null> {
  if (typeof createImageBitmap !== 'function' || typeof ImageData === 'undefined') return null;
  for (let i = 3; i < preview.rgba.length; i += 4) if (preview.rgba[i] !== 255) return null;
  const pixels = new ImageData(new Uint8ClampedArray(preview.rgba), preview.width, preview.height);
  try {
    return await createImageBitmap(pixels, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
  } catch {
    return null;
  }
}
