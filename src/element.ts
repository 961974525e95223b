/**
 * <conv-lens>: the lecture's story for one photo. Attributes: `model` (model.json URL),
 * `src` (photo URL), `layers` (names, comma or space separated; default every conv/pool
 * layer), `lang` (ko | en; default from the page), `normalize` (channel | layer | global),
 * `columns` (tiles per row, default 8). See README for the script API and events.
 */
import type { BackendInfo, ClassScore, InputPreview, LayerResult, ModelSummary, Prediction, Progress } from '../worker/contract';
import { h, setText } from './dom';
import { MESSAGES, resolveLang, type Lang, type Messages } from './i18n';
import { InputPanel } from './input-panel';
import type { LayerGrid } from './layer-grid';
import { DEFAULT_COLUMNS } from './layout';
import { LayersView, type ActivationRecord } from './layers-view';
import { NORMALIZE_MODES, type Normalize } from './paint';
import { PredictionPanel } from './prediction';
import { ProgressPanel } from './progress';
import { Session, isAbortError, type SessionHandlers } from './session';
import { prepareSource, type PreparedSource, type WidgetSource } from './sources';
import { STYLES } from './styles';
import { SummaryTable } from './summary-table';
import { ZoomDialog } from './zoom';

/** The default model: the lecture's CIFAR-10 CNN, beside this script. */
export const DEFAULT_MODEL = './models/cifar10/model.json';

export interface LayerEventDetail { name: string; index: number; shape: number[]; ms: number }
export interface DoneEventDetail { ms: number; top: ClassScore[] }
export interface ErrorEventDetail { message: string }
export interface BackendSummary { backend: 'wasm' | 'cpu'; simd: boolean; threads: number }

export class ConvLensElement extends HTMLElement {
  static readonly observedAttributes = ['model', 'src', 'layers', 'lang', 'normalize', 'columns'];

  private readonly frame = h('div', { class: 'frame' });
  private readonly errorBox = h('div', { class: 'error', role: 'alert', hidden: true });
  private messages: Messages = MESSAGES.en;
  private readonly status = new ProgressPanel(this.messages);
  private readonly summaryTable = new SummaryTable(this.messages);
  private readonly prediction = new PredictionPanel(this.messages);
  private readonly zoom = new ZoomDialog(this.messages);
  private readonly layersView: LayersView;
  private readonly input: InputPanel;
  private readonly heading = h('h2', { class: 'title' });
  private session: Session | null = null;
  private summary: ModelSummary | null = null;
  private backendInfo: BackendInfo | null = null;
  private source: PreparedSource | null = null;
  private preview: InputPreview | null = null;
  private weightBytes = new Map<string, number>();
  private imageToken = 0;
  private lastRun: Promise<unknown> = Promise.resolve();
  private readyPromise: Promise<void> | null = null;
  private readonly onPaste = (event: Event) => this.input.paste(event as ClipboardEvent);

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    this.input = new InputPanel({ messages: this.messages, dialogParent: root, onPick: (source) => this.pick(source), onError: (error) => this.fail(error) });
    this.layersView = new LayersView({
      messages: this.messages, columns: this.columnCount, normalize: this.normalizeMode,
      onOpen: (grid, index) => this.openZoom(grid, index),
      onNear: (layers, prediction) => this.session?.want(layers, prediction),
    });
    const style = h('style', {}, [STYLES]);
    this.frame.append(
      h('header', { class: 'top' }, [this.heading, this.status.element]), this.errorBox, this.input.element,
      this.summaryTable.element, this.layersView.element, this.prediction.element, this.zoom.element,
    );
    root.append(style, this.frame);
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
    const done = this.useImage(source, true).then((detail) => detail as DoneEventDetail);
    this.lastRun = done.catch(() => undefined);
    return done;
  }

  /** Raw values of every layer computed for the current image: `[{name, shape, data}]`. */
  async activations(): Promise<ActivationRecord[]> {
    await this.lastRun;
    return this.layersView.activations();
  }

  connectedCallback(): void {
    this.retranslate();
    this.addEventListener('paste', this.onPaste);
    if (!this.session) this.begin();
  }

  disconnectedCallback(): void {
    this.removeEventListener('paste', this.onPaste);
    this.zoom.close();
    this.layersView.destroy();
    this.session?.dispose();
    this.session = null;
    this.source?.release();
    this.source = null;
    this.imageToken++;
  }

  attributeChangedCallback(name: string, before: string | null, after: string | null): void {
    if (before === after || !this.isConnected) return;
    if (name === 'lang') this.retranslate();
    else if (name === 'normalize') this.layersView.setNormalize(this.normalizeMode);
    else if (name === 'columns') this.layersView.setColumns(this.columnCount);
    else if (name === 'src' && after && this.summary) this.pick(after);
    else if (name === 'model' || name === 'layers') this.restart();
  }

  private get normalizeMode(): Normalize {
    const value = this.getAttribute('normalize') as Normalize;
    return NORMALIZE_MODES.includes(value) ? value : 'channel';
  }

  private get columnCount(): number {
    const value = Number(this.getAttribute('columns'));
    return Number.isInteger(value) && value > 0 ? value : DEFAULT_COLUMNS;
  }

  private get widgetLang(): Lang {
    return resolveLang(this);
  }

  private restart(): void {
    this.session?.dispose();
    this.session = null;
    this.begin();
  }

  private begin(): void {
    this.readyPromise = this.start();
    this.readyPromise.catch(() => undefined);
  }

  /** A photo chosen in the widget (file, drop, paste, camera, sample). */
  private pick(source: WidgetSource): void {
    this.useImage(source, false).catch((error) => this.fail(error));
  }

  private async start(): Promise<void> {
    const session = new Session(this.handlers());
    this.session = session;
    this.summary = null;
    this.status.set({ kind: 'backend' });
    const modelUrl = new URL(this.getAttribute('model') ?? new URL(DEFAULT_MODEL, import.meta.url).href, document.baseURI).href;
    try {
      const { backend, summary } = await session.open(modelUrl);
      if (session !== this.session) return;
      this.onReady(backend, summary);
    } catch (error) {
      if (session === this.session) this.fail(error);
      throw error;
    }
    const src = this.getAttribute('src');
    if (src) this.pick(src);
  }

  private onReady(backend: BackendInfo, summary: ModelSummary): void {
    this.backendInfo = backend;
    this.summary = summary;
    this.status.setBackend(backend);
    this.status.set({ kind: 'idle' });
    const selected = this.selectLayers(summary);
    this.session!.select(selected);
    this.summaryTable.show(summary, selected);
    this.layersView.build(summary.rows, selected, this.prediction.element);
    this.emit('convlens:ready', { backend: this.backend, layers: selected });
  }

  private selectLayers(summary: ModelSummary): string[] {
    const asked = (this.getAttribute('layers') ?? '').split(/[\s,]+/).filter(Boolean);
    if (asked.length === 0) return summary.defaultLayers;
    const drawable = new Set(summary.rows.filter((row) => row.drawable).map((row) => row.name));
    const unknown = asked.filter((name) => !drawable.has(name));
    if (unknown.length > 0) this.fail(new Error(`${this.messages.noLayers} (${unknown.join(', ')})`));
    return asked.filter((name) => drawable.has(name));
  }

  /** Shows `source` and computes it: every layer now (`eager`) or as layers come near. */
  private async useImage(source: WidgetSource, eager: boolean): Promise<DoneEventDetail | void> {
    const token = ++this.imageToken;
    if (!this.readyPromise) throw new Error('<conv-lens> runs only once it is in a document.');
    await this.readyPromise;
    const prepared = await prepareSource(source, document.baseURI);
    const session = this.session;
    if (token !== this.imageToken || !session) {
      prepared.release();
      throw Object.assign(new Error('superseded by a newer image'), { name: 'AbortError' });
    }
    this.source?.release();
    this.source = prepared;
    this.preview = null;
    this.weightBytes.clear();
    this.errorBox.hidden = true;
    this.zoom.close();
    this.input.showSource(prepared.displayUrl, prepared.name);
    this.layersView.reset();
    this.prediction.show(null);
    session.setImage(prepared.image);
    this.status.set({ kind: 'decoding' });
    if (!eager) return this.layersView.report();
    const { ms, prediction } = await session.wantAll();
    return { ms, top: prediction?.top ?? [] };
  }

  private handlers(): SessionHandlers {
    return {
      onProgress: (progress) => this.onProgress(progress),
      onInput: (preview) => {
        this.preview = preview;
        this.input.showPreview(preview, this.summary?.inputShape[2] ?? 3);
      },
      onLayer: (result) => this.onLayer(result),
      onPrediction: (prediction: Prediction) => this.prediction.show(prediction.top),
      onRunStart: (layers) => layers.forEach((layer) => this.layersView.setState(layer, { kind: 'computing' })),
      onComplete: (ms, prediction) => {
        this.status.set({ kind: 'done', ms });
        this.emit('convlens:done', { ms, top: prediction?.top ?? [] });
      },
      onError: (error) => this.fail(error),
    };
  }

  private onProgress(progress: Progress): void {
    if (progress.phase !== 'weights' || !progress.layer) {
      this.status.set({ kind: progress.phase === 'backend' ? 'backend' : 'model', loaded: progress.loaded, total: progress.total });
      return;
    }
    this.weightBytes.set(progress.layer, progress.loaded);
    const allLoaded = [...this.weightBytes.values()].reduce((a, b) => a + b, 0);
    this.status.set({
      kind: 'weights', layer: progress.layer, loaded: progress.loaded, total: progress.total,
      allLoaded, allTotal: this.summary?.weightBytes ?? progress.total,
    });
    this.layersView.setState(progress.layer, { kind: 'weights', loaded: progress.loaded, total: progress.total });
  }

  private onLayer(result: LayerResult): void {
    this.layersView.setResult(result);
    this.status.set({ kind: 'layer', layer: result.name, ms: result.ms });
    this.emit('convlens:layer', { name: result.name, index: result.index, shape: result.shape, ms: result.ms });
  }

  private openZoom(grid: LayerGrid, index: number): void {
    const summary = this.summary;
    if (!summary || !grid.activation || !grid.ranges) return;
    this.zoom.open({
      layer: grid.name, index, count: grid.count, activation: grid.activation, range: grid.ranges[index],
      rows: summary.rows, inputShape: summary.inputShape, preview: this.preview, originalUrl: this.source?.displayUrl ?? null,
    }, this.shadowRoot!.activeElement as HTMLElement | null);
  }

  private retranslate(): void {
    const lang = this.widgetLang;
    this.messages = MESSAGES[lang];
    this.frame.lang = lang;
    setText(this.heading, this.messages.title);
    for (const part of [this.status, this.summaryTable, this.prediction, this.zoom, this.layersView, this.input]) {
      part.translate(this.messages);
    }
  }

  private fail(error: unknown): void {
    if (isAbortError(error)) return;
    const message = error instanceof Error ? error.message : String(error);
    this.errorBox.hidden = false;
    this.errorBox.replaceChildren(h('strong', {}, [this.messages.errorTitle]), h('span', {}, [message]));
    this.status.set({ kind: 'idle' });
    this.emit('convlens:error', { message });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}
