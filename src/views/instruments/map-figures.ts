/**
 * Figures of the feature maps, as the lecture draws them with plt.matshow: a layer's grid
 * (tiles in the columns on screen) and the zoom's single map, each with title, layer name and
 * shape, and the viridis colour bar.
 */
import { channelPixels, mapSize, type Activation, type PixelBuffer, type Range } from '../../paint/paint';
import { formatValue } from '../../languages/i18n';
import { drawPixels, type FigureSpec } from './figure';

/** Gap between tiles in the figure, and between the maps of one tile (A | B), CSS pixels. */
export const TILE_GAP = 4;
export const PANEL_GAP = 1;

export interface GridFigure {
  layer: string;
  shapeText: string;
  activation: Activation;
  ranges: Range[];
  /** Tiles drawn and tiles per row, as on screen. */
  count: number;
  columns: number;
  /** One tile's on-screen width, CSS pixels. */
  tileWidth: number;
  title: string;
  /** The bar's ends when each tile has its own range (normalize = channel). */
  ownRange: { min: string; max: string };
  /** The maps of tile i side by side (a comparison's A | B | A − B); default: channel i on its range. */
  maps?(i: number): PixelBuffer[];
  /** Maps per tile when `maps` is given. */
  panels?: number;
}

/** The grid as one panel of tiles; the bar's ends are the shared range's values, or "tile min/max" when each tile has its own. */
export function gridFigure(grid: GridFigure): FigureSpec {
  const [height, width] = mapSize(grid.activation.shape);
  const panels = grid.maps ? Math.max(1, grid.panels ?? 1) : 1;
  const mapW = Math.max(8, Math.round((grid.tileWidth - (panels - 1) * PANEL_GAP) / panels));
  const tileW = panels * mapW + (panels - 1) * PANEL_GAP;
  const tileH = Math.max(8, Math.round((mapW * height) / width));
  const maps = grid.maps ?? ((i: number) => [channelPixels(grid.activation, i, grid.ranges[i])]);
  const rows = Math.ceil(grid.count / grid.columns);
  const ranges = grid.ranges.slice(0, grid.count);
  const min = Math.min(...ranges.map((r) => r.min));
  const max = Math.max(...ranges.map((r) => r.max));
  const same = ranges.every((r) => r.min === min && r.max === max);
  return {
    title: grid.title,
    subtitle: `${grid.layer} · ${grid.shapeText}`,
    scale: 2,
    bar: same ? { min: formatValue(min), max: formatValue(max) } : grid.ownRange,
    panels: [{
      width: grid.columns * tileW + (grid.columns - 1) * TILE_GAP, height: rows * tileH + (rows - 1) * TILE_GAP, label: grid.layer,
      draw(context, x, y) {
        context.fillStyle = '#ffffff';
        for (let i = 0; i < grid.count; i++) {
          const tx = x + (i % grid.columns) * (tileW + TILE_GAP);
          const ty = y + Math.floor(i / grid.columns) * (tileH + TILE_GAP);
          maps(i).forEach((pixels, p) => drawPixels(context, pixels, [tx + p * (mapW + PANEL_GAP), ty, mapW, tileH]));
        }
      },
    }],
  };
}

export interface MapFigure {
  title: string;
  subtitle: string;
  activation: Activation;
  index: number;
  range: Range;
  /** The zoom's map on screen, CSS pixels. */
  width: number;
  height: number;
  label: string;
}

/** One channel drawn large (nearest), with its range on the colour bar. */
export function mapFigure(figure: MapFigure): FigureSpec {
  return {
    title: figure.title, subtitle: figure.subtitle, scale: 2,
    bar: { min: formatValue(figure.range.min), max: formatValue(figure.range.max) },
    panels: [{
      width: figure.width, height: figure.height, label: figure.label,
      draw: (context, x, y, w, h) => drawPixels(context, channelPixels(figure.activation, figure.index, figure.range), [x, y, w, h]),
    }],
  };
}
