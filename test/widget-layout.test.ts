import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { TARGET_TILE, TILE_GAP, atlasLayout, fitColumns, gridShape, moveIndex, preferredTile, tileBox, tileChunk, tileOrigin } from '../src/paint/layout';

const grid = suite('gridShape');

grid('lays 32 filters out as 4 rows of 8, like the lecture’s figure', () => {
  assert.equal(gridShape(32), { columns: 8, rows: 4 });
});

grid('lays out every layer of the default model in rows of 8', () => {
  assert.equal([64, 128, 256].map((n) => gridShape(n).rows), [8, 16, 32]);
});

grid('uses fewer columns when there are fewer tiles, and ends with a short row', () => {
  assert.equal(gridShape(3), { columns: 3, rows: 1 });
  assert.equal(gridShape(10), { columns: 8, rows: 2 });
});

grid('honours another column count, and falls back to 8 for nonsense', () => {
  assert.equal(gridShape(32, 16), { columns: 16, rows: 2 });
  assert.equal(gridShape(32, 0), { columns: 8, rows: 4 });
});

grid.run();

const fit = suite('fitColumns (no columns attribute)');

/** Plain search, independent of fitColumns: the widest row of preferred tiles that fits, at least 8, then balanced. */
function expected(count: number, mapWidth: number, width: number): number {
  const tile = Math.max(24, Math.min(56, mapWidth * 2));
  let columns = 1;
  while ((columns + 1) * tile + columns * 2 <= width) columns++;
  columns = Math.min(count, Math.max(8, columns));
  const rows = Math.ceil(count / columns);
  return Math.ceil(count / rows);
}

fit('uses a desktop width: conv2d in 2 rows of 16, conv2d_3 in 8 rows instead of 32', () => {
  assert.is(fitColumns(32, 30, 950), 16);
  assert.is(Math.ceil(256 / fitColumns(256, 3, 950)), 8);
  assert.is(fitColumns(32, 30, 900), 11, 'a little narrower: 15 fit, balanced to 3 rows of 11');
  for (const [count, map] of [[32, 30], [32, 15], [64, 13], [128, 11], [128, 5], [256, 3]]) {
    assert.is(fitColumns(count, map, 950), expected(count, map, 950), `${count} of ${map}×${map}`);
  }
});

fit('keeps at least the lecture’s 8 per row on a phone, never more than there are tiles', () => {
  assert.is(fitColumns(32, 30, 330), 8);
  assert.is(fitColumns(256, 3, 330), expected(256, 3, 330));
  assert.is(fitColumns(3, 30, 950), 3);
  assert.is(fitColumns(10, 30, 0), 5);
});

fit('prefers 2 px per value between 24 and 56 px', () => {
  assert.equal([3, 11, 15, 20, 30, 224].map(preferredTile), [24, 24, 30, 40, 56, 56]);
});

fit.run();

const atlas = suite('atlasLayout');

atlas('keeps 30×30 maps at one canvas pixel per value', () => {
  const layout = atlasLayout(30, 30, 32);
  assert.is(layout.scale, 1);
  assert.is(layout.width, 8 * 30 + 7 * TILE_GAP);
  assert.is(layout.height, 4 * 30 + 3 * TILE_GAP);
});

atlas('scales small maps up to at least the target tile size', () => {
  const layout = atlasLayout(3, 3, 256);
  assert.is(layout.scale, TARGET_TILE / 3);
  assert.is(layout.tileWidth, TARGET_TILE);
  assert.is(layout.rows, 32);
});

atlas('places tile i at its row and column, gaps between', () => {
  const layout = atlasLayout(5, 5, 128);
  const step = layout.tileWidth + TILE_GAP;
  assert.equal(tileOrigin(layout, 0), { x: 0, y: 0 });
  assert.equal(tileOrigin(layout, 9), { x: step, y: step });
});

atlas('gives tile boxes in percent that end at 100', () => {
  const layout = atlasLayout(13, 13, 64);
  const last = tileBox(layout, 63);
  assert.ok(Math.abs(last.left + last.width - 100) < 1e-9);
  assert.ok(Math.abs(last.top + last.height - 100) < 1e-9);
});

atlas.run();

const atlas2 = suite('atlasLayout for large maps');

atlas2('paints maps much larger than their shown size at every step-th value', () => {
  const vgg = atlasLayout(224, 224, 64, 8, 96);
  assert.is(vgg.step, 2);
  assert.is(vgg.scale, 1);
  assert.equal([vgg.tileWidth, vgg.tileHeight], [112, 112]);
  const odd = atlasLayout(225, 100, 4, 8, 96);
  assert.is(odd.step, 2);
  assert.equal([odd.tileWidth, odd.tileHeight], [50, 113], 'rounded up: the last row and column are painted');
  assert.is(atlasLayout(224, 224, 64, 8, 192).step, 1, 'a 2× screen shows 192 px: no step');
  assert.is(atlasLayout(112, 112, 64, 8, 96).step, 1);
  assert.is(atlasLayout(3, 3, 256, 8, 96).step, 1);
  assert.is(atlasLayout(3, 3, 256, 8, 96).scale, 10);
});

atlas2.run();

const chunks = suite('tileChunk');

chunks('takes as many tiles as fit in the pixel budget, within one row, and the band they cover', () => {
  const layout = atlasLayout(30, 30, 32, 8); // 30×30 tiles, 8 per row
  const { to, band } = tileChunk(layout, 0, 30 * 30 * 3 + 10);
  assert.is(to, 3);
  assert.equal(band, { x: 0, y: 0, width: 3 * 30 + 2 * TILE_GAP, height: 30 });
  const end = tileChunk(layout, 14, 1e9);
  assert.is(end.to, 16, 'stops at the end of the row');
  assert.equal(end.band, { x: tileOrigin(layout, 14).x, y: tileOrigin(layout, 14).y, width: 2 * 30 + TILE_GAP, height: 30 });
});

chunks('always takes at least one tile, however large', () => {
  const layout = atlasLayout(224, 224, 64, 8);
  assert.is(tileChunk(layout, 5, 100).to, 6);
  assert.is(tileChunk(atlasLayout(3, 3, 10, 8), 8, 1e9).to, 10, 'the short last row');
});

chunks('covers every tile exactly once when stepped through', () => {
  const layout = atlasLayout(5, 7, 45, 8);
  const seen: number[] = [];
  for (let from = 0; from < layout.count;) {
    const { to } = tileChunk(layout, from, 2000);
    for (let i = from; i < to; i++) seen.push(i);
    from = to;
  }
  assert.equal(seen, Array.from({ length: 45 }, (_, i) => i));
});

chunks.run();

const move = suite('moveIndex');

move('moves right and left by one, stopping at the ends', () => {
  assert.is(moveIndex(0, 'ArrowRight', 32, 8), 1);
  assert.is(moveIndex(0, 'ArrowLeft', 32, 8), 0);
  assert.is(moveIndex(31, 'ArrowRight', 32, 8), 31);
});

move('moves up and down by a row, staying put at the top and bottom', () => {
  assert.is(moveIndex(2, 'ArrowDown', 32, 8), 10);
  assert.is(moveIndex(10, 'ArrowUp', 32, 8), 2);
  assert.is(moveIndex(2, 'ArrowUp', 32, 8), 2);
  assert.is(moveIndex(27, 'ArrowDown', 32, 8), 27);
  assert.is(moveIndex(5, 'ArrowDown', 10, 8), 5, 'no tile below in the short last row');
});

move('goes to the first and last tile with Home and End', () => {
  assert.is(moveIndex(17, 'Home', 32, 8), 0);
  assert.is(moveIndex(3, 'End', 32, 8), 31);
});

move('ignores other keys', () => {
  assert.is(moveIndex(4, 'a', 32, 8), 4);
});

move.run();
