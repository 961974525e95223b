/**
 * The work a layer's grid does in short steps on the page's paint queue: painting its atlas
 * canvas (atlas-paint.ts) and naming its tiles for screen readers, a few per step. It keeps
 * the jobs in flight, so that a newer result, layout or language cancels the older ones, and
 * says when both are done. Apart from the grid (layer-grid.ts), which decides what is shown.
 */
import { context2d } from './dom';
import type { Messages } from '../languages/i18n';
import type { AtlasLayout } from '../paint/layout';
import type { Activation, ChannelStats, Range } from '../paint/paint';
import { paintInChunks, type PaintJob } from '../paint/paint-scheduler';
import { paintAtlas } from './atlas-paint';
import { tileLabel } from './grid-status';
import type { TileCells } from './tile-cells';
import type { TileExtra } from './tile-extras';

/** Tiles (re)named per step when their names change without a repaint (new image, language). */
export const LABELS_PER_STEP = 32;

/** What the grid shows now; read again at every step. */
export interface GridNow {
  name: string;
  count: number;
  /** Tiles drawn (the first `shown` channels). */
  shown: number;
  layout: AtlasLayout;
  messages: Messages;
  stats: ChannelStats[] | null;
  extras: TileExtra[];
}

export interface PaintTarget {
  /** The grid's section: its data-painted says how many tiles are painted. */
  readonly section: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  readonly cells: TileCells;
  now(): GridNow;
}

export class GridPainting {
  private job: PaintJob | null = null;
  private labelJob: PaintJob | null = null;
  /** The ranges the tiles are painted on: the grid's own, or a comparison's one range per pair. */
  private shownRanges: Range[] | null = null;

  constructor(private readonly target: PaintTarget) {}

  /** Paints `activation` on `ranges` (as the extras change them), naming each band of tiles as it is painted. */
  paint(activation: Activation, ranges: Range[]): void {
    const { extras, layout } = this.target.now();
    const shown = extras.reduce<Range[]>((own, extra) => extra.ranges?.(own) ?? own, ranges);
    this.shownRanges = shown;
    this.job?.cancel();
    this.labelJob?.cancel();
    const { section, canvas } = this.target;
    section.dataset.painted = '0';
    this.job = paintAtlas({
      canvas, layout, activation, ranges: shown, extras,
      onStep: (from, to) => {
        this.name(from, to);
        section.dataset.painted = String(to);
      },
    });
  }

  /** The colour range tile `index` is painted on, if it is painted. */
  range(index: number): Range | undefined {
    return this.shownRanges?.[index];
  }

  /** Names every tile again (results, language or layout changed without a repaint), a few per step. */
  relabel(): void {
    this.labelJob?.cancel();
    let next = 0;
    this.labelJob = paintInChunks(() => {
      const { shown } = this.target.now();
      const to = Math.min(shown, next + LABELS_PER_STEP);
      this.name(next, to);
      next = to;
      return next < shown;
    });
  }

  /** Stops the naming in progress (a result arrived: its painting names the tiles). */
  stopNaming(): void {
    this.labelJob?.cancel();
  }

  /** Back to an unpainted canvas (a new image). */
  clear(): void {
    this.job?.cancel();
    this.job = null;
    this.labelJob?.cancel();
    this.shownRanges = null;
    const { section, canvas } = this.target;
    // A canvas never painted stays without a context: making one costs milliseconds per grid on the cold path.
    if (Number(section.dataset.painted ?? 0) > 0) context2d(canvas)?.clearRect(0, 0, canvas.width, canvas.height);
    section.dataset.painted = '0';
  }

  /** Stops both jobs (the grid is going). */
  cancel(): void {
    this.job?.cancel();
    this.labelJob?.cancel();
  }

  /** Resolves when the current painting and naming jobs are done. */
  get finished(): Promise<void> {
    return Promise.all([this.job?.finished, this.labelJob?.finished]).then(() => undefined);
  }

  /** Accessible names (value peak, share of zeros) of tiles [from, to), and the dead mark. */
  private name(from: number, to: number): void {
    const { messages: t, name, count, stats, extras } = this.target.now();
    const { cells } = this.target;
    for (let i = from; i < Math.min(to, cells.count); i++) {
      let label = tileLabel(t, name, i, count, stats?.[i]);
      for (const extra of extras) label = extra.label?.(i, label) ?? label;
      cells.name(i, label, Boolean(stats?.[i]?.inactive));
    }
  }
}
