/**
 * <conv-lens>: the lecture's story for one photo. Attributes: `model` (model.json URL),
 * `src` (photo URL), `layers` (names, comma or space separated; default every conv/pool
 * layer), `lang` (ko | en; default from the page), `normalize` (channel | layer | global),
 * `columns` (tiles per row, default 8). See README for the script API and events.
 */
import type { BackendInfo, InputPreview, ModelSummary, Progress } from '../../worker/contract';
import {
  columnsAttribute, layersAttribute, normalizeAttribute,
  type BackendSummary, type CompareDetail, type DoneEventDetail, type ErrorEventDetail,
} from './attributes';
import type { HeadlineKey } from '../languages/errors';
import { MESSAGES, resolveLang, type Messages } from '../languages/i18n';
import type { ActivationRecord } from '../views/layers-view';
import { proxy } from 'comlink';
import { ModelHistory } from './model-history';
import { OwnModel, type OwnModelHost } from './own-model';
import { Session, abortError, isAbortError, type OtherRun, type SessionHandlers } from './session';
import { prepareSource, type PreparedSource, type WidgetSource } from '../inputs/sources';
import { applyStyles } from '../views/styles';
import { WidgetView } from '../views/widget-view';
import { STALL_TIMEOUT_MS, isWorkerLost, workerMemory } from './worker-client';
import { completeNames } from './model-names';
import { sessionEvents } from './session-events';
import { watchPage } from '../inputs/page-inputs';
import type { ExplainResult } from '../../worker/contract';

export type ExplainDetail = Pick<ExplainResult, 'layer' | 'classIndex' | 'className' | 'shape' | 'map'>;

/** The default model: the lecture's CIFAR-10 CNN, beside this script. */
export const DEFAULT_MODEL = './models/cifar10/model.json';

export class ConvLensElement extends HTMLElement {
  static readonly observedAttributes = ['model', 'src', 'layers', 'lang', 'normalize', 'columns'];
  /** Milliseconds a worker call may go without any sign of life before the worker is restarted. */
  static stallTimeout = STALL_TIMEOUT_MS;

  private messages: Messages = MESSAGES.en;
  private readonly view: WidgetView;
  /** A model given as files (dropped, picked, pasted) and the model card. */
  private readonly own: OwnModel;
  private readonly history = new ModelHistory();
  private session: Session | null = null;
  private summary: ModelSummary | null = null;
  private backendInfo: BackendInfo | null = null;
  /** The image on show (the worker read it); kept across restarts and re-insertion. */
  private source: PreparedSource | null = null;
  /** An image given but not yet read by the worker; the shown one stays until it is. */
  private pending: PreparedSource | null = null;
  private imageToken = 0;
  private lastRun: Promise<unknown> = Promise.resolve();
  private readyPromise: Promise<void> | null = null;
  /** Restarted after the worker was lost, and the image shown then is not yet complete. */
  private recovering = false;
  /** Removed from the document; torn down unless re-inserted in the same task (a move). */
  private detached = false;
  /** Stops the page-wide paste and drop handling (see page-inputs.ts). */
  private unwatchPage: (() => void) | null = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    applyStyles(root);
    this.view = new WidgetView({
      messages: this.messages, columns: columnsAttribute(this.getAttribute('columns')), normalize: normalizeAttribute(this.getAttribute('normalize')),
      onPick: (source) => this.pick(source), onError: (error) => this.fail(error),
      onFiles: (files) => void this.own.route(files), onModelFiles: (files) => void this.own.give(files),
      onApply: (answer) => void this.own.apply(answer),
      onNear: (layers, prediction) => this.session?.want(layers, prediction),
      onExplain: (options) => this.explain(options),
      onCompare: (source) => this.compareWith(source),
      onWeights: (layer) => (this.session ? this.session.weights(layer) : Promise.reject(new Error(this.messages.explainNoPhoto))),
    });
    root.append(this.view.frame);
    this.own = new OwnModel(this.ownHost(), this.view.card);
  }

  /** Tensors (and their bytes) alive in the page's shared worker, or null when none runs: for leak checks. */
  static memory(): Promise<{ numTensors: number; numBytes: number } | null> {
    return workerMemory();
  }

  /** The backend the worker chose, once ready: `{backend, simd, threads}`. */
  get backend(): BackendSummary | null {
    const info = this.backendInfo;
    return info ? { backend: info.backend, simd: info.simd, threads: info.threads } : null;
  }

  /** Resolves when the model summary is loaded (rejects if it cannot be). */
  get ready(): Promise<void> {
    return this.readyPromise ?? Promise.reject(new Error('<conv-lens> is not connected.'));
  }

  /** Runs `source` through every selected layer; resolves when all layers and the prediction are in. */
  run(source: WidgetSource): Promise<DoneEventDetail> {
    this.recovering = false;
    const done = this.useImage(source, true).then((detail) => detail as DoneEventDetail);
    this.lastRun = done.catch(() => undefined);
    return done;
  }

  /** Raw values of every layer computed for the current image: `[{name, shape, data}]`. */
  async activations(): Promise<ActivationRecord[]> {
    await this.lastRun;
    return this.view.layers.activations();
  }

  /**
   * Grad-CAM of the photo on show: `{layer, classIndex, className, shape: [h, w], map}`, the
   * map raw (not normalised, not upsampled). Default: the top class, on the last layer with maps.
   */
  async explain(options: { className?: string; classIndex?: number; layer?: string } = {}): Promise<ExplainDetail> {
    await this.lastRun;
    await this.ready;
    const source = this.source;
    if (!source || !this.session) throw new Error(this.messages.explainNoPhoto);
    const { layer, classIndex, className, shape, map } = await this.session.explain(source.image, options);
    return { layer, classIndex, className, shape, map };
  }

  /**
   * Compares the photo on show (A) with `source` (B): every grid and the zoom show A beside B
   * until endCompare(). Resolves to B's `{name, top, layers: [{name, shape}]}`.
   */
  async compare(source: WidgetSource): Promise<CompareDetail> {
    await this.lastRun;
    return this.view.instruments.compare(source instanceof Blob || typeof source === 'string' ? source : (await prepareSource(source, document.baseURI)).image);
  }

  /** Ends a comparison: the grids show photo A alone again. */
  endCompare(): void {
    this.view.instruments.endCompare();
  }

  /** Runs `source` as photo B of a comparison: the photo on show (A) stays. */
  private async compareWith(source: WidgetSource): Promise<OtherRun & { name: string }> {
    await this.ready;
    const prepared = await prepareSource(source, document.baseURI);
    if (!this.session) throw new Error(this.messages.explainNoPhoto);
    return { ...(await this.session.runOther(prepared.image, this.session.layers)), name: prepared.name };
  }

  connectedCallback(): void {
    this.retranslate();
    if (this.detached) {
      // Moved within the page: nothing was torn down.
      this.detached = false;
      return;
    }
    this.unwatchPage ??= watchPage(this.ownerDocument, this, (event) => this.view.input.paste(event));
    if (!this.session) this.begin(true);
  }

  disconnectedCallback(): void {
    this.detached = true;
    queueMicrotask(() => {
      if (this.detached && !this.isConnected) this.teardown();
    });
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after || !this.isConnected) return;
    if (name === 'lang') this.retranslate();
    else if (name === 'normalize') this.view.layers.setNormalize(normalizeAttribute(after));
    else if (name === 'columns') this.view.layers.setColumns(columnsAttribute(after));
    else if (name === 'src' && after && this.summary) this.pick(after);
    else if (name === 'model' || name === 'layers') {
      if (name === 'model') {
        this.own.forget();
        this.history.chosen();
      }
      this.restart();
    }
  }

  /** Releases the worker, observers and listeners; the image is kept for a later re-insertion. */
  private teardown(): void {
    this.detached = false;
    this.unwatchPage?.();
    this.unwatchPage = null;
    this.view.destroy();
    this.endSession();
    this.pending = null;
    this.imageToken++;
  }

  private endSession(): void {
    this.session?.dispose();
    this.session = null;
    this.summary = null;
  }

  private restart(): void {
    this.endSession();
    this.begin(true);
  }

  /** Starts a session; once ready, shows the kept image again (`resume`) or the `src` attribute's. */
  private begin(resume: boolean): void {
    this.readyPromise = this.start(resume);
    this.readyPromise.catch(() => undefined);
  }

  /** A photo chosen in the widget (file, drop, paste, camera, sample). */
  private pick(source: WidgetSource): void {
    this.recovering = false;
    this.useImage(source, false).catch((error) => this.fail(error));
  }

  private async start(resume: boolean): Promise<void> {
    const token = this.imageToken;
    this.summary = null;
    this.view.alerts.clearWarnings();
    this.view.status.set({ kind: 'backend' });
    // A photo is on its way (the `src` attribute): the empty input says so, not "choose one".
    if (this.getAttribute('src') || this.source) this.view.input.loading();
    let session: Session;
    try {
      session = new Session(this.handlers(), () => ConvLensElement.stallTimeout);
    } catch (error) {
      this.fail(error);
      throw error;
    }
    this.session = session;
    const modelUrl = this.own.url ?? this.history.standIn ?? new URL(this.getAttribute('model') ?? new URL(DEFAULT_MODEL, import.meta.url).href, document.baseURI).href;
    try {
      const { backend, summary } = await session.open(modelUrl, this.own.loader(modelUrl));
      if (session !== this.session) return;
      this.onReady(backend, summary, modelUrl);
    } catch (error) {
      // A lost worker is handled by onWorkerLost; if it started again, this start is ready when that one is.
      if (isWorkerLost(error) && this.session && this.session !== session && this.readyPromise) return this.readyPromise;
      if (session === this.session && !isWorkerLost(error)) this.fail(error);
      throw error;
    }
    // An image asked for while the model loaded (el.run) wins over the kept one and `src`.
    if (token === this.imageToken) this.showFirstImage(resume);
  }

  /** Once ready: the kept image again (`resume`), else the `src` attribute's. */
  private showFirstImage(resume: boolean): void {
    const src = this.getAttribute('src');
    if (resume && this.source) this.useImage(this.source.image, false, true).catch((error) => this.fail(error));
    else if (src && !this.recovering) this.pick(src);
    // No photo to show: the samples below are the first screen.
    else this.view.buildRest();
  }

  private onReady(backend: BackendInfo, summary: ModelSummary, modelUrl: string): void {
    this.backendInfo = backend;
    this.summary = summary;
    if (!this.recovering) this.view.alerts.clearError();
    const selected = this.selectLayers(summary);
    this.session!.select(selected);
    this.view.showModel(backend, summary, selected);
    this.own.shown(summary, modelUrl);
    this.history.shown(modelUrl);
    if (!this.own.url) void completeNames(summary, modelUrl).then((filled) => filled && summary === this.summary && this.view.namesChanged());
    this.emit('convlens:ready', { backend: this.backend, layers: selected });
  }

  private selectLayers(summary: ModelSummary): string[] {
    const { layers, unknown } = layersAttribute(this.getAttribute('layers'), summary);
    if (unknown.length > 0) this.fail(new Error(`${this.messages.noLayers} (${unknown.join(', ')})`));
    return layers;
  }

  /**
   * Gives `source` to the worker and computes it: every layer now (`eager`) or as layers come
   * near. What is on show stays until the worker has read the new image (see onInput).
   * `quiet` keeps the message on show (a restart showing the kept image again).
   */
  private async useImage(source: WidgetSource, eager: boolean, quiet = false): Promise<DoneEventDetail | void> {
    const token = ++this.imageToken;
    if (!this.readyPromise) throw new Error('<conv-lens> runs only once it is in a document.');
    await this.readyPromise;
    const prepared = await prepareSource(source, document.baseURI);
    const session = this.session;
    if (token !== this.imageToken || !session) throw abortError('superseded by a newer image');
    this.pending = prepared;
    if (!quiet) this.view.alerts.clearError();
    session.setImage(prepared.image);
    this.view.status.set({ kind: 'decoding' });
    this.view.input.loading();
    if (!eager) return this.view.layers.report();
    const { ms, prediction } = await session.wantAll();
    return { ms, top: prediction?.top ?? [] };
  }

  /** The worker has read the pending image: it replaces what was on show (true) or shows the kept one again. */
  private commit(preview: InputPreview): boolean {
    const prepared = this.pending;
    this.pending = null;
    if (prepared) {
      this.source = prepared;
      this.view.newImage(this.session?.computing ?? []);
    }
    if (this.source) this.view.showInput(this.source, preview);
    return prepared !== null;
  }

  private handlers(): SessionHandlers {
    return sessionEvents({
      view: this.view,
      commit: (preview) => this.commit(preview),
      completed: () => (this.recovering = false),
      refused: () => (this.pending = null),
      goBack: (error) => this.goBack(error),
      fail: (error) => this.fail(error),
      workerLost: (from, error, retry) => this.onWorkerLost(from, error, retry),
      emit: (type, detail) => this.emit(type, detail),
    });
  }

  /**
   * The worker died or stalled. A widget that was working restarts with a fresh worker and
   * shows its image again; if the worker is lost again before that image is complete, the
   * image is not run again (it may be the cause). One that never got ready stays stopped,
   * unless only its WASM threads failed to start (`retry`): then it starts again without.
   */
  private onWorkerLost(from: SessionHandlers, error: Error, retry: boolean): void {
    if (this.session?.handlers !== from) return;
    const wasReady = this.summary !== null;
    const again = this.recovering;
    this.pending = null;
    this.endSession();
    if (retry) return this.begin(true);
    this.fail(error, !wasReady ? 'errWorkerStopped' : again ? 'errWorkerGaveUp' : undefined);
    if (!wasReady) return;
    this.recovering = true;
    this.begin(!again);
  }

  /** What the own-model controller may use. */
  private ownHost(): OwnModelHost {
    return {
      session: () => this.session,
      settled: () => (this.readyPromise ?? Promise.resolve()).catch(() => undefined),
      pick: (file) => this.pick(file),
      switchTo: (url, summary, backend) => {
        if (url !== this.history.standIn) this.history.chosen();
        this.switchModel(url, summary, backend);
      },
      progress: (progress) => this.view.progress(progress),
      fail: (error) => this.fail(error),
    };
  }

  /** A model is loaded in the session's worker (given files, or a new card): show it and run the image on show on it. */
  private switchModel(url: string, summary: ModelSummary, backend: BackendInfo): void {
    if (!this.session) return;
    this.session.useModel(url);
    this.pending = null;
    this.imageToken++;
    this.readyPromise = Promise.resolve();
    this.onReady(backend, summary, url);
    this.showFirstImage(true);
  }

  /**
   * The weights of the model in use failed while computing: go back to the model before it
   * (loaded again in the same worker) and say so. False when there is none to go back to.
   */
  private goBack(error: Error): boolean {
    const session = this.session;
    const url = this.history.backFrom(error);
    if (!session || !url) return false;
    const progress = proxy((p: Progress) => this.view.progress(p));
    session.request(`loading the previous model ${url}`, (remote) => Promise.all([this.own.loader(url)(remote, progress, session.channel), remote.init()]))
      .then(([summary, backend]) => {
        if (session !== this.session) return;
        this.own.restore(url);
        this.switchModel(url, summary, backend);
        this.history.wentBack(url, this.own.url !== url);
        this.fail(error, 'errWeightsBack');
      })
      .catch((failure) => session === this.session && !isWorkerLost(failure) && this.fail(error));
    return true;
  }

  private retranslate(): void {
    const lang = resolveLang(this);
    this.messages = MESSAGES[lang];
    this.view.translate(lang, this.messages);
  }

  /** Shows `error` in the widget (a superseded run is not an error) and fires convlens:error. */
  private fail(error: unknown, headline?: HeadlineKey): void {
    if (isAbortError(error)) return;
    const shown = this.view.alerts.showError(error, headline);
    this.view.buildRest();
    this.view.status.set({ kind: 'idle' });
    this.emit('convlens:error', { message: shown.detail, headline: shown.headline, code: shown.code } satisfies ErrorEventDetail);
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
