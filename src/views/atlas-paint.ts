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

/**
 * The first step's pixels. The first atlas a page paints runs in V8's interpreter: a full step
 * took 9–38 ms at full speed (bench, 2026-12-01), a long frame on a slow phone. Steps start an
 * eighth of the size and double while a step stays under STEP_GROW_MS, up to PIXELS_PER_STEP.
 */
export const FIRST_STEP_PIXELS = PIXELS_PER_STEP / 8;
const STEP_GROW_MS = 1;

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
  let budget = FIRST_STEP_PIXELS;
  return paintInChunks(() => {
    const started = performance.now();
    const { to, band } = tileChunk(layout, next, budget);
    const pixels = pixelBuffer(band.width, band.height);
    paintTiles(pixels, layout, activation, ranges, next, to, band);
    for (const extra of extras) extra.paint(pixels, layout, next, to, band, ranges, activation);
    if (context && typeof ImageData !== 'undefined') {
      context.putImageData(new ImageData(pixels.data as Uint8ClampedArray<ArrayBuffer>, band.width, band.height), band.x, band.y);
    }
    onStep(next, to);
    next = to;
    if (performance.now() - started < STEP_GROW_MS) budget = Math.min(PIXELS_PER_STEP, budget * 2);
    return next < layout.count;
  });
}
