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

/**
 * Atlas geometry for `count` channels of `mapHeight × mapWidth` values each; `maxTile` is
 * the most canvas pixels a tile side is ever shown at (its CSS size × devicePixelRatio).
 */
export function atlasLayout(mapHeight: number, mapWidth: number, count: number, columns = DEFAULT_COLUMNS, maxTile = Infinity): AtlasLayout {
  const { columns: cols, rows } = gridShape(count, columns);
  const side = Math.max(mapHeight, mapWidth);
  const scale = Math.max(1, Math.ceil(TARGET_TILE / side));
  const step = Math.max(1, Math.floor(side / Math.max(TARGET_TILE, maxTile)));
  const tileWidth = step > 1 ? Math.ceil(mapWidth / step) : mapWidth * scale;
  const tileHeight = step > 1 ? Math.ceil(mapHeight / step) : mapHeight * scale;
  return {
    count,
    columns: cols,
    rows,
    mapHeight,
    mapWidth,
    scale,
    step,
    tileWidth,
    tileHeight,
    gap: TILE_GAP,
    width: cols * tileWidth + (cols - 1) * TILE_GAP,
    height: rows * tileHeight + (rows - 1) * TILE_GAP,
  };
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
 * Tiles per row when the page sets no `columns`: as many preferred-size tiles as fit in
 * `width` CSS pixels, at least 8 (the lecture's rows, shrinking tiles on a phone), then
 * balanced so the last row is not a lonely few (32 tiles in 15 columns → 3 rows of 11).
 */
export function fitColumns(count: number, mapWidth: number, width: number): number {
  if (count <= 0) return 1;
  const fit = Math.floor((Math.max(0, width) + CSS_GAP) / (preferredTile(mapWidth) + CSS_GAP));
  const columns = Math.min(count, Math.max(DEFAULT_COLUMNS, fit));
  const rows = Math.ceil(count / columns);
  return Math.ceil(count / rows);
}
