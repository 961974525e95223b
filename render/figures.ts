/**
 * The lecture's figures as pixels, drawn by the widget's own painter (src/paint.ts: the
 * viridis table, matplotlib's value → colour mapping): a layer's filters as a grid of
 * tiles in rows of 8 (the lecture's 4×8 for 32 filters), one filter as `plt.matshow`
 * draws it with a colour bar beside it, and the input as the network sees it, pixelated.
 * Pure functions: values in, RGBA pixels and their geometry out; no files, no text.
 */
import { VIRIDIS, LUT_SIZE } from '../src/paint/viridis';
import { channelRanges, channelStats, mapSize, paintChannel, pixelBuffer, type Activation, type Normalize, type PixelBuffer, type Range } from '../src/paint/paint';

const WHITE = 255;

/** Where the tiles of a grid figure lie: tile i at (gap + col·(tileWidth+gap), gap + row·(tileHeight+gap)). */
export interface GridGeometry {
  columns: number;
  rows: number;
  /** Pixels per activation value. */
  scale: number;
  gap: number;
  tileWidth: number;
  tileHeight: number;
}

export interface GridFigure {
  image: PixelBuffer;
  geometry: GridGeometry;
  /** The colour range of each tile (its min is the first viridis colour, its max the last). */
  ranges: Range[];
}

/** Pixels per value so that a map is drawn about `target` pixels across (at least 1). */
export function autoScale(height: number, width: number, target: number): number {
  return Math.max(1, Math.round(target / Math.max(height, width)));
}

/** The colour range of every channel of `activation` under `mode` (`global`: the given range). */
export function rangesOf(activation: Activation, mode: Normalize, global?: Range): Range[] {
  return channelRanges(channelStats(activation), mode, global);
}

/** Every channel of `activation` as one tile, `columns` tiles a row, on white. */
export function gridFigure(activation: Activation, ranges: Range[], columns: number, scale: number): GridFigure {
  const [height, width, channels] = mapSize(activation.shape);
  const tileWidth = width * scale;
  const tileHeight = height * scale;
  const gap = Math.max(2, Math.round(Math.max(tileWidth, tileHeight) / 20));
  const cols = Math.min(columns, channels);
  const rows = Math.ceil(channels / cols);
  const image = filled(gap + cols * (tileWidth + gap), gap + rows * (tileHeight + gap), WHITE);
  for (let c = 0; c < channels; c++) {
    const x = gap + (c % cols) * (tileWidth + gap);
    const y = gap + Math.floor(c / cols) * (tileHeight + gap);
    paintChannel(image, activation, c, ranges[c], x, y, scale);
  }
  return { image, geometry: { columns: cols, rows, scale, gap, tileWidth, tileHeight }, ranges };
}

/** Where the map and the colour bar of a channel figure lie. */
export interface ChannelGeometry {
  scale: number;
  /** The map's top-left corner; the bar's top (its max colour) is level with it. */
  mapX: number;
  mapY: number;
  mapWidth: number;
  mapHeight: number;
  barX: number;
  barWidth: number;
}

export interface ChannelFigure {
  image: PixelBuffer;
  geometry: ChannelGeometry;
  range: Range;
}

/** One channel as plt.matshow draws it, with a vertical colour bar (max at the top) to its right. */
export function channelFigure(activation: Activation, channel: number, range: Range, scale: number): ChannelFigure {
  const [height, width] = mapSize(activation.shape);
  const pad = 16;
  const mapWidth = width * scale;
  const mapHeight = height * scale;
  const barWidth = Math.max(16, Math.round(mapHeight * 0.05));
  const barX = pad + mapWidth + pad;
  const image = filled(barX + barWidth + pad, pad + mapHeight + pad, WHITE);
  paintChannel(image, activation, channel, range, pad, pad, scale);
  paintColourBar(image, barX, pad, barWidth, mapHeight);
  return { image, geometry: { scale, mapX: pad, mapY: pad, mapWidth, mapHeight, barX, barWidth }, range };
}

/** The viridis ramp top (last colour) to bottom (first colour), one table entry per band of rows. */
function paintColourBar(image: PixelBuffer, x0: number, y0: number, width: number, height: number): void {
  for (let y = 0; y < height; y++) {
    const entry = LUT_SIZE - 1 - Math.min(LUT_SIZE - 1, Math.floor((y * LUT_SIZE) / height));
    for (let x = 0; x < width; x++) {
      const p = ((y0 + y) * image.width + x0 + x) * 4;
      image.data[p] = VIRIDIS[entry * 3];
      image.data[p + 1] = VIRIDIS[entry * 3 + 1];
      image.data[p + 2] = VIRIDIS[entry * 3 + 2];
      image.data[p + 3] = 255;
    }
  }
}

/**
 * The model's input picture (RGBA, as resized for the model) at `scale` pixels per pixel,
 * each pixel a sharp square; a one-channel model sees grey (`luma`: its own values 0–255).
 */
export function inputFigure(rgba: Uint8ClampedArray, width: number, height: number, scale: number, luma?: ArrayLike<number>): PixelBuffer {
  const image = pixelBuffer(width * scale, height * scale);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const from = Math.floor(y / scale) * width + Math.floor(x / scale);
      const to = (y * image.width + x) * 4;
      for (let k = 0; k < 3; k++) image.data[to + k] = luma ? luma[from] : rgba[from * 4 + k];
      image.data[to + 3] = 255;
    }
  }
  return image;
}

function filled(width: number, height: number, value: number): PixelBuffer {
  const image = pixelBuffer(width, height);
  image.data.fill(value);
  return image;
}

/**
 * Grad-CAM over the input: the map (ReLU'd, h×w) upsampled bilinearly (pixel centres, edges
 * clamped) to the input's size, scaled to [0, 1] by its max, coloured by viridis and laid
 * over the picture at half opacity, then drawn `scale` pixels per input pixel.
 */
export function gradCamFigure(rgba: Uint8ClampedArray, width: number, height: number, map: Float32Array, mapHeight: number, mapWidth: number, scale: number): PixelBuffer {
  const up = upsample(map, mapHeight, mapWidth, height, width);
  const max = up.reduce((m, v) => Math.max(m, v), 0);
  const blended = new Uint8ClampedArray(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    const t = max > 0 ? up[p] / max : 0;
    const entry = t > 0 ? Math.min(LUT_SIZE - 1, Math.floor(t * LUT_SIZE)) : 0;
    for (let k = 0; k < 3; k++) blended[p * 4 + k] = Math.round((rgba[p * 4 + k] + VIRIDIS[entry * 3 + k]) / 2);
    blended[p * 4 + 3] = 255;
  }
  return inputFigure(blended, width, height, scale);
}

/** Bilinear resize of a row-major h×w map to outH×outW, sampling at pixel centres. */
function upsample(map: Float32Array, h: number, w: number, outH: number, outW: number): Float32Array {
  const out = new Float32Array(outH * outW);
  const coordinate = (i: number, inSize: number, outSize: number) => Math.min(inSize - 1, Math.max(0, ((i + 0.5) * inSize) / outSize - 0.5));
  for (let y = 0; y < outH; y++) {
    const sy = coordinate(y, h, outH);
    const y0 = Math.floor(sy), y1 = Math.min(h - 1, y0 + 1), fy = sy - y0;
    for (let x = 0; x < outW; x++) {
      const sx = coordinate(x, w, outW);
      const x0 = Math.floor(sx), x1 = Math.min(w - 1, x0 + 1), fx = sx - x0;
      const top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
      const bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
      out[y * outW + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}
