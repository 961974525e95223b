/**
 * `convlens render` (the built CLI, plain Node) on the default model and Chelsea: one grid
 * PNG per drawn layer whose tiles, counted in the image itself, equal the layer's channels;
 * sampled tile pixels equal viridis of the engine's activations, normalised per channel
 * here with plain loops; the input pixelated; the colour bar; the lecture's summary table.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, ROOT } from './helpers/cli';
import { decodePng } from './helpers/png';
import { DEFAULT_MODEL_URL, loadFromDisk, useBackend } from './helpers/node-engine';
import { LECTURE_LAYERS } from './helpers/lecture-model';
import { summarize } from '../worker/engine/summary';
import { execute } from '../worker/engine/execute';
import { gradCam } from '../worker/engine/grad-cam';
// tfjs' gradients for the in-process Grad-CAM (tfjs-layers registers them, as in test/grad-cam.test.ts).
import '@tensorflow/tfjs-layers';
import { resizeNearest, toModelInput } from '../worker/image/resize';
import { VIRIDIS } from '../src/paint/viridis';
import type { LayerResult } from '../worker/contract';

const CHELSEA = `${ROOT}static/samples/chelsea.png`;
const MODEL = `${ROOT}models/cifar10/model.json`;
const LECTURE_ROWS = [
  ['conv2d (Conv2D)', '(None, 30, 30, 32)', '896'],
  ['max_pooling2d (MaxPooling2D)', '(None, 15, 15, 32)', '0'],
  ['conv2d_1 (Conv2D)', '(None, 13, 13, 64)', '18,496'],
  ['conv2d_2 (Conv2D)', '(None, 11, 11, 128)', '73,856'],
  ['max_pooling2d_1 (MaxPooling2D)', '(None, 5, 5, 128)', '0'],
  ['conv2d_3 (Conv2D)', '(None, 3, 3, 256)', '295,168'],
  ['flatten (Flatten)', '(None, 2304)', '0'],
  ['dense (Dense)', '(None, 128)', '295,040'],
  ['dropout (Dropout)', '(None, 128)', '0'],
  ['dense_1 (Dense)', '(None, 10)', '1,290'],
];

interface Rgb { width: number; height: number; at(x: number, y: number): [number, number, number] }

function readRgb(path: string): Rgb {
  const png = decodePng(readFileSync(path));
  const channels = png.colorType === 6 ? 4 : 3;
  return {
    width: png.width, height: png.height,
    at: (x, y) => {
      const i = (y * png.width + x) * channels;
      return [png.pixels[i], png.pixels[i + 1], png.pixels[i + 2]];
    },
  };
}

const isWhite = ([r, g, b]: number[]) => r === 255 && g === 255 && b === 255;

/** Runs of non-white pixels along a line: [start, end) of each tile crossed. */
function runs(length: number, pixel: (i: number) => number[]): [number, number][] {
  const found: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= length; i++) {
    const inside = i < length && !isWhite(pixel(i));
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) found.push([start, i]), (start = -1);
  }
  return found;
}

/** The tiles of a grid figure found in its pixels: origin and size of each, row by row. */
function findTiles(image: Rgb): { x: number; y: number; size: [number, number] }[] {
  // Tile 0's top-left corner: the first pixel that is not the white background.
  let corner = -1;
  for (let i = 0; i < image.width * image.height && corner < 0; i++) if (!isWhite(image.at(i % image.width, Math.floor(i / image.width)))) corner = i;
  const rows = runs(image.height, (y) => image.at(corner % image.width, y));
  return rows.flatMap(([y0, y1]) =>
    runs(image.width, (x) => image.at(x, (y0 + y1) >> 1)).map(([x0, x1]) => ({ x: x0, y: y0, size: [x1 - x0, y1 - y0] as [number, number] })));
}

/** The engine's activations for Chelsea, preprocessed as the lecture does. */
async function engineLayers(): Promise<LayerResult[]> {
  return (await engineRun()).results;
}

async function engineRun() {
  await useBackend('wasm');
  const loaded = await loadFromDisk(new URL(DEFAULT_MODEL_URL));
  const summary = summarize(loaded);
  const png = decodePng(readFileSync(CHELSEA));
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  for (let p = 0; p < png.width * png.height; p++) rgba.set([...png.pixels.subarray(p * 3, p * 3 + 3), 255], p * 4);
  const input = toModelInput(resizeNearest(rgba, png.width, png.height, 32, 32), 3, loaded.metadata.pixelScale);
  const results: LayerResult[] = [];
  await execute(loaded, input, {
    layers: summary.defaultLayers, probabilities: false, rowIndex: new Map(), isCancelled: () => false,
    onLayer: (result) => void results.push(result),
  });
  return { results, loaded, input, rgba: resizeNearest(rgba, png.width, png.height, 32, 32) };
}

/** matplotlib's mapping of `value` in [min, max] to a viridis entry: floor(t · 256), clamped. */
function expectedColour(value: number, min: number, max: number): number[] {
  const t = max > min ? (value - min) / (max - min) : 0;
  const i = t > 0 ? Math.min(255, Math.floor(t * 256)) : 0;
  return [VIRIDIS[i * 3], VIRIDIS[i * 3 + 1], VIRIDIS[i * 3 + 2]];
}

const Render = suite('convlens render: the lecture figures of the default model on Chelsea');
const out = mkdtempSync(join(tmpdir(), 'convlens-render-'));
let result: Awaited<ReturnType<typeof runCli>>;
Render.before(async () => {
  result = await runCli(['render', MODEL, CHELSEA, '--out', out]);
});

Render('exits 0, names every file it wrote, and reports progress on stderr', () => {
  assert.is(result.code, 0, result.stderr);
  const written = result.stdout.trim().split('\n');
  assert.ok(written.includes(join(out, 'input.png')));
  LECTURE_LAYERS.forEach((layer, i) => assert.ok(written.includes(join(out, `0${i + 1}-${layer}.png`)), layer));
  assert.match(result.stderr, /conv2d_3 6\/6/);
  assert.match(result.stderr, /top class: cat/);
});

Render('writes one grid per layer with as many tiles as the layer has channels, in rows of 8', () => {
  const channels = [32, 32, 64, 128, 128, 256];
  LECTURE_LAYERS.forEach((layer, i) => {
    const tiles = findTiles(readRgb(join(out, `0${i + 1}-${layer}.png`)));
    assert.is(tiles.length, channels[i], layer);
    assert.is(tiles.filter((tile) => tile.y === tiles[0].y).length, 8, `${layer}: 8 tiles a row`);
  });
  // The lecture's 4×8 for conv2d's 32 filters.
  const conv2d = findTiles(readRgb(join(out, '01-conv2d.png')));
  assert.is(new Set(conv2d.map((tile) => tile.y)).size, 4);
});

Render('colours each sampled value as viridis of the engine activation, normalised per channel', async () => {
  const layers = await engineLayers();
  let checked = 0;
  for (const [i, layer] of layers.entries()) {
    const [, height, width, channels] = layer.shape;
    const image = readRgb(join(out, `0${i + 1}-${layer.name}.png`));
    const tiles = findTiles(image);
    const scale = tiles[0].size[0] / width;
    assert.ok(Number.isInteger(scale) && tiles[0].size[1] === height * scale, `${layer.name}: square values`);
    for (const c of [0, 1, Math.floor(channels / 2), channels - 1]) {
      let min = Infinity, max = -Infinity;
      for (let p = 0; p < height * width; p++) {
        const v = layer.data[p * channels + c];
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      for (const [row, col] of [[0, 0], [height >> 1, width >> 1], [height - 1, width - 1], [1, width - 2]]) {
        const value = layer.data[(row * width + col) * channels + c];
        const pixel = image.at(tiles[c].x + col * scale + (scale >> 1), tiles[c].y + row * scale + (scale >> 1));
        assert.equal(pixel, expectedColour(value, min, max), `${layer.name} channel ${c} (${row}, ${col}) = ${value} in [${min}, ${max}]`);
        checked++;
      }
    }
  }
  assert.is(checked, 6 * 4 * 4);
});

Render('draws the input as the network sees it: 32×32, each pixel a sharp square', () => {
  const image = readRgb(join(out, 'input.png'));
  assert.is(image.width, image.height);
  const scale = image.width / 32;
  assert.ok(Number.isInteger(scale) && scale >= 8, `scale ${scale}`);
  const png = decodePng(readFileSync(CHELSEA));
  const xs = Array.from({ length: 32 }, (_, i) => Math.floor(((i + 0.5) * png.width) / 32));
  const ys = Array.from({ length: 32 }, (_, i) => Math.floor(((i + 0.5) * png.height) / 32));
  for (const [y, x] of [[0, 0], [10, 20], [31, 31], [16, 5]]) {
    const source = (ys[y] * png.width + xs[x]) * 3;
    const expected = [...png.pixels.subarray(source, source + 3)];
    assert.equal(image.at(x * scale, y * scale), expected);
    assert.equal(image.at(x * scale + scale - 1, y * scale + scale - 1), expected);
  }
});

Render('draws one channel as plt.matshow does, with the viridis colour bar beside it (max on top)', () => {
  const image = readRgb(join(out, '01-conv2d-c0.png'));
  const middle = image.height >> 1;
  const bar = runs(image.width, (x) => image.at(x, middle)).at(-1)!;
  const x = (bar[0] + bar[1]) >> 1;
  const [top, bottom] = runs(image.height, (y) => image.at(x, y))[0];
  assert.equal(image.at(x, top), [0xfd, 0xe7, 0x25]);
  assert.equal(image.at(x, bottom - 1), [0x44, 0x01, 0x54]);
});

Render('lays Grad-CAM of the top class (cat, from conv2d_3) over the input: bilinear, viridis, half opacity', async () => {
  const { loaded, input, rgba } = await engineRun();
  const cam = await gradCam(loaded, input);
  assert.equal([cam.layer, cam.classIndex, cam.shape], ['conv2d_3', 3, [3, 3]]);
  const manifest = JSON.parse(readFileSync(join(out, 'figures.json'), 'utf8'));
  assert.equal([manifest.gradcam.file, manifest.gradcam.className], ['gradcam.png', 'cat']);
  const image = readRgb(join(out, 'gradcam.png'));
  const scale = image.width / 32;
  // The map upsampled at pixel centres by hand: source coordinate (i + 0.5) · 3/32 − 0.5, clamped.
  const at = (y: number, x: number) => {
    const c = (i: number) => Math.min(2, Math.max(0, ((i + 0.5) * 3) / 32 - 0.5));
    const [sy, sx] = [c(y), c(x)];
    const [y0, x0] = [Math.floor(sy), Math.floor(sx)];
    const [y1, x1] = [Math.min(2, y0 + 1), Math.min(2, x0 + 1)];
    const m = (r: number, q: number) => cam.map[r * 3 + q];
    return (m(y0, x0) * (1 - (sx - x0)) + m(y0, x1) * (sx - x0)) * (1 - (sy - y0)) + (m(y1, x0) * (1 - (sx - x0)) + m(y1, x1) * (sx - x0)) * (sy - y0);
  };
  let max = 0;
  for (let y = 0; y < 32; y++) for (let x = 0; x < 32; x++) max = Math.max(max, at(y, x));
  assert.ok(max > 0, 'the map is not all zero');
  for (const [y, x] of [[0, 0], [5, 27], [16, 16], [31, 2], [20, 9]]) {
    const colour = expectedColour(at(y, x), 0, max);
    const expected = [0, 1, 2].map((k) => Math.round((rgba[(y * 32 + x) * 4 + k] + colour[k]) / 2));
    assert.equal(image.at(x * scale + 1, y * scale + 1), expected, `(${y}, ${x})`);
  }
});

Render('writes the summary as the lecture prints it: rows, shapes, parameters, 684,746 in total', () => {
  const markdown = readFileSync(join(out, 'summary.md'), 'utf8');
  const rows = markdown.split('\n').filter((line) => line.startsWith('| '))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim())).filter((cells) => /^[\d,]+$/.test(cells[2]));
  assert.equal(rows, LECTURE_ROWS);
  assert.match(markdown, /^Total params: 684,746 {2}$/m);
  assert.match(markdown, /^Trainable params: 684,746 {2}$/m);
  assert.match(markdown, /^Non-trainable params: 0$/m);
});

Render.run();

const Options = suite('convlens render --format svg --lang ko, --normalize layer');
const svgOut = mkdtempSync(join(tmpdir(), 'convlens-render-svg-'));
Options.after(() => [out, svgOut].forEach((dir) => rmSync(dir, { recursive: true, force: true })));

// Compared with the PNG figures the first suite wrote in `out`.
Options('SVG: the same pixels as the PNG under a Korean title, the colour bar ticks as text', async () => {
  const result = await runCli(['render', MODEL, CHELSEA, '--out', svgOut, '--layers', 'conv2d', '--format', 'svg', '--lang', 'ko']);
  assert.is(result.code, 0, result.stderr);
  const grid = readFileSync(join(svgOut, '01-conv2d.svg'), 'utf8');
  assert.match(grid, '>conv2d (None, 30, 30, 32): 필터 32개</text>');
  const embedded = Buffer.from(/href="data:image\/png;base64,([^"]+)"/.exec(grid)![1], 'base64');
  const fromPng = decodePng(readFileSync(join(out, '01-conv2d.png')));
  const fromSvg = decodePng(embedded);
  assert.equal([fromSvg.width, fromSvg.height], [fromPng.width, fromPng.height]);
  assert.ok(Buffer.from(fromSvg.pixels).equals(Buffer.from(fromPng.pixels)), 'same pixels');
  const matshow = readFileSync(join(svgOut, '01-conv2d-c0.svg'), 'utf8');
  assert.match(matshow, '>conv2d · 필터 0 (0–31)</text>');
  const ticks = [...matshow.matchAll(/dominant-baseline="middle">([^<]+)<\/text>/g)].map((match) => match[1]);
  const layer = (await engineLayers())[0];
  let max = -Infinity;
  for (let p = 0; p < 30 * 30; p++) max = Math.max(max, layer.data[p * 32]);
  assert.equal(ticks, [String(Number(max.toPrecision(3))), ...ticks.slice(1, 4), '0']);
  assert.match(readFileSync(join(svgOut, 'summary.md'), 'utf8'), /^\| 층 \(종류\) \| 출력 형태 \| 파라미터 수 \|$/m);
});

Options('--normalize layer: every tile of a layer coloured over the layer\'s one range', async () => {
  const layerOut = join(svgOut, 'layer');
  const result = await runCli(['render', MODEL, CHELSEA, '--out', layerOut, '--layers', 'conv2d', '--normalize', 'layer']);
  assert.is(result.code, 0, result.stderr);
  const layer = (await engineLayers())[0];
  let min = Infinity, max = -Infinity;
  for (const v of layer.data) (min = Math.min(min, v)), (max = Math.max(max, v));
  const image = readRgb(join(layerOut, '01-conv2d.png'));
  const tiles = findTiles(image);
  const scale = tiles[0].size[0] / 30;
  for (const c of [0, 5, 31]) {
    for (const [row, col] of [[3, 4], [15, 15], [29, 0]]) {
      const value = layer.data[(row * 30 + col) * 32 + c];
      assert.equal(image.at(tiles[c].x + col * scale, tiles[c].y + row * scale), expectedColour(value, min, max), `channel ${c}`);
    }
  }
});

Options.run();
