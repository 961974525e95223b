/**
 * The grids of all visualised layers: builds them from the summary, colours them under
 * the chosen normalisation, and tells the widget which of them (and whether the
 * prediction) are near the viewport, so only those are computed and painted.
 */
import type { LayerResult, SummaryRow } from '../../worker/contract';
import { h, setText, whenIdle, type Cancel } from './dom';
import { formatBytes, type Messages } from '../languages/i18n';
import { LayerGrid, type GridState } from './layer-grid';
import { kernelLayer } from './tile-extras';
import { channelRanges, fromLayerStats, NORMALIZE_MODES, unionRange, type Normalize, type Range } from '../paint/paint';

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
  /** Tiles per row set by the page, or null to fit the width. */
  columns: number | null;
  normalize: Normalize;
  onOpen(grid: LayerGrid, index: number): void;
  /** The layers (and whether the prediction) now near the viewport. */
  onNear(layers: string[], prediction: boolean): void;
}

export class LayersView {
  readonly element: HTMLElement;
  private readonly heading = h('h3');
  private readonly hint = h('p', { class: 'hint hint-long' });
  private readonly hintShort = h('p', { class: 'hint hint-short' });
  private readonly coords = h('p', { class: 'hint coords' });
  private readonly modeLegend = h('legend');
  private readonly modeNote = h('p', { class: 'mode-note', 'aria-live': 'polite' });
  private readonly modeRadios = NORMALIZE_MODES.map((mode) => h('input', { type: 'radio', name: 'cl-normalize', value: mode }));
  private readonly modeTexts = NORMALIZE_MODES.map(() => h('span'));
  /** `first-only` until the first screen is drawn: the grids after the first are not rendered yet (see buildRest). */
  private readonly list = h('div', { class: 'layers first-only' });
  /** Where an instrument puts a bar above the grids (the comparison's); empty, it takes no room. */
  readonly barSlot = h('div', { class: 'layers-bar' });
  private grids: LayerGrid[] = [];
  private observer: IntersectionObserver | null = null;
  private resizer: ResizeObserver | null = null;
  private width = 0;
  private idle: Cancel | null = null;
  /** The first screen is drawn, so the grids below it may get their cells (see buildRest). */
  private restAllowed = false;
  private readonly near = new Set<Element>();
  private prediction: Element | null = null;
  private messages: Messages;

  constructor(private readonly options: LayersViewOptions) {
    this.messages = options.messages;
    const modes = h('fieldset', { class: 'normalize' }, [
      this.modeLegend,
      ...NORMALIZE_MODES.map((_, i) => h('label', {}, [this.modeRadios[i], ' ', this.modeTexts[i]])),
    ]);
    modes.addEventListener('change', () => {
      const picked = this.modeRadios.find((radio) => radio.checked)?.value as Normalize | undefined;
      if (picked && picked !== this.options.normalize) this.setNormalize(picked);
    });
    this.element = h('section', { class: 'panel layers-panel' }, [
      h('div', { class: 'layers-head' }, [h('div', {}, [this.heading, this.hint, this.hintShort, this.coords]), h('div', { class: 'modes' }, [modes, this.modeNote])]),
      this.barSlot, this.list,
    ]);
    this.render();
    this.watchWidth();
  }

  /** Replaces the grids with one per `selected` layer of `rows`; watches them and `predictionElement`. */
  build(rows: readonly SummaryRow[], selected: readonly string[], predictionElement: Element): void {
    this.clearGrids();
    // Only the first grid gets its focusable cells now; the others' come when the page is idle.
    const kernels = kernelLayer(rows);
    this.grids = selected.map((name) => rows.find((row) => row.name === name)!).map((row, i) => new LayerGrid({
      row, columns: this.options.columns, messages: this.messages, onOpen: this.options.onOpen, formatBytes, deferCells: i > 0,
      kernel: kernels?.name === row.name ? kernels.kernel : undefined,
    }));
    // The width the observer measured while the model loaded; read (a forced layout) only without it.
    if (!this.resizer || this.width === 0) this.width = this.list.clientWidth;
    this.grids.forEach((grid) => grid.fit(this.width));
    this.list.replaceChildren(...this.grids.map((grid) => grid.element));
    this.prediction = predictionElement;
    this.observe([...this.grids.map((grid) => grid.element), predictionElement]);
    this.watchWidth();
    if (this.grids[0]) this.resizer?.observe(this.grids[0].header);
    if (this.restAllowed) this.buildRestWhenIdle(1);
  }

  /** The first screen is drawn: the other grids are rendered, and their cells built one grid per idle moment. */
  buildRest(): void {
    if (this.restAllowed) return;
    this.restAllowed = true;
    this.list.classList.remove('first-only');
    this.buildRestWhenIdle(1);
  }

  /** Rows fit the list's width (unless `columns` is set): measured from the first screen on, and on every resize. */
  private watchWidth(): void {
    if (this.resizer || typeof ResizeObserver !== 'function') return;
    this.resizer = new ResizeObserver((entries) => {
      let width: number | null = null;
      for (const { target, borderBoxSize, contentRect } of entries) {
        if (target === this.list) {
          width = contentRect.width;
        } else if (borderBoxSize[0]?.blockSize) {
          // The first grid's header (one row, two on a phone), margin included: the others' estimated
          // height. One not laid out (the widget hidden) keeps the last.
          const margin = parseFloat(getComputedStyle(target).marginBottom) || 0;
          this.list.style.setProperty('--layer-head', `${(borderBoxSize[0].blockSize + margin).toFixed(2)}px`);
        }
      }
      if (width === null || Math.abs(width - this.width) < 1) return;
      this.width = width;
      this.grids.forEach((grid) => grid.fit(width));
    });
    this.resizer.observe(this.list);
  }

  /** Builds the cells of the grids off the first screen, one grid per idle moment. */
  private buildRestWhenIdle(from: number): void {
    const grid = this.grids[from];
    if (!grid) return;
    this.idle = whenIdle(() => {
      grid.buildCells();
      this.buildRestWhenIdle(from + 1);
    });
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
    grid.setResult({ shape: result.shape, data: result.data }, result.ms, fromLayerStats(result.stats), result.fetchMs ?? 0);
    const after = this.globalRange();
    grid.paint(this.rangesOf(grid, after));
    if (this.options.normalize === 'global' && (before.min !== after.min || before.max !== after.max)) this.repaint(grid);
  }

  setState(layer: string, state: GridState): void {
    this.grid(layer)?.setState(state);
  }

  /** Colours every grid under `mode`; the control shows it and says what it means. */
  setNormalize(mode: Normalize): void {
    this.options.normalize = mode;
    this.render();
    this.repaint();
  }

  /** The colour range in use. */
  get normalize(): Normalize {
    return this.options.normalize;
  }

  setColumns(columns: number | null): void {
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

  /** The widget left the page: the grids and the width observer go (a later build() starts it again). */
  destroy(): void {
    this.resizer?.disconnect();
    this.resizer = null;
    this.clearGrids();
  }

  /** Stops observing and painting the grids, and lets them go. */
  private clearGrids(): void {
    if (this.grids[0]) this.resizer?.unobserve(this.grids[0].header);
    this.observer?.disconnect();
    this.observer = null;
    this.idle?.();
    this.idle = null;
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
    const t = this.messages;
    setText(this.hint, t.layersHint);
    setText(this.hintShort, t.layersHintShort);
    setText(this.coords, t.coordsNote);
    setText(this.modeLegend, t.normalizeLegend);
    const names = { channel: t.normalizeChannel, layer: t.normalizeLayer, global: t.normalizeGlobal };
    NORMALIZE_MODES.forEach((mode, i) => {
      this.modeRadios[i].checked = mode === this.options.normalize;
      setText(this.modeTexts[i], names[mode]);
    });
    const notes = { channel: t.normalizeNoteChannel, layer: t.normalizeNoteLayer, global: t.normalizeNoteGlobal };
    setText(this.modeNote, notes[this.options.normalize]);
  }
}
