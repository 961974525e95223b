/**
 * Grid geometry of a layer's atlas: every channel is a tile, tiles in rows of `columns`
 * (8, like the lecture's 4×8 figure for 32 filters), all painted into one canvas.
 */

/** Tiles per row when the page names none: the lecture's figure has 8. */
export const DEFAULT_COLUMNS = 8;
/** Smallest side, in canvas pixels, of a painted tile; small maps are scaled up to it. */
export const TARGET_TILE = 30;
/** Gap between tiles, in canvas pixels (left transparent so the page shows through). */
export const TILE_GAP = 2;
/** Gap between tiles made of several maps (A | B): wider, so each pair reads as one. */
export const PAIR_GAP = 8;
/** Gap between the maps of one tile, and between a map and the kernel beside it, in canvas pixels. */
export const PANEL_GAP = 1;

export interface GridShape {
  columns: number;
  rows: number;
}

/** Where the tiles of one layer lie in its atlas canvas; all lengths in canvas pixels. */
export interface AtlasLayout extends GridShape {
  count: number;
  /** Activation-map size of one channel: height × width values. */
  mapHeight: number;
  mapWidth: number;
  /** Canvas pixels per activation value (an integer ≥ 1). */
  scale: number;
  /**
   * Activation values per canvas pixel along each side (an integer ≥ 1): maps much larger
   * than their tile is ever shown (VGG's 224×224 in a ≤ 96 px tile) are painted at every
   * `step`-th value, as the browser would draw them scaled down, at 1/step² of the cost.
   */
  step: number;
  /** Maps side by side in one tile: 1, or 2 for A | B, 3 with A − B (compare). */
  panels: number;
  /** Canvas pixels of one map, and between two maps (or a map and its kernel) of a tile. */
  panelWidth: number;
  panelGap: number;
  /** Side of the box beside the maps where the first layer's kernel is drawn; 0 for none. */
  side: number;
  /** A whole tile: its maps, and the kernel box when there is one. */
  tileWidth: number;
  tileHeight: number;
  gap: number;
  /** Whole canvas size. */
  width: number;
  height: number;
}

/** Rows and columns for `count` tiles, `columns` per row: 32 → 4 rows of 8. */
export function gridShape(count: number, columns = DEFAULT_COLUMNS): GridShape {
  const perRow = Math.max(1, Math.min(Math.floor(columns) || DEFAULT_COLUMNS, count));
  return { columns: perRow, rows: Math.ceil(count / perRow) };
}

/** What a tile holds besides one map: more maps beside it (compare), a kernel box (its side in weights). */
export interface TileParts {
  panels?: number;
  /** The kernel's side (3 for 3×3) to reserve a box for beside the maps, 0 for none. */
  kernel?: number;
}

/**
 * Atlas geometry for `count` channels of `mapHeight × mapWidth` values each; `maxTile` is
 * the most canvas pixels a map side is ever shown at (its CSS size × devicePixelRatio).
 */
export function atlasLayout(
  mapHeight: number, mapWidth: number, count: number, columns = DEFAULT_COLUMNS, maxTile = Infinity, parts: TileParts = {},
): AtlasLayout {
  const { columns: cols, rows } = gridShape(count, columns);
  const long = Math.max(mapHeight, mapWidth);
  const scale = Math.max(1, Math.ceil(TARGET_TILE / long));
  const step = Math.max(1, Math.floor(long / Math.max(TARGET_TILE, maxTile)));
  const panelWidth = step > 1 ? Math.ceil(mapWidth / step) : mapWidth * scale;
  const tileHeight = step > 1 ? Math.ceil(mapHeight / step) : mapHeight * scale;
  const panels = Math.max(1, Math.floor(parts.panels ?? 1));
  const side = kernelBox(tileHeight, parts.kernel ?? 0);
  const tileWidth = panels * panelWidth + (panels - 1) * PANEL_GAP + (side > 0 ? PANEL_GAP + side : 0);
  const gap = panels > 1 ? PAIR_GAP : TILE_GAP;
  return {
    count, columns: cols, rows, mapHeight, mapWidth, scale, step,
    panels, panelWidth, panelGap: PANEL_GAP, side, tileWidth, tileHeight, gap,
    width: cols * tileWidth + (cols - 1) * gap,
    height: rows * tileHeight + (rows - 1) * gap,
  };
}

/**
 * The kernel box beside a map `mapPixels` tall: a whole number of canvas pixels per weight,
 * about a third of the map's height (a 3×3 kernel beside a 30-pixel map: 9 pixels).
 */
export function kernelBox(mapPixels: number, kernel: number): number {
  if (kernel <= 0) return 0;
  return kernel * Math.max(1, Math.round(mapPixels / (3 * kernel)));
}

/** Top-left canvas pixel of map `panel` (0: A, 1: B, 2: A − B) of tile `index`. */
export function panelOrigin(layout: AtlasLayout, index: number, panel: number): { x: number; y: number } {
  const { x, y } = tileOrigin(layout, index);
  return { x: x + panel * (layout.panelWidth + layout.panelGap), y };
}

/** Top-left canvas pixel of tile `index`'s kernel box (meaningful when `layout.side` > 0). */
export function kernelOrigin(layout: AtlasLayout, index: number): { x: number; y: number } {
  const { x, y } = tileOrigin(layout, index);
  return { x: x + layout.panels * (layout.panelWidth + layout.panelGap), y };
}

/** Top-left canvas pixel of tile `index` (0-based, row-major). */
export function tileOrigin(layout: AtlasLayout, index: number): { x: number; y: number } {
  const column = index % layout.columns;
  const row = Math.floor(index / layout.columns);
  return { x: column * (layout.tileWidth + layout.gap), y: row * (layout.tileHeight + layout.gap) };
}

/** A rectangle of the atlas, in canvas pixels. */
export interface Band {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The tiles painted in one step from `from`: as many as fit in `budget` canvas pixels (at
 * least one), never past the end of their row, and the rectangle they cover. Steps sized by
 * pixels, not tiles, keep a step short both for 3×3 maps and for VGG's 224×224 ones.
 */
export function tileChunk(layout: AtlasLayout, from: number, budget: number): { to: number; band: Band } {
  const rowEnd = Math.min(layout.count, (Math.floor(from / layout.columns) + 1) * layout.columns);
  const perTile = layout.tileWidth * layout.tileHeight;
  const to = Math.min(rowEnd, from + Math.max(1, Math.floor(budget / perTile)));
  const first = tileOrigin(layout, from);
  const last = tileOrigin(layout, to - 1);
  return { to, band: { x: first.x, y: first.y, width: last.x + layout.tileWidth - first.x, height: layout.tileHeight } };
}

/** Tile `index` as percentages of the atlas (left, top, width, height in [0, 100]). */
export function tileBox(layout: AtlasLayout, index: number): { left: number; top: number; width: number; height: number } {
  const { x, y } = tileOrigin(layout, index);
  return {
    left: (x / layout.width) * 100,
    top: (y / layout.height) * 100,
    width: (layout.tileWidth / layout.width) * 100,
    height: (layout.tileHeight / layout.height) * 100,
  };
}

/**
 * The tile that keyboard key `key` moves to from `index` in a grid of `count` tiles with
 * `columns` per row. Arrows move by one tile or one row and stop at the edges; Home and
 * End go to the first and last tile. Any other key returns `index` unchanged.
 */
export function moveIndex(index: number, key: string, count: number, columns: number): number {
  switch (key) {
    case 'ArrowRight':
      return Math.min(count - 1, index + 1);
    case 'ArrowLeft':
      return Math.max(0, index - 1);
    case 'ArrowDown':
      return index + columns < count ? index + columns : index;
    case 'ArrowUp':
      return index - columns >= 0 ? index - columns : index;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return index;
  }
}

/** Gap between tiles on screen, in CSS pixels (the canvas gap scaled to about this). */
export const CSS_GAP = 2;

/**
 * Preferred on-screen side of one tile, in CSS pixels: 2 px per value, between 24 and 56,
 * so small maps (conv2d_3's 3×3) are drawn larger per value and packed densely, and the
 * first layer's 32 maps of 30×30 fit two rows of a desktop widget.
 */
export function preferredTile(mapWidth: number): number {
  return Math.max(24, Math.min(56, mapWidth * 2));
}

/**
 * Preferred on-screen width of a tile of `panels` maps: a pair is two preferred maps wide.
 * A kernel box beside the maps takes from their width, not the row's: the first layer keeps
 * its rows (and so its height on the first screen) with the kernels drawn in.
 */
export function preferredTileWidth(mapWidth: number, panels = 1): number {
  return panels * preferredTile(mapWidth) + (panels - 1) * CSS_GAP;
}

/**
 * Tiles per row when the page sets no `columns`: as many preferred-size tiles as fit in
 * `width` CSS pixels, at least 8 maps (the lecture's rows, shrinking tiles on a phone), then
 * balanced so the last row is not a lonely few (32 tiles in 15 columns → 3 rows of 11).
 */
export function fitColumns(count: number, mapWidth: number, width: number, panels = 1): number {
  if (count <= 0) return 1;
  const fit = Math.floor((Math.max(0, width) + CSS_GAP) / (preferredTileWidth(mapWidth, panels) + CSS_GAP));
  // Pairs keep the lecture's 8 maps per row at least: 4 pairs (3 triples) on a phone.
  const columns = Math.min(count, Math.max(Math.ceil(DEFAULT_COLUMNS / panels), fit));
  const rows = Math.ceil(count / columns);
  return Math.ceil(count / rows);
}
