import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  pixelBuffer, channelPixels, paintChannel, channelRanges, channelStats, inactiveCount, paintTiles, toPixels, unionRange, valueAt,
} from '../src/paint/paint';
import { atlasLayout, tileOrigin } from '../src/paint/layout';
import { VIRIDIS } from '../src/paint/viridis';

const FIRST = [0x44, 0x01, 0x54, 255];
const LAST = [0xfd, 0xe7, 0x25, 255];
const pixel = (data: Uint8ClampedArray, i: number) => [...data.slice(i * 4, i * 4 + 4)];
const colour = (index: number) => [...VIRIDIS.slice(index * 3, index * 3 + 3), 255];

const toPixelsSuite = suite('toPixels');

toPixelsSuite('paints the minimum as the first viridis colour and the maximum as the last', () => {
  const out = toPixels([2, 5, 8, 11], 2, 2);
  assert.equal(pixel(out.data, 0), FIRST);
  assert.equal(pixel(out.data, 3), LAST);
});

toPixelsSuite('paints a constant channel entirely in the first colour', () => {
  const out = toPixels([3, 3, 3, 3, 3, 3], 3, 2);
  for (let i = 0; i < 6; i++) assert.equal(pixel(out.data, i), FIRST);
});

toPixelsSuite('maps the middle of the range to entry 128, as floor(t · 256)', () => {
  const out = toPixels([0, 0.5, 1], 3, 1);
  assert.equal(pixel(out.data, 1), colour(128));
});

toPixelsSuite('clamps values outside a given range to the ends', () => {
  const out = toPixels([-5, 50], 2, 1, { min: 0, max: 10 });
  assert.equal(pixel(out.data, 0), FIRST);
  assert.equal(pixel(out.data, 1), LAST);
});

toPixelsSuite('is opaque and row-major with the given size', () => {
  const out = toPixels([0, 1, 2, 3, 4, 5], 3, 2);
  assert.is(out.width, 3);
  assert.is(out.height, 2);
  assert.is(out.data.length, 24);
  assert.equal(pixel(out.data, 5), LAST);
  for (let i = 0; i < 6; i++) assert.is(out.data[i * 4 + 3], 255);
});

toPixelsSuite.run();

// A 2×2 map with 3 channels, NHWC: channel 0 = 0,1,2,3; channel 1 = all zero; channel 2 = 5,5,5,-1.
const activation = {
  shape: [1, 2, 2, 3],
  data: Float32Array.from([0, 0, 5, 1, 0, 5, 2, 0, 5, 3, 0, -1]),
};

const statsSuite = suite('channelStats');

statsSuite('reads min, max and zero share of every channel from NHWC data', () => {
  const stats = channelStats(activation);
  assert.equal(stats.map((s) => [s.min, s.max]), [[0, 3], [0, 0], [-1, 5]]);
  assert.equal(stats.map((s) => s.zeroFraction), [0.25, 1, 0]);
});

statsSuite('marks only all-zero channels inactive', () => {
  const stats = channelStats(activation);
  assert.equal(stats.map((s) => s.inactive), [false, true, false]);
  assert.is(inactiveCount(stats), 1);
});

statsSuite.run();

const rangesSuite = suite('channelRanges');

rangesSuite('uses each channel’s own range in channel mode (matshow)', () => {
  assert.equal(channelRanges(channelStats(activation), 'channel'), [{ min: 0, max: 3 }, { min: 0, max: 0 }, { min: -1, max: 5 }]);
});

rangesSuite('uses the layer’s range for every channel in layer mode', () => {
  const ranges = channelRanges(channelStats(activation), 'layer');
  assert.equal(ranges, [{ min: -1, max: 5 }, { min: -1, max: 5 }, { min: -1, max: 5 }]);
});

rangesSuite('uses the given global range in global mode', () => {
  const ranges = channelRanges(channelStats(activation), 'global', { min: -9, max: 9 });
  assert.equal(ranges[1], { min: -9, max: 9 });
});

rangesSuite('unions ranges, and gives 0..0 for none', () => {
  assert.equal(unionRange([{ min: 1, max: 2 }, { min: -1, max: 0.5 }]), { min: -1, max: 2 });
  assert.equal(unionRange([]), { min: 0, max: 0 });
});

rangesSuite.run();

const atlasSuite = suite('paintTiles');

atlasSuite('paints each channel into its own tile of the atlas, scaled up, gaps left transparent', () => {
  const layout = atlasLayout(2, 2, 3, 8);
  const buffer = pixelBuffer(layout.width, layout.height);
  paintTiles(buffer, layout, activation, channelRanges(channelStats(activation), 'channel'), 0, 3);
  const at = (x: number, y: number) => pixel(buffer.data, y * buffer.width + x);
  const t2 = tileOrigin(layout, 2);
  assert.equal(at(0, 0), FIRST, 'channel 0 value 0');
  assert.equal(at(layout.tileWidth - 1, layout.tileHeight - 1), LAST, 'channel 0 value 3, last pixel of its block');
  assert.equal(at(tileOrigin(layout, 1).x, 0), FIRST, 'dead channel');
  assert.equal(at(t2.x + layout.tileWidth - 1, t2.y + layout.tileHeight - 1), FIRST, 'channel 2 value -1 is its minimum');
  assert.equal(at(t2.x, t2.y), LAST, 'channel 2 value 5 is its maximum');
  assert.equal(at(layout.tileWidth, 0), [0, 0, 0, 0], 'gap');
});

atlasSuite('paints only the tiles asked for', () => {
  const layout = atlasLayout(2, 2, 3, 8);
  const buffer = pixelBuffer(layout.width, layout.height);
  paintTiles(buffer, layout, activation, channelRanges(channelStats(activation), 'channel'), 1, 2);
  assert.is(buffer.data[3], 0, 'tile 0 untouched');
  assert.is(buffer.data[tileOrigin(layout, 1).x * 4 + 3], 255, 'tile 1 painted');
});

atlasSuite('paints a band of the atlas exactly as the same pixels of the whole atlas', () => {
  const layout = atlasLayout(2, 2, 3, 8);
  const ranges = channelRanges(channelStats(activation), 'channel');
  const whole = pixelBuffer(layout.width, layout.height);
  paintTiles(whole, layout, activation, ranges, 0, 3);
  const { x, y } = tileOrigin(layout, 1);
  const band = pixelBuffer(layout.width - x, layout.tileHeight);
  paintTiles(band, layout, activation, ranges, 1, 3, { x, y });
  for (let row = 0; row < band.height; row++) {
    for (let col = 0; col < band.width; col++) {
      assert.equal(pixel(band.data, row * band.width + col), pixel(whole.data, (y + row) * whole.width + x + col), `(${col}, ${row})`);
    }
  }
});

atlasSuite('with a step, paints every step-th value of every step-th row, one pixel each', () => {
  // 5×5 map, one channel, value = 10·row + column.
  const big = { shape: [1, 5, 5, 1], data: Float32Array.from({ length: 25 }, (_, i) => 10 * Math.floor(i / 5) + (i % 5)) };
  const range = { min: 0, max: 44 };
  const stepped = pixelBuffer(3, 3);
  paintChannel(stepped, big, 0, range, 0, 0, 1, VIRIDIS, 2);
  // The expected picture: the values at rows/columns 0, 2, 4 painted alone.
  const picked = { shape: [1, 3, 3, 1], data: Float32Array.from([0, 2, 4, 20, 22, 24, 40, 42, 44]) };
  assert.equal([...stepped.data], [...channelPixels(picked, 0, range).data]);
});

atlasSuite.run();

const valueSuite = suite('valueAt / channelPixels');

valueSuite('reads one channel’s value at (row, column)', () => {
  assert.is(valueAt(activation, 0, 1, 0), 2);
  assert.is(valueAt(activation, 2, 1, 1), -1);
});

valueSuite('paints one channel at one pixel per value', () => {
  const out = channelPixels(activation, 0, { min: 0, max: 3 });
  assert.equal([out.width, out.height], [2, 2]);
  assert.equal(pixel(out.data, 3), LAST);
});

valueSuite.run();
