/**
 * The grids of all visualised layers: builds them from the summary, colours them under
 * the chosen normalisation, and tells the widget which of them (and whether the
 * prediction) are near the viewport, so only those are computed and painted.
 */
import type { LayerResult, SummaryRow } from '../../worker/contract';
import { h, setText } from './dom';
import { formatBytes, type Messages } from '../languages/i18n';
import { LayerGrid, type GridState } from './layer-grid';
import { channelRanges, fromLayerStats, unionRange, type Normalize, type Range } from '../paint/paint';

/** How far outside the viewport a layer counts as near: computed before it scrolls in. */
export const NEAR_MARGIN = '400px 0px';

/** One layer's raw output, as `el.activations()` returns it. */
export interface ActivationRecord {
  name: string;
  /** [1, height, width, channels] */
  shape: number[];
  /** Row-major NHWC values (a copy). */
  data: Float32Array;
}

export interface LayersViewOptions {
  messages: Messages;
  columns: number;
  normalize: Normalize;
  onOpen(grid: LayerGrid, index: number): void;
  /** The layers (and whether the prediction) now near the viewport. */
  onNear(layers: string[], prediction: boolean): void;
}

export class LayersView {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly hint = h('p', { class: 'hint' });
  private readonly list = h('div', { class: 'layers' });
  private grids: LayerGrid[] = [];
  private observer: IntersectionObserver | null = null;
  private readonly near = new Set<Element>();
  private prediction: Element | null = null;
  private messages: Messages;

  constructor(private readonly options: LayersViewOptions) {
    this.messages = options.messages;
    this.element = h('section', { class: 'panel layers-panel' }, [this.heading, this.hint, this.list]);
    this.render();
  }

  /** Replaces the grids with one per `selected` layer of `rows`; watches them and `predictionElement`. */
  build(rows: readonly SummaryRow[], selected: readonly string[], predictionElement: Element): void {
    this.destroy();
    this.grids = selected.map((name) => rows.find((row) => row.name === name)!).map((row) => new LayerGrid({
      row, columns: this.options.columns, messages: this.messages, onOpen: this.options.onOpen, formatBytes,
    }));
    this.list.replaceChildren(...this.grids.map((grid) => grid.element));
    this.prediction = predictionElement;
    this.observe([...this.grids.map((grid) => grid.element), predictionElement]);
  }

  /** Clears every grid for a new image. */
  reset(): void {
    this.grids.forEach((grid) => grid.reset());
  }

  /** Grids not yet computed wait again (the image they were computing for was refused); computed ones stay. */
  settle(): void {
    this.grids.forEach((grid) => grid.setState({ kind: 'waiting' }));
  }

  /** Shows one layer's result and repaints others if the global range grew. */
  setResult(result: LayerResult): void {
    const grid = this.grid(result.name);
    if (!grid) return;
    const before = this.globalRange();
    grid.setResult({ shape: result.shape, data: result.data }, result.ms, fromLayerStats(result.stats));
    const after = this.globalRange();
    grid.paint(this.rangesOf(grid, after));
    if (this.options.normalize === 'global' && (before.min !== after.min || before.max !== after.max)) this.repaint(grid);
  }

  setState(layer: string, state: GridState): void {
    this.grid(layer)?.setState(state);
  }

  setNormalize(mode: Normalize): void {
    this.options.normalize = mode;
    this.repaint();
  }

  setColumns(columns: number): void {
    this.options.columns = columns;
    this.grids.forEach((grid) => grid.setColumns(columns));
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.options.messages = messages;
    this.grids.forEach((grid) => grid.translate(messages));
    this.render();
  }

  grid(name: string): LayerGrid | undefined {
    return this.grids.find((grid) => grid.name === name);
  }

  get all(): readonly LayerGrid[] {
    return this.grids;
  }

  /** Copies of every computed layer, in display order. */
  activations(): ActivationRecord[] {
    return this.grids.filter((grid) => grid.activation).map((grid) => ({
      name: grid.name, shape: [...grid.activation!.shape], data: Float32Array.from(grid.activation!.data),
    }));
  }

  /** Resolves when every grid has finished painting. */
  painted(): Promise<void> {
    return Promise.all(this.grids.map((grid) => grid.painted)).then(() => undefined);
  }

  destroy(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.near.clear();
    this.grids.forEach((grid) => grid.destroy());
    this.grids = [];
  }

  private globalRange(): Range {
    return unionRange(this.grids.flatMap((grid) => grid.stats ?? []));
  }

  private rangesOf(grid: LayerGrid, global: Range): Range[] {
    return channelRanges(grid.stats ?? [], this.options.normalize, global);
  }

  private repaint(except?: LayerGrid): void {
    const global = this.globalRange();
    for (const grid of this.grids) if (grid !== except && grid.stats) grid.paint(this.rangesOf(grid, global));
  }

  private observe(elements: Element[]): void {
    if (typeof IntersectionObserver !== 'function') {
      elements.forEach((element) => this.near.add(element));
      queueMicrotask(() => this.report());
      return;
    }
    this.observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) this.near.add(entry.target);
        else this.near.delete(entry.target);
      }
      this.report();
    }, { rootMargin: NEAR_MARGIN });
    elements.forEach((element) => this.observer!.observe(element));
  }

  /** Tells the widget what is near now (also after a new image, to start its runs). */
  report(): void {
    const layers = this.grids.filter((grid) => this.near.has(grid.element)).map((grid) => grid.name);
    this.options.onNear(layers, this.prediction !== null && this.near.has(this.prediction));
  }

  private render(): void {
    setText(this.heading, this.messages.layersHeading);
    setText(this.hint, this.messages.layersHint);
  }
}
