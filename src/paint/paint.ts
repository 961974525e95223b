/**
 * Pure painting: activation values → RGBA pixels through the viridis table. Nothing here
 * touches the DOM; the widget hands the pixels to `putImageData`.
 */
import { VIRIDIS, LUT_SIZE } from './viridis';
import { tileOrigin, type AtlasLayout } from './layout';
import { layerStats } from '../../worker/engine/channel-stats';
import type { LayerStats } from '../../worker/contract';

/** How values map to colours: per channel (matplotlib's matshow), per layer, or over all layers. */
export type Normalize = 'channel' | 'layer' | 'global';
export const NORMALIZE_MODES: readonly Normalize[] = ['channel', 'layer', 'global'];

/** A value range; `min` paints as the first viridis colour, `max` as the last. */
export interface Range {
  min: number;
  max: number;
}

/** Statistics of one channel (one activation map). */
export interface ChannelStats extends Range {
  /** Share of values that are exactly 0, in [0, 1]. */
  zeroFraction: number;
  /** Every value is 0: the filter did not respond to this image at all. */
  inactive: boolean;
}

/** RGBA pixels, 4 bytes each, row-major; the shape of an ImageData. */
export interface PixelBuffer {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

/** A layer's output: row-major NHWC with batch 1, `shape` = [1, height, width, channels]. */
export interface Activation {
  shape: number[];
  data: Float32Array;
}

/** [height, width, channels] of a 4-D activation. */
export function mapSize(shape: number[]): [number, number, number] {
  return [shape[1] ?? 1, shape[2] ?? 1, shape[3] ?? 1];
}

/** Min, max and zero share of every channel of `activation`, in one pass. */
export function channelStats(activation: Activation): ChannelStats[] {
  const [height, width, channels] = mapSize(activation.shape);
  return fromLayerStats(layerStats(activation.data.subarray(0, height * width * channels), channels));
}

/** The worker's packed statistics as one record per channel. */
export function fromLayerStats({ min, max, zeros, pixels }: LayerStats): ChannelStats[] {
  return Array.from({ length: min.length }, (_, c) => ({
    min: min[c],
    max: max[c],
    zeroFraction: pixels > 0 ? zeros[c] / pixels : 0,
    inactive: zeros[c] === pixels,
  }));
}

/** The range spanning every given range (`{min: 0, max: 0}` for none). */
export function unionRange(ranges: readonly Range[]): Range {
  if (ranges.length === 0) return { min: 0, max: 0 };
  let min = Infinity;
  let max = -Infinity;
  for (const r of ranges) {
    if (r.min < min) min = r.min;
    if (r.max > max) max = r.max;
  }
  return { min, max };
}

/** Number of inactive (all-zero) channels. */
export function inactiveCount(stats: readonly ChannelStats[]): number {
  return stats.reduce((n, s) => n + (s.inactive ? 1 : 0), 0);
}

/**
 * The colour range of each channel under `mode`: its own range (`channel`), the layer's
 * (`layer`), or `global`, the range over every layer computed so far.
 */
export function channelRanges(stats: readonly ChannelStats[], mode: Normalize, global?: Range): Range[] {
  if (mode === 'channel') return stats.map(({ min, max }) => ({ min, max }));
  const shared = mode === 'global' && global ? global : unionRange(stats);
  return stats.map(() => shared);
}

/** Table index (0 … 255) of `value` in `range`; a flat range (and NaN) gives the first colour. */
function lutIndex(value: number, min: number, scale: number): number {
  const t = (value - min) * scale;
  if (!(t > 0)) return 0;
  return t >= LUT_SIZE ? LUT_SIZE - 1 : Math.floor(t);
}

/** Multiplier that turns `value - min` into a table position in [0, 256]. */
function lutScale(range: Range): number {
  const span = range.max - range.min;
  return span > 0 ? LUT_SIZE / span : 0;
}

/** Whether this machine stores the lowest byte of a 32-bit word first (every browser platform does). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

const packedTables = new WeakMap<Uint8Array, Uint32Array>();

/** `lut` (RGB bytes) as opaque RGBA pixels packed in 32-bit words, in this machine's byte order. */
function packedTable(lut: Uint8Array): Uint32Array {
  let table = packedTables.get(lut);
  if (!table) {
    table = new Uint32Array(lut.length / 3);
    for (let i = 0; i < table.length; i++) {
      const [r, g, b] = [lut[i * 3], lut[i * 3 + 1], lut[i * 3 + 2]];
      table[i] = LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
    }
    packedTables.set(lut, table);
  }
  return table;
}

/**
 * Paints channel `channel` of `activation` into `target` with its top-left at (x0, y0),
 * each value as a `scale × scale` block, coloured through `lut` (RGB bytes, 256 entries).
 * One 32-bit write per pixel of the block's first row; its other rows are copies of that
 * row (a scaled-up 3×3 map is 100 pixels per value). With `step` > 1 only every step-th
 * value of every step-th row is painted, one pixel each (`scale` is then 1).
 */
export function paintChannel(
  target: PixelBuffer, activation: Activation, channel: number, range: Range,
  x0 = 0, y0 = 0, scale = 1, lut: Uint8Array = VIRIDIS, step = 1,
): void {
  const [mapHeight, mapWidth, channels] = mapSize(activation.shape);
  const [height, width] = [Math.ceil(mapHeight / step), Math.ceil(mapWidth / step)];
  const { data } = activation;
  const out = new Uint32Array(target.data.buffer, target.data.byteOffset, target.data.byteLength >> 2);
  const colours = packedTable(lut);
  const k = lutScale(range);
  const rowPixels = width * scale;
  const stride = channels * step;
  for (let y = 0; y < height; y++) {
    const row = (y0 + y * scale) * target.width + x0;
    let p = row;
    for (let x = 0, i = y * step * mapWidth * channels + channel; x < width; x++, i += stride) {
      const colour = colours[lutIndex(data[i], range.min, k)];
      for (let dx = 0; dx < scale; dx++) out[p++] = colour;
    }
    for (let dy = 1, to = row + target.width; dy < scale; dy++, to += target.width) {
      // A loop, not copyWithin: rows are short (30–90 pixels), a call each would cost more.
      for (let j = 0; j < rowPixels; j++) out[to + j] = out[row + j];
    }
  }
}

/** One channel painted alone at one pixel per value: the zoom view's picture. */
export function channelPixels(activation: Activation, channel: number, range: Range, lut: Uint8Array = VIRIDIS): PixelBuffer {
  const [height, width] = mapSize(activation.shape);
  const target = pixelBuffer(width, height);
  paintChannel(target, activation, channel, range, 0, 0, 1, lut);
  return target;
}

/**
 * Values (row-major, `width × height`) → pixels, min of `range` (default: the values' own
 * range) as the first viridis colour and max as the last.
 */
export function toPixels(values: ArrayLike<number>, width: number, height: number, range?: Range, lut: Uint8Array = VIRIDIS): PixelBuffer {
  const activation = { shape: [1, height, width, 1], data: Float32Array.from(values) };
  return channelPixels(activation, 0, range ?? channelStats(activation)[0], lut);
}

/** An empty (transparent) pixel buffer: a whole atlas, a band of it, or one map. */
export function pixelBuffer(width: number, height: number): PixelBuffer {
  return { width, height, data: new Uint8ClampedArray(width * height * 4) };
}

/**
 * Paints tiles [from, to) of the atlas: one channel per tile, tile i in `layout` position i.
 * `target` holds the atlas from `origin` on (a band of it, or all of it at 0, 0).
 */
export function paintTiles(
  target: PixelBuffer, layout: AtlasLayout, activation: Activation, ranges: readonly Range[],
  from: number, to: number, origin: { x: number; y: number } = { x: 0, y: 0 }, lut: Uint8Array = VIRIDIS,
): void {
  for (let i = from; i < Math.min(to, layout.count); i++) {
    const { x, y } = tileOrigin(layout, i);
    paintChannel(target, activation, i, ranges[i], x - origin.x, y - origin.y, layout.scale, lut, layout.step);
  }
}

/** Value at (row, column) of one channel. */
export function valueAt(activation: Activation, channel: number, row: number, column: number): number {
  const [, width, channels] = mapSize(activation.shape);
  return activation.data[(row * width + column) * channels + channel];
}
