/**
 * A comparison's pure parts: tiles of two or three maps and the kernel box in the atlas
 * geometry, the difference A − B painted into a band as a plain loop written here says,
 * one colour range per pair, photo B's maps and the first layer's kernels painted into the
 * grid's bands (compareTiles, kernelTiles) at the places the layout gives.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { atlasLayout, fitColumns, kernelBox, kernelOrigin, panelOrigin, PAIR_GAP, PANEL_GAP, TILE_GAP } from '../src/paint/layout';
import { differenceMax, differencePixels, diverging, paintDifference } from '../src/paint/compare-paint';
import { channelStats, pixelBuffer, type Activation } from '../src/paint/paint';
import { layerStats } from '../worker/engine/channel-stats';
import { VIRIDIS } from '../src/paint/viridis';
import { compareTiles, pairRanges } from '../src/views/instruments/compare/compare-tiles';
import { kernelTiles } from '../src/views/instruments/kernel-tiles';
import { INSTRUMENT_MESSAGES } from '../src/views/instruments/messages';

/** A [1, h, w, c] activation whose value at (y, x, k) is f(y, x, k). */
function activation(h: number, w: number, c: number, f: (y: number, x: number, k: number) => number): Activation {
  const data = new Float32Array(h * w * c);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let k = 0; k < c; k++) data[(y * w + x) * c + k] = f(y, x, k);
  return { shape: [1, h, w, c], data };
}

const rgb = (data: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(data.slice((y * width + x) * 4, (y * width + x) * 4 + 3));

const layout = suite('atlas layout with pairs and kernel boxes');

layout('a pair is two maps one pixel apart, pairs a wider gap apart', () => {
  const l = atlasLayout(30, 30, 32, 4, Infinity, { panels: 2 });
  assert.equal([l.panels, l.panelWidth, l.tileWidth, l.gap], [2, 30, 30 + PANEL_GAP + 30, PAIR_GAP]);
  assert.equal(panelOrigin(l, 5, 1), { x: (l.tileWidth + PAIR_GAP) + 31, y: 30 + PAIR_GAP });
  assert.is(l.width, 4 * 61 + 3 * PAIR_GAP);
});

layout('a 3×3 kernel beside a 30-pixel map gets 3 pixels per weight, and the map keeps its size', () => {
  assert.is(kernelBox(30, 3), 9);
  assert.is(kernelBox(24, 5), 10);
  const l = atlasLayout(30, 30, 32, 8, Infinity, { kernel: 3 });
  assert.equal([l.panelWidth, l.side, l.tileWidth, l.tileHeight, l.gap], [30, 9, 30 + PANEL_GAP + 9, 30, TILE_GAP]);
  assert.equal(kernelOrigin(l, 9), { x: l.tileWidth + TILE_GAP + 31, y: 30 + TILE_GAP });
});

layout('pairs fit half as many per row, at least 4 (8 maps) on a phone', () => {
  assert.is(fitColumns(32, 30, 330, 2), 4);
  assert.ok(fitColumns(32, 30, 984, 2) * 2 <= fitColumns(32, 30, 984, 1) + 1);
});

layout.run();

const diff = suite('A − B');

diff('is red where A is higher, blue where B is, light grey where they agree, scaled by the largest |A − B|', () => {
  assert.equal(diverging(1), [255, 0, 0]);
  assert.equal(diverging(-1), [0, 0, 255]);
  assert.equal(diverging(0), [242, 242, 242]);
  const a = activation(2, 3, 2, (y, x, k) => k === 1 ? y * 3 + x : 0);
  const b = activation(2, 3, 2, () => 2);
  assert.is(differenceMax(a, b, 1), 3, 'values 0…5 against 2: the largest |A − B| is 3');
  const out = differencePixels(a, b, 1);
  for (let i = 0; i < 6; i++) {
    const d = (i - 2) / 3;
    const strong = Math.round(242 + 13 * Math.abs(d));
    const fade = Math.round(242 * (1 - Math.abs(d)));
    assert.equal(rgb(out.data, 3, i % 3, Math.floor(i / 3)), d >= 0 ? [strong, fade, fade] : [fade, fade, strong], `cell ${i}`);
  }
});

diff('paints into a band at an offset, each value a scale × scale block', () => {
  const a = activation(2, 2, 1, (y, x) => y * 2 + x);
  const b = activation(2, 2, 1, () => 0);
  const target = pixelBuffer(10, 6);
  paintDifference(target, a, b, 0, 3, 2, 1, 2);
  assert.equal(rgb(target.data, 10, 2, 1), [242, 242, 242], 'value 0 at (2, 1)');
  assert.equal(rgb(target.data, 10, 5, 4), [255, 0, 0], 'value 3, the largest, fills its block to (5, 4)');
  assert.equal(Array.from(target.data.slice(0, 4)), [0, 0, 0, 0], 'outside the block nothing');
});

diff.run();

const tiles = suite('compareTiles and kernelTiles');

tiles('one range per pair: A\'s joined with B\'s', () => {
  assert.equal(pairRanges([{ min: 0, max: 1 }, { min: -1, max: 0 }], [{ min: 0.5, max: 3 }, { min: -2, max: -1.5 }]), [{ min: 0, max: 3 }, { min: -2, max: 0 }]);
});

tiles('paint photo B\'s map beside A\'s on the pair\'s range, and A − B third', () => {
  const a = activation(3, 3, 2, (y, x, k) => (y * 3 + x) * (k + 1));
  const b = activation(3, 3, 2, (y, x) => 8 - (y * 3 + x));
  const stats = layerStats(b.data, 2);
  const extra = compareTiles({ b: { name: 'l', index: 0, shape: b.shape, data: b.data, stats, ms: 0, fetchMs: 0 }, difference: true, normalize: () => 'channel', bGlobal: { min: 0, max: 8 }, messages: () => INSTRUMENT_MESSAGES.en });
  const l = atlasLayout(3, 3, 2, 2, Infinity, { panels: 3 });
  const ranges = extra.ranges!(channelStats(a).map(({ min, max }) => ({ min, max })));
  assert.equal(ranges, [{ min: 0, max: 8 }, { min: 0, max: 16 }]);
  const target = pixelBuffer(l.width, l.height);
  extra.paint(target, l, 0, 2, { x: 0, y: 0 }, ranges, a);
  const b1 = panelOrigin(l, 1, 1);
  // B's cell (0, 0) of channel 1 is 8 on [0, 16]: viridis entry floor(0.5 · 256) = 128.
  assert.equal(rgb(target.data, l.width, b1.x, b1.y), Array.from(VIRIDIS.slice(128 * 3, 128 * 3 + 3)));
  const d0 = panelOrigin(l, 0, 2);
  // A − B of channel 0 at (0, 0) is 0 − 8 = −8, the largest |A − B|: full blue.
  assert.equal(rgb(target.data, l.width, d0.x, d0.y), [0, 0, 255]);
  assert.match(extra.label!(1, 'own')!, /^A: own; B: max 8, 11% zero$/);
});

tiles('paint each kernel in the box beside its map, weights as 128 + 127·w/max', () => {
  const kernel = { shape: [3, 3, 3, 2], data: Float32Array.from({ length: 54 }, (_, i) => (i % 7) - 3) };
  const l = atlasLayout(30, 30, 2, 2, Infinity, { kernel: 3 });
  const target = pixelBuffer(l.width, l.height);
  kernelTiles(kernel).paint(target, l, 0, 2, { x: 0, y: 0 }, [], activation(30, 30, 2, () => 0));
  const block = l.side / 3;
  for (let f = 0; f < 2; f++) {
    const origin = kernelOrigin(l, f);
    for (let i = 0; i < 9; i++) {
      const got = rgb(target.data, l.width, origin.x + (i % 3) * block + 1, origin.y + Math.floor(i / 3) * block + 1);
      assert.equal(got, [0, 1, 2].map((c) => Math.round(128 + (127 * kernel.data[(i * 3 + c) * 2 + f]) / 3)), `filter ${f} weight ${i}`);
    }
  }
});

tiles.run();
