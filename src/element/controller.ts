/**
 * What one <conv-lens> does apart from being an element (element.ts, its lifecycle and script
 * API): its session with the worker, when images are shown (which one is on show and which
 * on its way is image-flow.ts's), showing the model in use (which model that is, and going back
 * from a broken one, is model-switch.ts's), recovery from a lost worker, its messages and events.
 */
import type { BackendInfo, ModelSummary } from '../../worker/contract';
import { columnsAttribute, layersAttribute, normalizeAttribute, type BackendSummary, type DoneEventDetail, type ErrorEventDetail, type ExplainDetail } from './attributes';
import type { HeadlineKey } from '../languages/errors';
import { MESSAGES, resolveLang, type Messages } from '../languages/i18n';
import { ImageFlow } from './image-flow';
import type { ModelHistory } from './model-history';
import { ModelSwitch, type ModelSwitchHost } from './model-switch';
import type { OwnModel } from './own-model';
import { Session, isAbortError, type OtherRun, type SessionHandlers } from './session';
import { prepareSource, type WidgetSource } from '../inputs/sources';
import { WidgetView } from '../views/widget-view';
import { isWorkerLost } from './worker-client';
import { sessionEvents } from './session-events';

export class WidgetController {
  readonly view: WidgetView;

  messages: Messages = MESSAGES.en;
  /** A model given as files (dropped, picked, pasted) and the model card. */
  readonly own: OwnModel;
  readonly history: ModelHistory;
  /** Which model the widget uses (`own` and `history` are its). */
  private readonly models: ModelSwitch;
  session: Session | null = null;
  summary: ModelSummary | null = null;
  backendInfo: BackendInfo | null = null;
  /** The image on show and the one on its way. */
  private readonly images: ImageFlow;
  /** The last el.run(), settled: the script API's reads wait for it. */
  lastRun: Promise<unknown> = Promise.resolve();
  readyPromise: Promise<void> | null = null;
  /** Restarted after the worker was lost, and the image shown then is not yet complete. */
  recovering = false;

  constructor(
    /** The element: its attributes and language, and where its events are fired. */
    private readonly host: HTMLElement,
    root: ShadowRoot,
    /** Read at each call: how long the worker may stay silent (ConvLensElement.stallTimeout). */
    private readonly stallMs: () => number,
  ) {
    this.view = new WidgetView({
      messages: this.messages, columns: columnsAttribute(host.getAttribute('columns')), normalize: normalizeAttribute(host.getAttribute('normalize')),
      onPick: (source) => this.pick(source), onError: (error) => this.fail(error),
      onFiles: (files) => void this.own.route(files), onModelFiles: (files) => void this.own.give(files),
      onApply: (answer) => void this.own.apply(answer),
      onNear: (layers, prediction) => this.session?.want(layers, prediction),
      onExplain: (options) => this.explain(options),
      onCompare: (source) => this.compareWith(source),
      onWeights: (layer) => (this.session ? this.session.weights(layer) : Promise.reject(new Error(this.messages.explainNoPhoto))),
    });
    root.append(this.view.frame);
    this.images = new ImageFlow({ view: this.view, session: () => this.session, ready: () => this.readyPromise });
    this.models = new ModelSwitch(this.modelHost(), this.view.card);
    this.own = this.models.own;
    this.history = this.models.history;
  }

  /** Resolves when the model summary is loaded (rejects if it cannot be). */
  get ready(): Promise<void> {
    return this.readyPromise ?? Promise.reject(new Error('<conv-lens> is not connected.'));
  }

  /** The backend the worker chose, once ready: `{backend, simd, threads}`. */
  get backend(): BackendSummary | null {
    const info = this.backendInfo;
    return info ? { backend: info.backend, simd: info.simd, threads: info.threads } : null;
  }

  /** The widget left the page: its session and the image on its way go; the image on show is kept. */
  teardown(): void {
    this.view.destroy();
    this.endSession();
    this.images.drop();
  }

  /** Grad-CAM of the photo on show (el.explain): the map raw, on the layer and class asked for or the defaults. */
  async explain(options: { className?: string; classIndex?: number; layer?: string }): Promise<ExplainDetail> {
    await this.lastRun;
    await this.ready;
    const source = this.images.source;
    if (!source || !this.session) throw new Error(this.messages.explainNoPhoto);
    const { layer, classIndex, className, shape, map } = await this.session.explain(source.image, options);
    return { layer, classIndex, className, shape, map };
  }

  /** Runs `source` as photo B of a comparison: the photo on show (A) stays. */
  private async compareWith(source: WidgetSource): Promise<OtherRun & { name: string }> {
    await this.ready;
    const prepared = await prepareSource(source, document.baseURI);
    if (!this.session) throw new Error(this.messages.explainNoPhoto);
    return { ...(await this.session.runOther(prepared.image, this.session.layers)), name: prepared.name };
  }

  private endSession(): void {
    this.session?.dispose();
    this.session = null;
    this.summary = null;
  }

  restart(): void {
    this.endSession();
    this.begin(true);
  }

  /** Starts a session; once ready, shows the kept image again (`resume`) or the `src` attribute's. */
  begin(resume: boolean): void {
    this.readyPromise = this.start(resume);
    this.readyPromise.catch(() => undefined);
  }

  /** A photo chosen in the widget (file, drop, paste, camera, sample). */
  pick(source: WidgetSource): void {
    this.recovering = false;
    this.useImage(source, false).catch((error) => this.fail(error));
  }

  private async start(resume: boolean): Promise<void> {
    const asked = this.images.asked;
    this.summary = null;
    this.view.alerts.clearWarnings();
    this.view.status.set({ kind: 'backend' });
    // A photo is on its way (the `src` attribute): the empty input says so, not "choose one".
    if (this.host.getAttribute('src') || this.images.source) this.view.input.loading();
    let session: Session;
    try {
      session = new Session(this.handlers(), this.stallMs);
    } catch (error) {
      this.fail(error);
      throw error;
    }
    this.session = session;
    const modelUrl = this.models.url(this.host.getAttribute('model'));
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
    if (asked === this.images.asked) this.showFirstImage(resume);
  }

  /** Once ready: the kept image again (`resume`), else the `src` attribute's. */
  private showFirstImage(resume: boolean): void {
    const src = this.host.getAttribute('src');
    const kept = this.images.source;
    if (resume && kept) this.useImage(kept.image, false, true).catch((error) => this.fail(error));
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
    this.models.shown(summary, modelUrl, () => summary === this.summary && this.view.namesChanged());
    this.emit('convlens:ready', { backend: this.backend, layers: selected });
  }

  private selectLayers(summary: ModelSummary): string[] {
    const { layers, unknown } = layersAttribute(this.host.getAttribute('layers'), summary);
    if (unknown.length > 0) this.fail(new Error(`${this.messages.noLayers} (${unknown.join(', ')})`));
    return layers;
  }

  /**
   * Gives `source` to the worker and computes it: every layer now (`eager`) or as layers come
   * near. What is on show stays until the worker has read the new image (ImageFlow.commit).
   * `quiet` keeps the message on show (a restart showing the kept image again).
   */
  useImage(source: WidgetSource, eager: boolean, quiet = false): Promise<DoneEventDetail | void> {
    return this.images.use(source, eager, quiet);
  }

  private handlers(): SessionHandlers {
    return sessionEvents({
      view: this.view,
      commit: (preview) => this.images.commit(preview),
      completed: () => (this.recovering = false),
      refused: () => this.images.forgetPending(),
      goBack: (error) => this.models.goBack(error),
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
    this.images.forgetPending();
    this.endSession();
    if (retry) return this.begin(true);
    this.fail(error, !wasReady ? 'errWorkerStopped' : again ? 'errWorkerGaveUp' : undefined);
    if (!wasReady) return;
    this.recovering = true;
    this.begin(!again);
  }

  /** What the model switch (and the own model through it) may use. */
  private modelHost(): ModelSwitchHost {
    return {
      session: () => this.session,
      settled: () => (this.readyPromise ?? Promise.resolve()).catch(() => undefined),
      pick: (file) => this.pick(file),
      switched: (url, summary, backend) => this.switched(url, summary, backend),
      progress: (progress) => this.view.progress(progress),
      fail: (error, headline) => this.fail(error, headline),
    };
  }

  /** The session runs on a model just loaded in its worker (given files, a new card, going back): show it and run the image on show on it. */
  private switched(url: string, summary: ModelSummary, backend: BackendInfo): void {
    this.images.drop();
    this.readyPromise = Promise.resolve();
    this.onReady(backend, summary, url);
    this.showFirstImage(true);
  }

  retranslate(): void {
    const lang = resolveLang(this.host);
    this.messages = MESSAGES[lang];
    this.view.translate(lang, this.messages);
  }

  /** Shows `error` in the widget (a superseded run is not an error) and fires convlens:error. */
  fail(error: unknown, headline?: HeadlineKey): void {
    if (isAbortError(error)) return;
    const shown = this.view.alerts.showError(error, headline);
    this.view.buildRest();
    this.view.status.set({ kind: 'idle' });
    this.emit('convlens:error', { message: shown.detail, headline: shown.headline, code: shown.code } satisfies ErrorEventDetail);
  }

  private emit(type: string, detail: unknown): void {
    this.host.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
