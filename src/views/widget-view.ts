/**
 * Everything <conv-lens> shows, in its shadow root. The first screen is the lesson at a
 * glance: the title and status, the photo beside the 32×32 input and the prediction, the
 * photo pickers, then the first layer's tiles; below come the other layers, the model
 * summary (folded), the model card and the credits. The element decides what happens;
 * this view only shows it.
 */
import type { BackendInfo, InputPreview, LayerResult, ModelSummary, Progress } from '../../worker/contract';
import { AlertPanel } from './alerts';
import { h, setText, whenIdle } from './dom';
import { MESSAGES, type Lang, type Messages } from '../languages/i18n';
import { InputPanel, SAMPLES, sampleUrl } from '../inputs/input-panel';
import type { LayerGrid } from './layer-grid';
import { LayersView } from './layers-view';
import { ModelCard } from './model-card';
import type { CardAnswer } from '../inputs/model-files';
import type { Normalize } from '../paint/paint';
import { PredictionPanel } from './prediction';
import { ProgressPanel } from './progress';
import type { PreparedSource } from '../inputs/sources';
import { SummaryTable } from './summary-table';
import { ZoomDialog } from './zoom';
import { InstrumentsBar } from './instruments-bar';
import type { ExplainResult } from '../../worker/contract';
import type { LayerWeights } from '../../worker/layer-weights';
import type { OtherRun } from '../element/session';

export interface WidgetViewOptions {
  messages: Messages;
  columns: number | null;
  normalize: Normalize;
  /** A photo was chosen in the widget. */
  onPick(source: Blob | string): void;
  onError(error: Error): void;
  /** Files dropped or pasted (a photo, or a model). */
  onFiles(files: File[]): void;
  /** Files chosen with "Choose a model". */
  onModelFiles(files: File[]): void;
  /** The model card was answered. */
  onApply(answer: CardAnswer): void;
  /** The layers (and whether the prediction) now near the viewport. */
  onNear(layers: string[], prediction: boolean): void;
  /** Grad-CAM of the photo on show (el.explain). */
  onExplain(options: { classIndex?: number; layer?: string }): Promise<Pick<ExplainResult, 'layer' | 'classIndex' | 'className' | 'shape' | 'map'>>;
  /** Photo B of a comparison, computed beside the photo on show. */
  onCompare(source: Blob | string): Promise<OtherRun & { name: string }>;
  /** A layer's kernel (the worker's weights). */
  onWeights(layer: string): Promise<LayerWeights>;
}

export class WidgetView {
  readonly frame = h('div', { class: 'frame' });
  readonly alerts: AlertPanel;
  readonly status: ProgressPanel;
  readonly layers: LayersView;
  readonly input: InputPanel;
  readonly prediction: PredictionPanel;
  readonly card: ModelCard;
  private readonly summaryTable: SummaryTable;
  private readonly zoom: ZoomDialog;
  /** Grad-CAM, the filters' weights, export, explanations: loaded on first use. */
  readonly instruments: InstrumentsBar;
  /** What lies below the first screen is built (see buildRest). */
  private restBuilt = false;
  private readonly heading = h('h2', { class: 'title' });
  private lang: Lang = 'en';
  private summary: ModelSummary | null = null;

  private preview: InputPreview | null = null;
  private photoName: string | null = null;
  private readonly weightBytes = new Map<string, number>();

  constructor(options: WidgetViewOptions) {
    const { messages } = options;
    this.alerts = new AlertPanel(messages);
    this.status = new ProgressPanel(messages);
    this.summaryTable = new SummaryTable(messages, (layer) => this.goToGrid(layer));
    this.prediction = new PredictionPanel(messages);
    this.zoom = new ZoomDialog(messages, (delta) => this.stepZoom(delta));
    this.input = new InputPanel({ messages, dialogParent: this.frame, onPick: options.onPick, onFiles: options.onFiles, onError: options.onError });
    this.card = new ModelCard({ messages, onApply: options.onApply, onFiles: options.onModelFiles, onDrop: options.onFiles });
    this.layers = new LayersView({
      messages, columns: options.columns, normalize: options.normalize,
      onOpen: (grid, index) => this.openZoom(grid, index), onNear: options.onNear,
    });
    this.instruments = new InstrumentsBar(messages, {
      explain: options.onExplain, weights: options.onWeights, fail: options.onError, compare: options.onCompare,
      activation: (layer) => this.layers.grid(layer)?.activation ?? null, prediction: () => this.prediction.top,
      samples: () => SAMPLES.map((sample) => ({ url: sampleUrl(sample.file), label: MESSAGES[this.lang][sample.label] })),
      summary: () => this.summary, preview: () => this.preview, original: () => this.input.original,
      names: () => (this.summary ? localNames(this.summary, this.lang) : null), grids: () => this.layers.all,
      normalize: () => this.layers.normalize, photoName: () => this.photoName, gray: () => this.summary?.inputShape[2] === 1,
      onPrediction: (listener) => this.prediction.listen(listener),
    }, () => ({
      zoom: this.zoom.element, summary: this.summaryTable.element, layersBar: this.layers.barSlot,
      zoomCompare: this.zoom.compareSlot, zoomCaption: this.zoom.mapCaption, zoomCell: (row, column) => this.zoom.setCell(row, column),
      zoomMap: () => this.zoom.element.querySelector<HTMLElement>('.zoom-map-box'),
      zoomTitle: () => this.zoom.element.querySelector('.zoom-title')?.textContent ?? '',
    }));
    this.frame.append(
      h('header', { class: 'top' }, [this.heading, this.status.backendText, this.status.element]), this.alerts.error, this.alerts.notice,
      h('div', { class: 'stage' }, [this.input.element, this.prediction.element, this.input.pickers]), this.instruments.element,
      this.layers.element, this.instruments.about, this.summaryTable.element, this.card.element, this.input.attributionLine, this.zoom.element,
    );
    // A file dropped anywhere on the widget is taken (the browser would otherwise open it and leave the page).
    this.frame.addEventListener('dragover', (event) => this.input.dragOver(event, this.frame));
    this.frame.addEventListener('dragleave', (event) => {
      if (!this.frame.contains(event.relatedTarget as Node | null)) this.frame.classList.remove('dragging');
    });
    this.frame.addEventListener('drop', (event) => this.input.drop(event, this.frame));
  }

  /** The model's class names per language became known after it was shown. */
  namesChanged(): void {
    const names = this.summary ? localNames(this.summary, this.lang) : null;
    this.prediction.setNames(names);
    this.card.setNames(names);
    this.instruments.namesChanged();
  }

  /**
   * The first screen is drawn (the first grid is painted, or there is no photo to show, or an
   * error is): build what lies below it. Not sooner: under a CPU quota every thread shares one
   * budget, so work done on the page while the worker starts delays the first tile by as much.
   */
  buildRest(): void {
    if (this.restBuilt) return;
    this.restBuilt = true;
    this.input.showSamples();
    this.input.detectCamera();
    this.layers.buildRest();
    // The instruments' chunk comes once the first screen is drawn and the page is idle.
    whenIdle(() => void this.instruments.load(), 4000);
  }

  /** A model is ready: its summary, with `selected` layers marked and given grids. */
  showModel(backend: BackendInfo, summary: ModelSummary, selected: string[]): void {
    this.summary = summary;
    this.status.setBackend(backend);
    this.status.set({ kind: 'idle' });
    // The summary's few rows are cheap (it is folded); the grids' cells below the first screen come later.
    this.summaryTable.show(summary, selected);
    this.layers.build(summary.rows, selected, this.prediction.element);
    this.namesChanged();
    this.instruments.modelChanged();
  }

  /** The worker read a new image: the old results go, the layers in `computing` show so. */
  newImage(computing: string[]): void {
    this.weightBytes.clear();
    this.zoom.close();
    this.layers.reset();
    this.prediction.show(null);
    computing.forEach((layer) => this.layers.setState(layer, { kind: 'computing' }));
    this.instruments.newImage();
  }

  /** Shows the image on show and what the network sees of it. */
  showInput(source: PreparedSource, preview: InputPreview): void {
    this.preview = preview;
    this.photoName = source.name;
    // A channels-first model (ONNX) has rows with a sourceShape: its input reads (1, C, H, W).
    const channelsFirst = this.summary?.rows.some((row) => row.sourceShape !== undefined) ?? false;
    this.input.showImage(source, preview, this.summary?.inputShape[2] ?? 3, channelsFirst);
  }

  progress(progress: Progress): void {
    if (progress.phase !== 'weights' || !progress.layer) {
      this.status.set({ kind: progress.phase === 'weights' ? 'model' : progress.phase, loaded: progress.loaded, total: progress.total });
      return;
    }
    this.weightBytes.set(progress.layer, progress.loaded);
    const allLoaded = [...this.weightBytes.values()].reduce((a, b) => a + b, 0);
    this.status.set({
      kind: 'weights', layer: progress.layer, loaded: progress.loaded, total: progress.total,
      allLoaded, allTotal: this.summary?.weightBytes ?? progress.total,
    });
    this.layers.setState(progress.layer, { kind: 'weights', loaded: progress.loaded, total: progress.total });
  }

  layer(result: LayerResult): void {
    this.layers.setResult(result);
    if (!this.restBuilt) void this.layers.grid(result.name)?.painted.then(() => this.buildRest());
    this.status.set({ kind: 'layer', layer: result.name, ms: result.ms });
  }

  translate(lang: Lang, messages: Messages): void {
    this.lang = lang;
    this.frame.lang = lang;
    this.namesChanged();
    setText(this.heading, messages.title);
    for (const part of [this.status, this.summaryTable, this.card, this.prediction, this.zoom, this.layers, this.input, this.alerts]) {
      part.translate(messages);
    }
    this.instruments.translate(lang, messages);
  }

  /** The widget left the page: stop painting and observing, free the photo. */
  destroy(): void {
    this.zoom.close();
    this.layers.destroy();
    this.input.clear();
  }

  /** Summary row → its grid: scrolled into view, its first tile focused. */
  private goToGrid(layer: string): void {
    const grid = this.layers.grid(layer);
    if (!grid) return;
    grid.buildCells(true);
    grid.element.scrollIntoView({ block: 'start', behavior: 'smooth' });
    grid.focusTile(0);
  }

  /** The zoom's previous / next filter, without closing it. */
  private stepZoom(delta: number): void {
    const shown = this.zoom.shown;
    const grid = shown && this.layers.grid(shown.layer);
    if (!grid) return;
    const index = Math.max(0, Math.min(grid.drawn - 1, shown.index + delta));
    if (index !== shown.index) this.openZoom(grid, index);
  }

  private openZoom(grid: LayerGrid, index: number): void {
    const summary = this.summary;
    const range = grid.tileRange(index);
    if (!summary || !grid.activation || !range) return;
    const root = this.frame.getRootNode() as ShadowRoot | Document;
    // The tile's range: a comparison's pair shares one, and so do the zoom's maps.
    const content = {
      layer: grid.name, index, count: grid.count, activation: grid.activation, range,
      rows: summary.rows, inputShape: summary.inputShape, preview: this.preview, original: this.input.original,
    };
    this.zoom.open(content, root.activeElement as HTMLElement | null);
    if (this.zoom.shown) this.instruments.zoomOpened(content);
  }
}

/** Class names in `lang` from the model's metadata (classNamesByLang), or null to keep the model's own. */
export function localNames(summary: ModelSummary, lang: Lang): string[] | null {
  const names = summary.metadata.classNamesByLang?.[lang];
  const count = summary.metadata.classNames?.length;
  return Array.isArray(names) && (count === undefined || names.length === count) ? names.map(String) : null;
}
