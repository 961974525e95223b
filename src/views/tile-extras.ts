/**
 * What the instruments may add to a layer's tiles without the grids knowing them: more maps
 * beside each map (photo B of a comparison, A − B), a kernel in the box reserved beside the
 * first layer's maps. The grid paints them in the same short steps as its own tiles, into
 * the same atlas canvas; the code that fills them lives in the instruments' chunk.
 */
import type { SummaryRow } from '../../worker/contract';
import type { AtlasLayout } from '../paint/layout';
import { panelOrigin } from '../paint/layout';
import type { Activation, PixelBuffer, Range } from '../paint/paint';
import { h, placePercent } from './dom';

export interface TileExtra {
  /** Maps per tile this extra needs (2 for A | B, 3 with A − B); absent: 1. */
  readonly panels?: number;
  /** Marks written above the first row's maps, one per panel ("A", "B", "A − B"). */
  readonly marks?: readonly string[];
  /** The colour ranges the tiles are shown on, from the grid's own (compare: one range per pair). */
  ranges?(own: readonly Range[]): Range[];
  /**
   * Paints its part of tiles [from, to) into `target`, which holds the atlas from `origin`
   * on; `ranges` are the ones the tiles are shown on, `activation` the grid's own (photo A).
   * Called in the grid's paint steps.
   */
  paint(target: PixelBuffer, layout: AtlasLayout, from: number, to: number, origin: { x: number; y: number }, ranges: readonly Range[], activation: Activation): void;
  /** The accessible name of tile `index`, given the grid's own (null: keep it). */
  label?(index: number, own: string): string | null;
}

/** The marks above the first row of tiles: each panel's name centred over it. */
export function renderMarks(container: HTMLElement, layout: AtlasLayout, marks: readonly string[] | undefined): void {
  container.hidden = !marks || marks.length === 0;
  if (!marks || marks.length === 0) return container.replaceChildren();
  const spans: HTMLElement[] = [];
  for (let column = 0; column < Math.min(layout.columns, layout.count); column++) {
    marks.slice(0, layout.panels).forEach((mark, panel) => {
      const { x } = panelOrigin(layout, column, panel);
      const span = h('span', { class: `tile-mark mark-${panel}` }, [mark]);
      placePercent(span, { left: (x / layout.width) * 100, top: 0, width: (layout.panelWidth / layout.width) * 100, height: 100 });
      spans.push(span);
    });
  }
  container.replaceChildren(...spans);
}

/**
 * The layer whose kernels are drawn beside its maps: the model's first convolution (it reads
 * the photo's own channels, so its filters show as small RGB or grey pictures); its kernel's
 * side is known from the summary, so the box is kept from the start and nothing moves later.
 */
export function kernelLayer(rows: readonly SummaryRow[]): { name: string; kernel: number } | null {
  const row = rows.find((r) => /^(Conv2D|Conv)$/.test(r.type));
  const kernel = row?.geometry?.kernel;
  return row && row.drawable && kernel ? { name: row.name, kernel: Math.max(kernel[0], kernel[1]) } : null;
}
