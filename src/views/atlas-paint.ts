/**
 * Paints a layer's atlas canvas in short steps: a band of tiles per step (about 16 K canvas
 * pixels), the grid's own maps and then what the instruments add to the same tiles, each
 * band allocated and sent to the canvas alone, so no step becomes a long task.
 */
import { context2d } from './dom';
import { tileChunk, type AtlasLayout } from '../paint/layout';
import { paintTiles, pixelBuffer, type Activation, type Range } from '../paint/paint';
import { paintInChunks, type PaintJob } from '../paint/paint-scheduler';
import type { TileExtra } from './tile-extras';

/**
 * Canvas pixels painted per step before the scheduler checks its time budget: about a
 * millisecond on a slow phone, so no step becomes a long task (a VGG 224×224 tile is one step).
 */
export const PIXELS_PER_STEP = 16_384;

export interface AtlasPaint {
  canvas: HTMLCanvasElement;
  layout: AtlasLayout;
  activation: Activation;
  ranges: readonly Range[];
  extras: readonly TileExtra[];
  /** Tiles [from, to) were painted. */
  onStep(from: number, to: number): void;
}

/** Queues the painting of every tile of `paint.layout`; the canvas takes the layout's size now. */
export function paintAtlas({ canvas, layout, activation, ranges, extras, onStep }: AtlasPaint): PaintJob {
  const context = context2d(canvas);
  if (canvas.width !== layout.width) canvas.width = layout.width;
  if (canvas.height !== layout.height) canvas.height = layout.height;
  let next = 0;
  return paintInChunks(() => {
    const { to, band } = tileChunk(layout, next, PIXELS_PER_STEP);
    const pixels = pixelBuffer(band.width, band.height);
    paintTiles(pixels, layout, activation, ranges, next, to, band);
    for (const extra of extras) extra.paint(pixels, layout, next, to, band, ranges, activation);
    if (context && typeof ImageData !== 'undefined') {
      context.putImageData(new ImageData(pixels.data as Uint8ClampedArray<ArrayBuffer>, band.width, band.height), band.x, band.y);
    }
    onStep(next, to);
    next = to;
    return next < layout.count;
  });
}
