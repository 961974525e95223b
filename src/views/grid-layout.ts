/**
 * How a layer's grid is laid out on this screen: tiles per row (the page's `columns`, or as
 * many as fit the width), maps drawn at the resolution they are shown, the box the atlas
 * takes (its aspect, its widest, the height it will have before it is painted).
 */
import { atlasLayout, CSS_GAP, DEFAULT_COLUMNS, fitColumns, preferredTile, preferredTileWidth, type AtlasLayout } from '../paint/layout';

export interface GridFit {
  mapHeight: number;
  mapWidth: number;
  /** Tiles drawn. */
  count: number;
  /** Maps per tile (2 for A | B). */
  panels: number;
  /** The kernel's side when a box is kept for it beside each map. */
  kernel?: number;
  /** Tiles per row set by the page (counted in maps), or null. */
  columns: number | null;
  /** CSS pixels the grid may use, 0 until measured. */
  width: number;
}

/** The most canvas pixels a tile of a `mapWidth`-wide map is shown at on this screen. */
function maxTilePixels(mapWidth: number): number {
  return preferredTile(mapWidth) * Math.max(1, globalThis.devicePixelRatio || 1);
}

/** Tiles per row: a page's `columns` counts maps (a pair takes two), else as many as fit. */
export function gridColumns(fit: GridFit): number {
  if (fit.columns) return Math.max(1, Math.round(fit.columns / fit.panels));
  return fit.width > 0 ? fitColumns(fit.count, fit.mapWidth, fit.width, fit.panels) : Math.ceil(DEFAULT_COLUMNS / fit.panels);
}

export function gridLayout(fit: GridFit): AtlasLayout {
  return atlasLayout(fit.mapHeight, fit.mapWidth, fit.count, gridColumns(fit), maxTilePixels(fit.mapWidth), { panels: fit.panels, kernel: fit.kernel });
}

/** The atlas's box: at most the preferred tile size wide, and the height it will take at `width` (not rounded, as the aspect ratio lays it out). */
export function atlasBox(layout: AtlasLayout, width: number): { maxWidth: number; height: number } {
  const maxWidth = layout.columns * (preferredTileWidth(layout.mapWidth, layout.panels) + CSS_GAP) - CSS_GAP;
  const shownWidth = width > 0 ? Math.min(maxWidth, width) : maxWidth;
  return { maxWidth, height: (shownWidth * layout.height) / layout.width };
}

/** Sizes a grid's atlas for `layout` at `width` CSS pixels, and writes the geometry on the canvas. */
export function sizeAtlas(parts: { section: HTMLElement; atlas: HTMLElement; canvas: HTMLCanvasElement; marks: HTMLElement }, layout: AtlasLayout, width: number): void {
  const { maxWidth, height } = atlasBox(layout, width);
  parts.atlas.style.aspectRatio = `${layout.width} / ${layout.height}`;
  parts.atlas.style.maxWidth = parts.marks.style.maxWidth = `${maxWidth}px`;
  // How many tiles the atlas holds: `data-painted` reaches it when the grid is drawn.
  parts.section.dataset.tiles = String(layout.count);
  parts.section.dataset.panels = String(layout.panels);
  // Where tiles, maps and kernel boxes lie in the canvas, for scripts and tests that read its pixels.
  const { columns, tileWidth, tileHeight, panelWidth, panelGap, gap, scale, step, side } = layout;
  Object.assign(parts.canvas.dataset, { columns, tileWidth, tileHeight, panelWidth, panelGap, gap, scale, step, side });
  // The atlas's height, for content-visibility's estimate while off screen (styles/grids.ts adds the header's).
  parts.section.style.setProperty('--atlas-height', `${height.toFixed(2)}px`);
}
