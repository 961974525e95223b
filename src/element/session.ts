/**
 * One widget's conversation with the shared worker. Each image starts a new generation;
 * results of older generations are dropped, so a stale layer is never painted. Layers are
 * computed when they are wanted (near the viewport, or all of them for `el.run()`): when
 * the wanted set grows, a new run asks for everything still missing and the worker drops
 * the older run on the same channel (its AbortError is ignored). A new image is only
 * committed when the worker has read it (its preview arrives); if the worker refuses it,
 * the previous image comes back as it was. One image's bookkeeping (what arrived, who waits)
 * is generation.ts's; starting the backend, with or without threads, backend-start.ts's.
 */
import type { BackendInfo, ExplainOptions, ExplainResult, InputPreview, LayerResult, ModelSummary, Progress, RunCallbacks } from '../../worker/contract';
import { proxy } from 'comlink';
import {
  abortError, close, isAbortError, markComplete, newGeneration, nextRun, notifyArrivals, rejectWaiters, resolveWaiters, reusableBitmap, settle, whenArrived, whenComplete,
  type Completion, type Generation,
} from './generation';
import { BackendStart } from './backend-start';
import type { ModelLoader } from './own-model';
import { runOther } from './other-run';
import type { OtherRun, SessionHandlers } from './session-handlers';
import { acquireWorker, guarded, isWorkerLost, releaseWorker, STALL_TIMEOUT_MS, type Shared, type Watchdog, type WorkerRemote } from './worker-client';

export type { OtherRun, SessionHandlers } from './session-handlers';

let channels = 0;

export class Session {
  private readonly worker: Shared;
  /** This widget's name in the worker: its runs, and the model it uses there. */
  readonly channel = `convlens-${++channels}`;
  private modelUrl = '';
  private selected: string[] = [];
  private current: Generation | null = null;
  /** The committed image while a new one is being read: it comes back if the new one is refused. */
  private fallback: Generation | null = null;
  private runs = 0;
  private released = false;
  /** Photo B of a comparison ran on this session's second channel. */
  private otherUsed = false;
  private readonly backend = new BackendStart();

  /** Acquires the page's worker; throws (a WorkerLost error) if none can start. */
  constructor(
    readonly handlers: SessionHandlers,
    /** Read at each call: how long the worker may stay silent. */
    private readonly stallMs: () => number = () => STALL_TIMEOUT_MS,
  ) {
    this.worker = acquireWorker();
    this.worker.died.catch((error: Error) => {
      if (this.released) return;
      rejectWaiters(this.current, error);
      this.handlers.onWorkerLost(error, this.backend.diedStarting());
    });
  }

  /** Starts the backend (once per page) and loads the model summary (with `loader` in place of `load(modelUrl)`). */
  async open(modelUrl: string, loader?: ModelLoader): Promise<{ backend: BackendInfo; summary: ModelSummary }> {
    const { remote } = this.worker;
    let dog: Watchdog | undefined;
    const progress = proxy((p: Progress) => {
      dog?.touch();
      this.handlers.onProgress(p);
    });
    const ms = this.stallMs();
    const backend = await this.backend.start(this.worker, ms);
    const summary = await guarded(this.worker, { call: () => (loader ? loader(remote, progress, this.channel) : remote.load(modelUrl, progress, this.channel)), what: `loading the model ${modelUrl}`, ms, onDog: (d) => (dog = d) });
    this.modelUrl = modelUrl;
    return { backend, summary };
  }

  /** Any other worker call (model files, metadata), guarded like the rest; `touch` re-arms the stall watchdog. */
  request<T>(what: string, call: (remote: WorkerRemote, touch: () => void) => Promise<T>): Promise<T> {
    let dog: Watchdog | undefined;
    return guarded(this.worker, { call: () => call(this.worker.remote, () => dog?.touch()), what, ms: this.stallMs(), onDog: (d) => (dog = d) });
  }

  /** Grad-CAM of `image` on this session's model (the worker's explain). */
  explain(image: string | Blob, options: Omit<ExplainOptions, 'channel' | 'imageKey'>): Promise<ExplainResult> {
    // The image on show was read by a run of its generation: the worker still has its pixels.
    const shown = [this.current, this.fallback].find((g) => g?.committed && g.source === image);
    const keyed = shown ? { ...options, channel: this.channel, imageKey: shown.key } : options;
    return this.request('explaining the prediction', (remote) => remote.explain(this.modelUrl, image, keyed));
  }

  /** The kernel of `layer` of this session's model (the worker's weights). */
  weights(layer: string): ReturnType<WorkerRemote['weights']> {
    return this.request(`reading the weights of ${layer}`, (remote) => remote.weights(this.modelUrl, layer));
  }

  /**
   * Runs `image` on a channel of its own (compare's photo B): every one of `layers` and the
   * prediction; the current image and its results stay as they are.
   */
  runOther(image: string | Blob, layers: string[]): Promise<OtherRun> {
    this.otherUsed = true;
    return runOther((what, call) => this.request(what, call), this.modelUrl, `${this.channel}-b`, image, layers);
  }

  /** Later images run on `modelUrl` (a model loaded in this worker); the current image's results are dropped. */
  useModel(modelUrl: string): void {
    const last = this.current;
    this.current = null;
    settle(last);
    close(last);
    this.dropFallback();
    if (this.worker.alive) this.cancelInWorker();
    this.modelUrl = modelUrl;
  }

  /** The layers drawn for every image from now on. */
  select(layers: string[]): void {
    this.selected = layers;
  }

  /** Starts a new image; older results are dropped. Nothing is computed until wanted. */
  setImage(source: string | Blob): void {
    const before = this.current;
    this.current = newGeneration(source);
    settle(before);
    if (before?.committed) {
      this.dropFallback();
      this.fallback = before;
    } else {
      close(before);
    }
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
    const done = whenComplete(g);
    this.want(this.selected, true);
    return done;
  }

  /** The layers drawn for every image. */
  get layers(): string[] {
    return [...this.selected];
  }

  /** Layers the run in progress computes for the current image. */
  get computing(): string[] {
    return [...(this.current?.inflight?.layers ?? [])];
  }

  /** Layers received for the current image. */
  get received(): ReadonlySet<string> {
    return this.current?.received ?? new Set();
  }

  /** Stops listening, stops this widget's work in the worker and lets the worker go (the last widget terminates it). */
  dispose(): void {
    if (this.released) return;
    const last = this.current;
    this.current = null;
    this.released = true;
    settle(last);
    close(last);
    this.dropFallback();
    // Other widgets keep the worker: stop this one's run there and let its model go (the last widget terminates it instead).
    if (this.worker.alive && this.worker.users > 1) this.worker.remote.release(this.channel).catch(() => undefined);
    if (this.worker.alive && this.otherUsed) this.worker.remote.release(`${this.channel}-b`).catch(() => undefined);
    releaseWorker(this.worker);
  }

  /** The worker's cancel(channel) stops this widget's run in progress between two layers. */
  private cancelInWorker(): void {
    this.worker.remote.cancel(this.channel).catch(() => undefined);
  }

  private dropFallback(): void {
    close(this.fallback);
    this.fallback = null;
  }

  private isCurrent(g: Generation): boolean {
    return this.current === g && !this.released;
  }

  private pump(g: Generation): void {
    if (!this.isCurrent(g) || g.failed) return;
    const run = nextRun(g);
    if (!run) return;
    g.runs++;
    void this.start(g, run.layers, run.prediction);
  }

  private async start(g: Generation, layers: string[], prediction: boolean): Promise<void> {
    const id = ++this.runs;
    g.inflight = { id, layers: new Set(layers), prediction };
    this.handlers.onRunStart(layers, prediction);
    const image = (await g.reuse) ?? g.source;
    let dog: Watchdog | undefined;
    const callbacks = proxy<RunCallbacks>({
      onInput: (preview) => (dog?.touch(), this.input(g, preview)),
      onLayer: (result) => (dog?.touch(), this.layer(g, result)),
      // A run's last callbacks can arrive after its answer: progress of a finished run is old news.
      onProgress: (progress) => (dog?.touch(), this.isCurrent(g) && !g.complete && g.inflight?.id === id && this.handlers.onProgress(progress)),
    });
    try {
      const options = { layers, probabilities: prediction, channel: this.channel, imageKey: g.key };
      const result = await guarded(this.worker, {
        call: () => this.worker.remote.run(this.modelUrl, image, options, callbacks), what: 'computing the layers', ms: this.stallMs(), onDog: (d) => (dog = d),
      });
      // The run's answer can overtake its last callbacks (they travel on another port).
      await whenArrived(g, layers, () => !this.isCurrent(g));
      if (!this.isCurrent(g)) return;
      if (result.warnings.length > 0) this.handlers.onWarnings(result.warnings);
      if (result.prediction && !g.prediction) {
        g.prediction = result.prediction;
        this.handlers.onPrediction(result.prediction);
      }
      if (g.inflight?.id === id) g.inflight = null;
      this.check(g);
      this.pump(g);
      if (!g.inflight && !g.complete && !g.failed && this.isCurrent(g)) this.handlers.onSettled();
    } catch (error) {
      this.failed(g, id, error);
    }
  }

  private failed(g: Generation, id: number, error: unknown): void {
    if (isAbortError(error) || isWorkerLost(error) || !this.isCurrent(g) || g.inflight?.id !== id) return;
    g.failed = true;
    g.inflight = null;
    const failure = error instanceof Error ? error : new Error(String(error));
    rejectWaiters(g, failure);
    const refused = !g.committed;
    this.handlers.onError(failure, refused);
    if (refused) this.restore();
  }

  /** The previous image is current again; layers it lost to the refused one are asked for again. */
  private restore(): void {
    const back = this.fallback;
    this.fallback = null;
    close(this.current);
    this.current = back;
    if (back) this.pump(back);
  }

  private input(g: Generation, preview: InputPreview): void {
    if (!this.isCurrent(g) || g.committed) return;
    g.committed = true;
    this.dropFallback();
    g.reuse = reusableBitmap(preview);
    this.handlers.onInput(preview);
  }

  private layer(g: Generation, result: LayerResult): void {
    if (!this.isCurrent(g) || !g.committed || g.received.has(result.name)) return;
    g.received.add(result.name);
    this.handlers.onLayer(result);
    notifyArrivals(g);
    this.check(g);
  }

  /** Tells the widget, and el.run()'s waiters, once the current image is complete. */
  private check(g: Generation): void {
    const completion = markComplete(g, this.selected);
    if (!completion) return;
    this.handlers.onComplete(completion.ms, completion.prediction);
    resolveWaiters(g, completion);
  }
}

export { abortError, isAbortError, type Completion };
