/**
 * `convlens render MODEL PHOTO --out DIR`: computes the layers (render-compute.ts), draws
 * the figures (render/), writes them with summary.md and figures.json, and prints each path.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mapSize, unionRange, type Range } from '../src/paint/paint';
import type { LayerResult } from '../worker/contract';
import { autoScale, channelFigure, gradCamFigure, gridFigure, inputFigure, rangesOf } from '../render/figures';
import { labels, type Labels } from '../render/labels';
import { encodePng } from '../render/png';
import { summaryMarkdown } from '../render/summary-md';
import { figureSvg } from '../render/svg';
import type { PixelBuffer } from '../src/paint/paint';
import { compute, type Computed } from './render-compute';
import { RENDER_USAGE, parseRenderArgs, type RenderOptions } from './render-options';
import { reportError } from './errors';

/** Pixels across a grid tile and a matshow map when --scale is not given. */
const TILE_TARGET = 160;
const MAP_TARGET = 480;

interface FigureRecord {
  file: string;
  kind: 'input' | 'gradcam' | 'grid' | 'channel';
  [key: string]: unknown;
}

export async function renderCommand(argv: string[]): Promise<void> {
  let options: RenderOptions | null = null;
  try {
    options = parseRenderArgs(argv);
    if (!options) return void console.log(RENDER_USAGE);
    const log = (line: string) => console.error(line);
    const computed = await compute(options.model, options.photo, { layers: options.layers, pixelScale: options.pixelScale, log });
    await mkdir(options.out, { recursive: true });
    const figures = await writeFigures(computed, options, labels(options.lang));
    await writeFile(join(options.out, 'summary.md'), summaryMarkdown(computed.summary, labels(options.lang)));
    await writeFile(join(options.out, 'figures.json'), JSON.stringify(manifest(computed, options, figures), null, 1) + '\n');
    for (const figure of figures) console.log(join(options.out, figure.file));
    console.log(join(options.out, 'summary.md'));
    const top = computed.prediction?.top[0];
    if (top) console.error(`top class: ${top.name} (${top.probability.toFixed(2)})`);
  } catch (error) {
    reportError('render', error, options?.lang ?? 'en', RENDER_USAGE);
  }
}

async function writeFigures(computed: Computed, options: RenderOptions, words: Labels): Promise<FigureRecord[]> {
  const write = (name: string, image: PixelBuffer, title: string, bar?: Parameters<typeof figureSvg>[2]) => {
    const file = `${name}.${options.format}`;
    const body = options.format === 'png' ? encodePng(image) : figureSvg(image, title, bar);
    return writeFile(join(options.out, file), body).then(() => file);
  };
  const [height, width, channels] = computed.summary.inputShape;
  const inputScale = options.scale ?? autoScale(height, width, MAP_TARGET);
  const grey = channels === 1 ? Array.from(computed.input, (v) => v / computed.pixelScale) : undefined;
  const figures: FigureRecord[] = [
    { file: await write('input', inputFigure(computed.rgba, width, height, inputScale, grey), words.input(width, height)), kind: 'input', scale: inputScale, width, height },
  ];
  const cam = computed.gradcam;
  if (cam) {
    const className = computed.summary.metadata.classNames?.[cam.classIndex] ?? String(cam.classIndex);
    const image = gradCamFigure(computed.rgba, width, height, cam.map, cam.shape[0], cam.shape[1], inputScale);
    const file = await write('gradcam', image, words.gradcam(className, cam.layer));
    figures.push({ file, kind: 'gradcam', layer: cam.layer, classIndex: cam.classIndex, className, shape: cam.shape, scale: inputScale });
  }
  const global = unionRange(computed.layers.flatMap((layer) => rangesOf(layer, 'channel')));
  for (const [i, layer] of computed.layers.entries()) {
    const prefix = `${String(i + 1).padStart(2, '0')}-${safeName(layer.name)}`;
    figures.push(...(await layerFigures(layer, prefix, global, options, words, write)));
  }
  return figures;
}

type Write = (name: string, image: PixelBuffer, title: string, bar?: Parameters<typeof figureSvg>[2]) => Promise<string>;

/** The grid of every channel of `layer`, and channel --channel as a matshow figure. */
async function layerFigures(layer: LayerResult, prefix: string, global: Range, options: RenderOptions, words: Labels, write: Write): Promise<FigureRecord[]> {
  const [height, width, channels] = mapSize(layer.shape);
  const ranges = rangesOf(layer, options.normalize, global);
  const gridScale = options.scale ?? autoScale(height, width, TILE_TARGET);
  const grid = gridFigure(layer, ranges, options.columns, gridScale);
  const shape = [null, ...layer.shape.slice(1)];
  const out: FigureRecord[] = [
    { file: await write(prefix, grid.image, words.grid(layer.name, shape, channels)), kind: 'grid', layer: layer.name, shape: layer.shape, ...grid.geometry, ranges },
  ];
  if (options.channel >= channels) {
    console.error(`note: ${layer.name} has ${channels} channels, so it has no channel ${options.channel} figure`);
    return out;
  }
  const c = options.channel;
  const mapScale = options.scale ?? autoScale(height, width, MAP_TARGET);
  const figure = channelFigure(layer, c, ranges[c], mapScale);
  const g = figure.geometry;
  const bar = { right: g.barX + g.barWidth, top: g.mapY, height: g.mapHeight, min: figure.range.min, max: figure.range.max };
  const file = await write(`${prefix}-c${c}`, figure.image, words.channel(layer.name, c, channels), bar);
  out.push({ file, kind: 'channel', layer: layer.name, channel: c, ...g, range: figure.range });
  return out;
}

function manifest(computed: Computed, options: RenderOptions, figures: FigureRecord[]) {
  return {
    model: options.model,
    photo: options.photo,
    normalize: options.normalize,
    pixelScale: computed.pixelScale,
    top: computed.prediction?.top ?? null,
    gradcam: figures.find((figure) => figure.kind === 'gradcam') ?? null,
    figures,
  };
}

/** Layer names become file names: anything but letters, digits, - and _ turns into _. */
function safeName(name: string): string {
  return name.replace(/[^\w-]/g, '_');
}
