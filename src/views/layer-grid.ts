/**
 * One layer's grid: every channel a tile, all painted into a single canvas (an atlas), in
 * short steps, under an overlay of focusable cells that carry the tiles' names (TileCells);
 * its words (header, placeholder) are GridStatus's, its jobs in steps (painting, naming the
 * tiles) GridPainting's. The instruments may add to each tile (TileExtra): photo B's map
 * beside A's, the first layer's kernel in the box kept for it.
 */
import type { SummaryRow } from '../../worker/contract';
import { h } from './dom';
import type { Messages } from '../languages/i18n';
import type { AtlasLayout } from '../paint/layout';
import { gridColumns, gridLayout, sizeAtlas, type GridFit } from './grid-layout';
import { channelStats, type Activation, type ChannelStats, type Range } from '../paint/paint';

export { FIRST_STEP_PIXELS, PIXELS_PER_STEP } from './atlas-paint';
import type { PaintJob } from '../paint/paint-scheduler';
import { GridPainting, LABELS_PER_STEP } from './grid-painting';
import { TileCells } from './tile-cells';
import { GridStatus, type GridState } from './grid-status';
import { renderMarks, type TileExtra } from './tile-extras';

export type { GridState };

/**
 * Channels drawn per layer before "show all": the default model's widest layer (256) fits;
 * VGG's 512-channel layers show their first 256 until asked.
 */
export const MAX_CHANNELS = 256;

export interface LayerGridOptions {
  row: SummaryRow;
  /** Tiles per row set by the page; null: as many as fit the width given to fit(). */
  columns: number | null;
  /** Build the focusable tile cells now (the first screen), or later with buildCells() (the rest). */
  deferCells?: boolean;
  /** The side of the layer's kernel (3 for 3×3) when a box is kept for it beside each map (the first layer). */
  kernel?: number;
  messages: Messages;
  /** Called with the tile index when a computed tile is clicked or Enter is pressed on it. */
  onOpen(grid: LayerGrid, index: number): void;
  formatBytes(bytes: number): string;
}

export class LayerGrid {
  readonly element: HTMLElement;
  readonly name: string;
  /** Channels of the layer; the first `shown` of them are drawn. */
  readonly count: number;
  private shown: number;
  activation: Activation | null = null;
  stats: ChannelStats[] | null = null;
  /** The colour range of each channel under the normalisation in use. */
  ranges: Range[] | null = null;
  private readonly extras = new Map<string, TileExtra>();
  private ms = 0;
  private fetchMs = 0;
  /** CSS pixels the grid may use (0 until measured). */
  private width = 0;
  private cellsBuilt: boolean;
  private layout: AtlasLayout;
  private messages: Messages;
  private state: GridState = { kind: 'waiting' };
  /** A run computing this layer has started for the image on show. */
  private asked = false;
  private cellJob: PaintJob | null = null;
  private readonly canvas = h('canvas', { class: 'atlas-canvas', 'aria-hidden': 'true' });
  private readonly cells = new TileCells((index) => this.activation && this.options.onOpen(this, index));
  private readonly status: GridStatus;
  private readonly atlas = h('div', { class: 'atlas' });
  private readonly marks = h('div', { class: 'tile-marks', 'aria-hidden': 'true', hidden: true });
  private readonly painting: GridPainting;

  constructor(private readonly options: LayerGridOptions) {
    const { row } = options;
    this.name = row.name;
    this.messages = options.messages;
    const [, height, width, channels] = row.outputShape as number[];
    this.count = channels;
    this.shown = Math.min(channels, MAX_CHANNELS);
    this.cellsBuilt = !options.deferCells;
    this.layout = gridLayout(this.fitFor(height, width));
    this.status = new GridStatus(row, options.formatBytes);
    this.atlas.append(this.canvas, this.cells.element, this.status.placeholder);
    this.element = h('section', { class: 'layer', 'data-layer': row.name, 'aria-labelledby': this.status.headingId }, [
      this.status.header, this.marks, this.atlas, this.status.more,
    ]);
    this.status.moreButton.addEventListener('click', () => this.showAll());
    this.painting = new GridPainting({
      section: this.element, canvas: this.canvas, cells: this.cells,
      now: () => ({ name: this.name, count: this.count, shown: this.shown, layout: this.layout, messages: this.messages, stats: this.stats, extras: [...this.extras.values()] }),
    });
    this.buildTiles();
    this.render();
    this.relabel();
  }

  /**
   * Takes the layer's result: `stats` from the worker (computed here when absent), the
   * header at once; `paint()` colours the tiles and names them, step by step.
   */
  setResult(activation: Activation, ms: number, stats?: ChannelStats[], fetchMs = 0): void {
    this.activation = activation;
    this.stats = stats ?? channelStats(activation);
    this.ms = ms;
    this.fetchMs = fetchMs;
    this.state = { kind: 'done' };
    this.painting.stopNaming();
    this.render();
  }

  /** Paints the computed tiles and their names, in short steps, with one colour range per channel. */
  paint(ranges: Range[]): void {
    this.ranges = ranges;
    const activation = this.activation;
    if (!activation) return;
    this.painting.paint(activation, ranges);
  }

  /** The grid's header row (name, shape, inactive filters, time). */
  get header(): HTMLElement {
    return this.status.header;
  }

  /** Placeholder state until the result arrives. */
  setState(state: GridState): void {
    if (this.state.kind === 'done' && state.kind !== 'done') return;
    if (state.kind === 'computing') this.asked = true;
    if (state.kind === 'waiting') this.asked = false;
    // Weights fetched for a deeper layer's sake (the prediction) do not mean this one is computing.
    if (state.kind === 'weights' && state.loaded >= state.total) state = this.asked ? { kind: 'computing' } : { kind: 'waiting' };
    this.state = state;
    this.render();
  }

  /** Lays the tiles out `columns` per row (null: to fit the width) and repaints if that changed the rows. */
  setColumns(columns: number | null): void {
    this.options.columns = columns;
    this.relayout();
  }

  /** The grid may use `width` CSS pixels: without a `columns` attribute, the rows fit it. */
  fit(width: number): void {
    if (Math.abs(width - this.width) < 1) return;
    this.width = width;
    if (gridColumns(this.fitFor(this.layout.mapHeight, this.layout.mapWidth, this.layout.panels)) !== this.layout.columns) this.relayout();
    else this.sizeAtlas();
  }

  /**
   * Builds the focusable tile cells of a grid made with deferCells (off the first screen),
   * a row of cells per step (`now`: all at once, for a grid asked for by name).
   */
  buildCells(now = false): void {
    if (this.cellsBuilt) return;
    this.cellsBuilt = true;
    if (now) {
      this.cells.build(this.layout);
      this.relabel();
      return;
    }
    const layout = this.layout;
    this.cellJob = this.cells.buildInSteps(layout, LABELS_PER_STEP, () => layout === this.layout, () => this.relabel());
  }

  /** Draws every channel, past MAX_CHANNELS. */
  showAll(): void {
    if (this.shown === this.count) return;
    const first = this.shown;
    const hadFocus = (this.element.getRootNode() as Document | ShadowRoot).activeElement === this.status.moreButton;
    this.shown = this.count;
    this.relayout();
    // The button is gone: keyboard focus goes on to the first tile it revealed.
    if (hadFocus) this.focusTile(first);
  }

  /** Tiles drawn: all channels, or the first MAX_CHANNELS until "show all". */
  get drawn(): number {
    return this.shown;
  }

  /** Tiles per row as drawn (figures exported from the grid keep them). */
  get columns(): number {
    return this.layout.columns;
  }

  /** Where the tiles lie in the atlas canvas. */
  get geometry(): AtlasLayout {
    return this.layout;
  }

  /** The colour range tile `index` is painted on (a comparison's pair range), or null before it is painted. */
  tileRange(index: number): Range | null {
    return this.painting.range(index) ?? this.ranges?.[index] ?? null;
  }

  /** Adds (or with null removes) what the instruments draw into each tile under `key`; tiles are laid out and painted again. */
  setExtra(key: string, extra: TileExtra | null): void {
    if (extra) this.extras.set(key, extra);
    else if (!this.extras.delete(key)) return;
    this.relayout();
  }

  private get panels(): number {
    return Math.max(1, ...[...this.extras.values()].map((extra) => extra.panels ?? 1));
  }

  private fitFor(mapHeight: number, mapWidth: number, panels = this.panels): GridFit {
    return { mapHeight, mapWidth, count: this.shown, panels, kernel: this.options.kernel, columns: this.options.columns, width: this.width };
  }

  private relayout(): void {
    this.layout = gridLayout(this.fitFor(this.layout.mapHeight, this.layout.mapWidth));
    this.buildTiles();
    this.render();
    if (this.activation && this.ranges) this.paint(this.ranges);
    else this.relabel();
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.render();
    this.relabel();
  }

  /** Moves the grid's Tab stop to tile `index` and focuses it. */
  focusTile(index: number): void {
    this.cells.focus(index);
  }

  /** Back to the empty, waiting grid (a new image). */
  reset(): void {
    this.painting.clear();
    this.activation = this.stats = this.ranges = null;
    this.state = { kind: 'waiting' };
    this.asked = false;
    this.render();
    this.relabel();
  }

  /** Stops painting; the element is removed by its owner. */
  destroy(): void {
    this.cellJob?.cancel();
    this.painting.cancel();
  }

  /** Resolves when the current painting and naming jobs are done. */
  get painted(): Promise<void> {
    return this.painting.finished;
  }

  private buildTiles(): void {
    this.sizeAtlas();
    if (!this.cellsBuilt) return;
    this.cellJob?.cancel();
    this.cells.build(this.layout);
  }

  /** The atlas's box for the layout, the marks over its first row, its geometry for scripts. */
  private sizeAtlas(): void {
    sizeAtlas({ section: this.element, atlas: this.atlas, canvas: this.canvas, marks: this.marks }, this.layout, this.width);
    renderMarks(this.marks, this.layout, [...this.extras.values()].find((extra) => extra.marks)?.marks);
  }

  private render(): void {
    const t = this.messages;
    this.cells.element.setAttribute('aria-label', t.gridLabel(this.name, this.count));
    this.element.dataset.state = this.state.kind;
    this.status.render(t, { state: this.state, stats: this.stats, ms: this.ms, fetchMs: this.fetchMs, count: this.count, shown: this.shown });
  }

  /** Names every tile again (results, language or layout changed without a repaint), a few per step. */
  private relabel(): void {
    this.painting.relabel();
  }
}
