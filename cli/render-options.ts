/** `convlens render` arguments → options, with a usage error for each misuse. */
import { parseArgs } from 'node:util';
import { NORMALIZE_MODES, type Normalize } from '../src/paint/paint';
import { LANGS, type Lang } from '../src/languages/i18n';
import { UsageError } from './errors';

export const RENDER_USAGE = `usage: convlens render MODEL PHOTO --out DIR [options]

Draws the lecture's figures with the widget's engine (tfjs on WASM, in Node) for slides:
  input.png            the photo as the network sees it (e.g. 32×32), pixelated
  gradcam.png          Grad-CAM of the top class over that photo (viridis at half opacity),
                       from the last layer with maps before the classifier
  NN-LAYER.png         every filter of each drawn layer, viridis tiles in rows of 8
                       (the lecture's 4×8 for 32 filters); one tile per channel
  NN-LAYER-cK.png      channel K of each layer as plt.matshow draws it, with its colour bar
  summary.md           the model summary (Keras' model.summary()) as a Markdown table
  figures.json         every figure's layer, shape, tile geometry and colour ranges
PNG figures carry no text (title them in your slide's own font); --format svg adds the
titles and the colour bar's ticks as SVG text, in --lang.

MODEL   model.json (weight files beside it), Keras .h5 / .keras, or any file the widget reads
PHOTO   a PNG or JPEG photo

options:
  --out DIR             folder to write into (created if needed)            [required]
  --layers a,b,...      layers to draw (default: every conv and pooling layer)
  --channel K           the channel of the matshow figures (default 0)
  --normalize MODE      channel (each filter its own range, as plt.matshow; default),
                        layer (one range per layer) or global (one range for all)
  --columns N           tiles per row (default 8)
  --scale N             pixels per value (default: about 160 px per tile, 480 px per map)
  --format png|svg      (default png)
  --lang en|ko          words in SVG titles, summary.md and messages (default en)
  --pixel-scale S       1 (0–255 pixels) or 1/255; default: the model's own, else 1
  -h, --help            this text`;

export interface RenderOptions {
  model: string;
  photo: string;
  out: string;
  layers: string[] | null;
  channel: number;
  normalize: Normalize;
  columns: number;
  scale: number | null;
  format: 'png' | 'svg';
  lang: Lang;
  pixelScale: number | null;
}

/** Parses argv after `render`; returns null for --help. */
export function parseRenderArgs(argv: string[]): RenderOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        out: { type: 'string' }, layers: { type: 'string' }, channel: { type: 'string' }, normalize: { type: 'string' },
        columns: { type: 'string' }, scale: { type: 'string' }, format: { type: 'string' }, lang: { type: 'string' },
        'pixel-scale': { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 2) throw new UsageError(`expected MODEL and PHOTO, got ${positionals.length} argument(s)`);
  if (!values.out) throw new UsageError('--out DIR is required');
  return {
    model: positionals[0],
    photo: positionals[1],
    out: values.out,
    layers: values.layers ? values.layers.split(/[\s,]+/).filter(Boolean) : null,
    channel: integer('--channel', values.channel, 0, 0),
    normalize: oneOf('--normalize', values.normalize, NORMALIZE_MODES, 'channel'),
    columns: integer('--columns', values.columns, 8, 1),
    scale: values.scale === undefined ? null : integer('--scale', values.scale, 1, 1),
    format: oneOf('--format', values.format, ['png', 'svg'] as const, 'png'),
    lang: oneOf('--lang', values.lang, LANGS, 'en'),
    pixelScale: values['pixel-scale'] === undefined ? null : pixelScale(values['pixel-scale']),
  };
}

function integer(name: string, text: string | undefined, fallback: number, least: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < least) throw new UsageError(`${name} must be an integer of at least ${least}, not "${text}"`);
  return n;
}

function oneOf<T extends string>(name: string, text: string | undefined, allowed: readonly T[], fallback: T): T {
  if (text === undefined) return fallback;
  if (!allowed.includes(text as T)) throw new UsageError(`${name} must be one of ${allowed.join(', ')}, not "${text}"`);
  return text as T;
}

/** "1", "1/255" or a positive decimal. */
export function pixelScale(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/(\d+(?:\.\d+)?))?$/.exec(text.trim());
  const scale = match ? Number(match[1]) / (match[2] === undefined ? 1 : Number(match[2])) : NaN;
  if (!Number.isFinite(scale) || scale <= 0) throw new UsageError(`--pixel-scale must be 1 (0–255 pixels) or 1/255 (pixels in [0, 1]), not "${text}"`);
  return scale;
}
