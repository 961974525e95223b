import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { LUT_SIZE, VIRIDIS, lutIndex, viridisCss } from '../src/paint/viridis';

const hex = (i: number) => '#' + [0, 1, 2].map((k) => VIRIDIS[i * 3 + k].toString(16).padStart(2, '0')).join('');

test('has 256 RGB entries', () => {
  assert.is(LUT_SIZE, 256);
  assert.is(VIRIDIS.length, 768);
});

test('starts at matplotlib viridis #440154 and ends at #fde725', () => {
  assert.is(hex(0), '#440154');
  assert.is(hex(255), '#fde725');
});

test('holds matplotlib _viridis_data rounded to bytes at sample rows', () => {
  // Rows of matplotlib's _cm_listed._viridis_data, times 255, rounded.
  const rows: [number, [number, number, number]][] = [
    [1, [0.268510, 0.009605, 0.335427]],
    [127, [0.128729, 0.563265, 0.551229]],
    [128, [0.127568, 0.566949, 0.550556]],
    [204, [0.477504, 0.821444, 0.318195]],
    [254, [0.983868, 0.904867, 0.136897]],
  ];
  for (const [i, rgb] of rows) {
    assert.equal([...VIRIDIS.slice(i * 3, i * 3 + 3)], rgb.map((v) => Math.round(v * 255)), `row ${i}`);
  }
});

test('changes smoothly: no channel jumps more than 3 between neighbours', () => {
  for (let i = 1; i < LUT_SIZE; i++) {
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(VIRIDIS[i * 3 + k] - VIRIDIS[(i - 1) * 3 + k]) <= 3, `entry ${i}`);
  }
});

test('maps t in [0, 1] to an index as matplotlib does, clamped', () => {
  assert.is(lutIndex(0), 0);
  assert.is(lutIndex(1), 255);
  assert.is(lutIndex(0.5), 128);
  assert.is(lutIndex(-3), 0);
  assert.is(lutIndex(7), 255);
  assert.is(lutIndex(Number.NaN), 0);
});

test('gives CSS colours for the ends and the middle', () => {
  assert.is(viridisCss(0), '#440154');
  assert.is(viridisCss(1), '#fde725');
  assert.is(viridisCss(0.5), '#21918c');
});

test.run();
