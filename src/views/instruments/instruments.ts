/**
 * The teaching instruments, loaded on first use (their own chunk): Grad-CAM, the first
 * layer's kernels beside its maps and each filter's weights in the zoom, two photos compared
 * in every grid and the zoom, PNG figures, the summary copied as text, and short
 * explanations. The widget view tells this controller what happens (a model, an image, the
 * zoom opening); it adds to what is on show.
 */
import type { LayerWeights } from '../../../worker/layer-weights';
import type { CompareDetail } from '../../element/attributes';
import type { Lang } from '../../languages/i18n';
import { h, setText } from '../dom';
import type { LayerGrid } from '../layer-grid';
import type { ZoomContent } from '../zoom';
import { kernelLayer } from '../tile-extras';
import { ExplainPanel, type ExplainHost } from './explain-panel';
import { FilterStrip } from './filter-strip';
import { downloadFigure, fileName } from './figure';
import { gridFigure } from './map-figures';
import { INSTRUMENT_MESSAGES, type InstrumentMessages } from './messages';
import { addInstrumentStyles } from './styles';
import { summaryText } from './summary-text';
import { ZoomExtras } from './zoom-extras';
import { ComparePanel, type CompareHost } from './compare/compare-panel';
import { CompareMode, type CompareModeHost } from './compare/compare-mode';
import { kernelTiles } from './kernel-tiles';
import { GridTools, labelButton } from './grid-tools';

export interface InstrumentsHost extends ExplainHost, CompareHost, Omit<CompareModeHost, 'changed' | 'prediction'> {
  weights(layer: string): Promise<LayerWeights>;
  grids(): readonly LayerGrid[];
  /** Calls `listener` whenever photo A's prediction is shown. */
  onPrediction(listener: () => void): void;
}

export type { CompareDetail };

export interface InstrumentMounts {
  /** The Grad-CAM panel goes at the end of it. */
  explain: HTMLElement;
  /** The explanations go here. */
  about: HTMLElement;
  /** The zoom dialog: its weights and export go at its end. */
  zoom: HTMLElement;
  zoomMap: () => HTMLElement | null;
  zoomTitle: () => string;
  /** Beside the zoom's map (photo B's), the caption under it, and its cell cursor. */
  zoomCompare: HTMLElement;
  zoomCaption: HTMLElement;
  zoomCell(row: number, column: number): void;
  /** Above the grids: the comparison's bar. */
  layersBar: HTMLElement;
  /** The summary panel: its copy button goes at its end. */
  summary: HTMLElement;
}

export class Instruments {
  private t: InstrumentMessages;
  private explainPanel: ExplainPanel | null = null;
  private comparePanel: ComparePanel | null = null;
  private readonly compareMode: CompareMode;
  private readonly kernels = new Map<string, Promise<LayerWeights>>();
  private readonly zoomExtras: ZoomExtras;
  private readonly exportButtons = new Map<LayerGrid, { button: HTMLButtonElement; tools: GridTools }>();
  private filters: FilterStrip | null = null;
  private readonly about = h('details', { class: 'about' });
  private readonly copyButton = h('button', { type: 'button', class: 'copy-summary' });
  private readonly copyNote = h('span', { class: 'copy-note', 'aria-live': 'polite' });

  constructor(private readonly host: InstrumentsHost, private readonly mounts: InstrumentMounts, private lang: Lang) {
    this.t = INSTRUMENT_MESSAGES[lang];
    addInstrumentStyles(mounts.explain);
    this.compareMode = new CompareMode({ ...host, changed: () => this.zoomExtras.compareChanged(), prediction: () => host.prediction() }, this.t);
    mounts.layersBar.append(this.compareMode.bar.element);
    host.onPrediction(() => this.compareMode.refresh());
    this.zoomExtras = new ZoomExtras(this.t, (layer) => this.kernelOf(layer), mounts.zoomMap, mounts.zoomTitle, (layer) => this.compareMode.zoomPair(layer), {
      dialog: mounts.zoom, slot: mounts.zoomCompare, caption: mounts.zoomCaption, setCell: mounts.zoomCell,
    });
    mounts.zoom.append(this.zoomExtras.element);
    mounts.about.append(this.about);
    mounts.summary.append(h('p', {}, [this.copyButton, this.copyNote]));
    this.copyButton.addEventListener('click', () => void this.copySummary());
    this.translate(lang);
    this.gridsChanged();
  }

  /** Opens the Grad-CAM panel (computing the map) and moves focus to its first control. */
  async openExplain(): Promise<void> {
    if (!this.explainPanel) {
      this.explainPanel = new ExplainPanel(this.host, this.lang);
      this.mounts.explain.append(this.explainPanel.element);
    }
    this.explainPanel.element.scrollIntoView({ block: 'nearest' });
    (this.explainPanel.element.querySelector('select') as HTMLElement | null)?.focus();
    await this.explainPanel.compute();
  }

  /** Opens the comparison (photo B is chosen in it) and moves focus to its photo picker. */
  openCompare(): void {
    const panel = this.compare_();
    panel.element.scrollIntoView({ block: 'nearest' });
    (panel.element.querySelector('input') as HTMLElement | null)?.focus();
  }

  /** Runs `source` as photo B and compares: every grid and the zoom show A beside B (el.compare). */
  async compare(source: Blob | string): Promise<CompareDetail> {
    const photo = await this.compare_().run(source);
    return { name: photo.name, top: photo.prediction?.top ?? [], layers: photo.layers.map((layer) => ({ name: layer.name, shape: [...layer.shape] })) };
  }

  /** Back to the plain grids (el.endCompare). */
  endCompare(): void {
    this.compareMode.end();
  }

  private compare_(): ComparePanel {
    if (!this.comparePanel) {
      this.comparePanel = new ComparePanel(this.host, this.t, (photo) => {
        this.compareMode.start(photo);
        this.compareMode.bar.element.scrollIntoView({ block: 'nearest' });
      });
      this.mounts.explain.append(this.comparePanel.element);
    }
    return this.comparePanel;
  }

  get explain(): ExplainPanel | null {
    return this.explainPanel;
  }

  /** A new image is on show: an open Grad-CAM panel follows it; a comparison keeps B and takes it as A. */
  newImage(): void {
    if (this.explainPanel) void this.explainPanel.compute();
    this.compareMode.refresh();
  }

  /** A new model (or new class names): pickers, kernels and the first layer's filters again; a comparison ends. */
  modelChanged(): void {
    this.compareMode.end();
    this.comparePanel?.ended();
    this.kernels.clear();
    this.filters?.element.remove();
    this.filters?.toggle.remove();
    this.filters = null;
    this.explainPanel?.fillPickers();
    this.gridsChanged();
  }

  /** The class names changed (language, metadata): the class picker follows. */
  namesChanged(): void {
    this.explainPanel?.fillPickers();
    this.compareMode.refresh();
  }

  /** The grids were built: each gets its PNG button, the first conv layer its filters. */
  gridsChanged(): void {
    for (const grid of this.host.grids()) {
      if (this.exportButtons.has(grid) || !grid.element.isConnected) continue;
      const button = h('button', { type: 'button', class: 'grid-export' });
      button.addEventListener('click', () => void this.exportGrid(grid));
      const tools = new GridTools([button]);
      grid.element.querySelector('.layer-head')?.append(tools.element);
      this.exportButtons.set(grid, { button, tools });
    }
    for (const grid of this.exportButtons.keys()) if (!grid.element.isConnected) this.exportButtons.delete(grid);
    this.translate(this.lang);
    void this.showFilters();
  }

  /** The zoom opened on (or stepped to) `content`. */
  zoomOpened(content: ZoomContent): void {
    this.zoomExtras.show(content);
  }

  translate(lang: Lang): void {
    this.lang = lang;
    const t = (this.t = INSTRUMENT_MESSAGES[lang]);
    this.about.replaceChildren(h('summary', {}, [t.aboutHeading]), ...[t.aboutTile, t.aboutInactive, t.aboutDeeper, t.aboutGradCam].map((text) => h('p', {}, [text])));
    for (const [grid, { button, tools }] of this.exportButtons) {
      labelButton(button, 'PNG', t.exportGrid(grid.name));
      tools.label(t.gridTools(grid.name));
    }
    setText(this.copyButton, t.copySummary);
    this.zoomExtras.translate(t);
    this.filters?.translate(t);
    this.explainPanel?.translate(lang);
    this.comparePanel?.translate(t);
    this.compareMode.translate(t);
  }

  /** A layer's kernel, once per model (null for a layer that has none to show). */
  private kernelOf(layer: string): Promise<LayerWeights> | null {
    const row = this.host.summary()?.rows.find((r) => r.name === layer);
    if (!row || !/Conv/.test(row.type)) return null;
    let kernel = this.kernels.get(layer);
    if (!kernel) {
      kernel = this.host.weights(layer);
      kernel.catch(() => this.kernels.delete(layer));
      this.kernels.set(layer, kernel);
    }
    return kernel;
  }

  /** The first conv layer's kernels beside its maps (in the box its grid kept), and the Filters toggle for the larger strip. */
  private async showFilters(): Promise<void> {
    const summary = this.host.summary();
    const first = summary && kernelLayer(summary.rows);
    const grid = first && this.host.grids().find((g) => g.name === first.name);
    if (!grid || this.filters?.element.isConnected) return;
    const kernel = await this.kernelOf(grid.name)?.catch(() => null);
    if (!kernel || kernel.shape.length !== 4 || !grid.element.isConnected || this.filters?.element.isConnected) return;
    grid.setExtra('kernel', kernelTiles(kernel));
    this.filters = new FilterStrip(kernel, this.t, grid.columns);
    // Right below the layer's grid (outside it: the grid's section holds its atlas canvas alone); the toggle joins the PNG button.
    grid.element.after(this.filters.element);
    this.exportButtons.get(grid)?.tools.add(this.filters.toggle);
  }

  async exportGrid(grid: LayerGrid): Promise<Blob | null> {
    if (!grid.activation || !grid.ranges) return null;
    const atlas = grid.element.querySelector('.atlas')?.getBoundingClientRect();
    const tileWidth = atlas && atlas.width > 0 ? atlas.width / grid.columns : 48;
    const shape = `(${grid.activation.shape.join(', ')})`;
    // While comparing, the figure is the pairs as on screen, titled with both photos.
    const pairs = this.compareMode.figureMaps(grid);
    const title = this.t.gridFigureTitle(grid.name, grid.count);
    return downloadFigure(gridFigure({
      layer: grid.name, shapeText: shape, activation: grid.activation, ranges: pairs ? grid.ranges.map((_, i) => grid.tileRange(i)!) : grid.ranges,
      count: grid.drawn, columns: Math.min(grid.columns, grid.drawn), tileWidth, title: pairs ? `${title} · ${this.compareMode.names()}` : title,
      ownRange: { min: this.t.barTileMin, max: this.t.barTileMax }, ...pairs,
    }), fileName(grid.name, pairs ? 'compare' : 'feature-maps'));
  }

  exportZoom(): Promise<Blob | null> {
    return this.zoomExtras.export();
  }

  private async copySummary(): Promise<void> {
    const summary = this.host.summary();
    if (!summary) return;
    try {
      await navigator.clipboard.writeText(summaryText(summary));
      setText(this.copyNote, this.t.copied);
    } catch {
      setText(this.copyNote, this.t.copyFailed);
    }
  }
}
