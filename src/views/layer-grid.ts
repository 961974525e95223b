/**
 * One layer's grid: every channel a tile, all painted into a single canvas (an atlas), in
 * short steps, under an overlay of focusable cells that carry the tiles' names (TileCells);
 * a header with the layer's shape, inactive filters and time; a placeholder until computed.
 */
import type { SummaryRow } from '../../worker/contract';
import { busyStrip, h, setText, context2d } from './dom';
import { formatValue, type Messages } from '../languages/i18n';
import { atlasLayout, CSS_GAP, DEFAULT_COLUMNS, fitColumns, preferredTile, tileChunk, type AtlasLayout } from '../paint/layout';
import { channelStats, inactiveCount, paintTiles, pixelBuffer, type Activation, type ChannelStats, type Range } from '../paint/paint';
import { paintInChunks, type PaintJob } from '../paint/paint-scheduler';
import { rowShape } from './summary-table';
import { TileCells } from './tile-cells';

/**
 * Canvas pixels painted per step before the scheduler checks its time budget: about a
 * millisecond on a slow phone, so no step becomes a long task (a VGG 224×224 tile is one step).
 */
export const PIXELS_PER_STEP = 16_384;
/** Tiles (re)named per step when their names change without a repaint (new image, language). */
const LABELS_PER_STEP = 32;

/**
 * Channels drawn per layer before "show all": the default model's widest layer (256) fits;
 * VGG's 512-channel layers show their first 256 until asked.
 */
export const MAX_CHANNELS = 256;

export type GridState = { kind: 'waiting' } | { kind: 'computing' } | { kind: 'weights'; loaded: number; total: number } | { kind: 'done' };

export interface LayerGridOptions {
  row: SummaryRow;
  /** Tiles per row set by the page; null: as many as fit the width given to fit(). */
  columns: number | null;
  /** Build the focusable tile cells now (the first screen), or later with buildCells() (the rest). */
  deferCells?: boolean;
  messages: Messages;
  /** Called with the tile index when a computed tile is clicked or Enter is pressed on it. */
  onOpen(grid: LayerGrid, index: number): void;
  formatBytes(bytes: number): string;
}

let gridCounter = 0;

/** The most canvas pixels a tile of a `mapWidth`-wide map is shown at on this screen. */
function maxTilePixels(mapWidth: number): number {
  return preferredTile(mapWidth) * Math.max(1, globalThis.devicePixelRatio || 1);
}

export class LayerGrid {
  readonly element: HTMLElement;
  readonly name: string;
  /** Channels of the layer; the first `shown` of them are drawn. */
  readonly count: number;
  private shown: number;
  activation: Activation | null = null;
  stats: ChannelStats[] | null = null;
  ranges: Range[] | null = null;
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
  private job: PaintJob | null = null;
  private labelJob: PaintJob | null = null;
  private cellJob: PaintJob | null = null;
  private readonly canvas = h('canvas', { class: 'atlas-canvas', 'aria-hidden': 'true' });
  private readonly cells = new TileCells((index) => this.activation && this.options.onOpen(this, index));
  private readonly placeholder = h('div', { class: 'placeholder' });
  private readonly placeholderBar = h('progress', { class: 'bar' });
  private readonly placeholderBusy = busyStrip();
  private readonly placeholderText = h('span', { class: 'placeholder-text' });
  private readonly atlas = h('div', { class: 'atlas' });
  private readonly inactiveText = h('span', { class: 'inactive' });
  private readonly timeText = h('span', { class: 'time' });
  private readonly moreText = h('span');
  private readonly moreButton = h('button', { type: 'button', class: 'show-all' });
  private readonly more = h('p', { class: 'more' }, [this.moreText, ' ', this.moreButton]);

  constructor(private readonly options: LayerGridOptions) {
    const { row } = options;
    this.name = row.name;
    this.messages = options.messages;
    const [, height, width, channels] = row.outputShape as number[];
    this.count = channels;
    this.shown = Math.min(channels, MAX_CHANNELS);
    this.cellsBuilt = !options.deferCells;
    this.layout = atlasLayout(height, width, this.shown, this.columnsFor(width), maxTilePixels(width));
    const headingId = `cl-layer-${++gridCounter}`;
    this.placeholder.append(this.placeholderBar, this.placeholderBusy, this.placeholderText);
    this.atlas.append(this.canvas, this.cells.element, this.placeholder);
    this.element = h('section', { class: 'layer', 'data-layer': row.name, 'aria-labelledby': headingId }, [
      h('header', { class: 'layer-head' }, [
        h('h4', { id: headingId }, [row.name]),
        h('code', { class: 'shape' }, [rowShape(row)]),
        this.inactiveText,
        this.timeText,
      ]),
      this.atlas,
      this.more,
    ]);
    this.moreButton.addEventListener('click', () => this.showAll());
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
    this.labelJob?.cancel();
    this.render();
  }

  /** Paints the computed tiles and their names, in short steps, with one colour range per channel. */
  paint(ranges: Range[]): void {
    this.ranges = ranges;
    const activation = this.activation;
    if (!activation) return;
    this.job?.cancel();
    this.labelJob?.cancel();
    const layout = this.layout;
    const context = context2d(this.canvas);
    if (this.canvas.width !== layout.width) this.canvas.width = layout.width;
    if (this.canvas.height !== layout.height) this.canvas.height = layout.height;
    let next = 0;
    this.element.dataset.painted = '0';
    this.job = paintInChunks(() => {
      const { to, band } = tileChunk(layout, next, PIXELS_PER_STEP);
      // Only the band of tiles painted in this step is allocated and sent to the canvas.
      const pixels = pixelBuffer(band.width, band.height);
      paintTiles(pixels, layout, activation, ranges, next, to, band);
      if (context && typeof ImageData !== 'undefined') {
        context.putImageData(new ImageData(pixels.data as Uint8ClampedArray<ArrayBuffer>, band.width, band.height), band.x, band.y);
      }
      this.labelTiles(next, to);
      next = to;
      this.element.dataset.painted = String(next);
      return next < layout.count;
    });
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
    if (this.columnsFor(this.layout.mapWidth) !== this.layout.columns) this.relayout();
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
    this.cells.start(layout);
    this.cellJob = paintInChunks(() => {
      if (layout !== this.layout) return false;
      const built = this.cells.add(layout, this.cells.count + Math.max(LABELS_PER_STEP, layout.columns));
      if (built < layout.count) return true;
      this.relabel();
      return false;
    });
  }

  /** Draws every channel, past MAX_CHANNELS. */
  showAll(): void {
    if (this.shown === this.count) return;
    const first = this.shown;
    const hadFocus = (this.element.getRootNode() as Document | ShadowRoot).activeElement === this.moreButton;
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

  private columnsFor(mapWidth: number): number {
    if (this.options.columns) return this.options.columns;
    return this.width > 0 ? fitColumns(this.shown, mapWidth, this.width) : DEFAULT_COLUMNS;
  }

  private relayout(): void {
    const [height, width] = [this.layout.mapHeight, this.layout.mapWidth];
    this.layout = atlasLayout(height, width, this.shown, this.columnsFor(width), maxTilePixels(width));
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
    this.job?.cancel();
    this.job = null;
    this.labelJob?.cancel();
    this.activation = this.stats = this.ranges = null;
    this.state = { kind: 'waiting' };
    this.asked = false;
    // A canvas never painted stays without a context: making one costs milliseconds per grid on the cold path.
    if (Number(this.element.dataset.painted ?? 0) > 0) context2d(this.canvas)?.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.element.dataset.painted = '0';
    this.render();
    this.relabel();
  }

  /** Stops painting; the element is removed by its owner. */
  destroy(): void {
    this.cellJob?.cancel();
    this.job?.cancel();
    this.labelJob?.cancel();
  }

  /** Resolves when the current painting and naming jobs are done. */
  get painted(): Promise<void> {
    return Promise.all([this.job?.finished, this.labelJob?.finished]).then(() => undefined);
  }

  private buildTiles(): void {
    this.sizeAtlas();
    if (!this.cellsBuilt) return;
    this.cellJob?.cancel();
    this.cells.build(this.layout);
  }

  /** The atlas's box: its aspect, at most the preferred tile size, and the height it will take. */
  private sizeAtlas(): void {
    const { layout } = this;
    // How many tiles the atlas holds: `data-painted` reaches it when the grid is drawn.
    this.element.dataset.tiles = String(layout.count);
    this.atlas.style.aspectRatio = `${layout.width} / ${layout.height}`;
    const maxWidth = layout.columns * (preferredTile(layout.mapWidth) + CSS_GAP) - CSS_GAP;
    this.atlas.style.maxWidth = `${maxWidth}px`;
    // The height it will take (content-visibility's estimate while off screen): header + atlas.
    const shownWidth = this.width > 0 ? Math.min(maxWidth, this.width) : maxWidth;
    this.element.style.setProperty('--layer-height', `${Math.round(36 + (shownWidth * layout.height) / layout.width)}px`);
  }

  private render(): void {
    const t = this.messages;
    const { state, stats } = this;
    this.cells.element.setAttribute('aria-label', t.gridLabel(this.name, this.count));
    this.placeholder.hidden = state.kind === 'done';
    this.element.dataset.state = state.kind;
    this.placeholderBusy.hidden = state.kind !== 'computing';
    if (state.kind === 'weights') {
      this.placeholderBar.hidden = false;
      this.placeholderBar.max = state.total;
      this.placeholderBar.value = state.loaded;
      setText(this.placeholderText, t.layerWeights(this.options.formatBytes(state.loaded), this.options.formatBytes(state.total)));
    } else {
      this.placeholderBar.hidden = true;
      setText(this.placeholderText, state.kind === 'computing' ? t.layerComputing : t.layerWaiting);
    }
    setText(this.inactiveText, stats ? t.inactive(inactiveCount(stats), this.count) : '');
    const time = stats ? t.layerTime(this.ms.toFixed(1), this.fetchMs >= 1 ? this.fetchMs.toFixed(0) : null) : '';
    setText(this.timeText, time);
    // A phone cuts the line short (one line, so the tiles do not move down): the whole of it on hover.
    this.timeText.title = time;
    this.more.hidden = this.shown === this.count;
    setText(this.moreText, t.showingFirst(this.shown, this.count));
    setText(this.moreButton, t.showAll(this.count));
  }

  /** Names every tile again (results, language or layout changed without a repaint), a few per step. */
  private relabel(): void {
    this.labelJob?.cancel();
    let next = 0;
    this.labelJob = paintInChunks(() => {
      const to = Math.min(this.shown, next + LABELS_PER_STEP);
      this.labelTiles(next, to);
      next = to;
      return next < this.shown;
    });
  }

  /** Accessible names (value peak, share of zeros) of tiles [from, to), and the dead mark. */
  private labelTiles(from: number, to: number): void {
    const t = this.messages;
    const { stats } = this;
    for (let i = from; i < Math.min(to, this.cells.count); i++) {
      const s = stats?.[i];
      const label = s
        ? t.tileName(this.name, i, this.count, formatValue(s.max), Math.round(s.zeroFraction * 100))
        : t.tilePending(this.name, i, this.count);
      this.cells.name(i, label, Boolean(s?.inactive));
    }
  }
}
