import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as dom from './helpers/dom';
import { LayerGrid } from '../src/views/layer-grid';
import { MESSAGES } from '../src/languages/i18n';
import { channelRanges, channelStats } from '../src/paint/paint';
import { formatBytes } from '../src/languages/i18n';

const ROW = { name: 'conv2d', type: 'Conv2D', outputShape: [null, 4, 4, 32], params: 896, drawable: true };

/** 4×4×32 activation: channel c holds c everywhere except channel 3, which is all zero. */
function activation() {
  const data = new Float32Array(4 * 4 * 32);
  for (let p = 0; p < 16; p++) for (let c = 0; c < 32; c++) data[p * 32 + c] = c === 3 ? 0 : c * (p + 1) * 0.1;
  return { shape: [1, 4, 4, 32], data };
}

function makeGrid(opened: number[] = []) {
  const grid = new LayerGrid({ row: ROW, columns: 8, messages: MESSAGES.en, formatBytes, onOpen: (_, index) => opened.push(index) });
  document.body.append(grid.element);
  return grid;
}

function complete(grid: LayerGrid) {
  const a = activation();
  grid.setResult(a, 12.5);
  grid.paint(channelRanges(channelStats(a), 'channel'));
}

// One window for the whole file: painting jobs queued by one suite must be able to finish in the next.
dom.setup();

const tiles = (grid: LayerGrid) => Array.from(grid.element.querySelectorAll<HTMLElement>('.tile'));
const focusedIndex = () => Number((document.activeElement as HTMLElement | null)?.dataset.index);

const keys = suite('LayerGrid keyboard');
keys.before.each(dom.reset);

keys('is one Tab stop: only the first tile is tabbable at first', () => {
  const grid = makeGrid();
  assert.equal(tiles(grid).map((t) => t.tabIndex).filter((i) => i === 0).length, 1);
  assert.is(tiles(grid)[0].tabIndex, 0);
});

keys('moves focus right, down, to the end and home with the arrow keys, Home and End', () => {
  const grid = makeGrid();
  tiles(grid)[0].focus();
  dom.press(tiles(grid)[0], 'ArrowRight');
  assert.is(focusedIndex(), 1);
  dom.press(document.activeElement!, 'ArrowDown');
  assert.is(focusedIndex(), 9);
  dom.press(document.activeElement!, 'End');
  assert.is(focusedIndex(), 31);
  dom.press(document.activeElement!, 'ArrowDown');
  assert.is(focusedIndex(), 31, 'stays on the last row');
  dom.press(document.activeElement!, 'Home');
  assert.is(focusedIndex(), 0);
  dom.press(document.activeElement!, 'ArrowUp');
  assert.is(focusedIndex(), 0, 'stays on the first row');
});

keys('moves the Tab stop with the focus (roving tabindex)', () => {
  const grid = makeGrid();
  tiles(grid)[0].focus();
  dom.press(tiles(grid)[0], 'ArrowDown');
  const tabbable = tiles(grid).filter((t) => t.tabIndex === 0);
  assert.equal(tabbable.map((t) => t.dataset.index), ['8']);
});

keys('prevents the page from scrolling on arrow keys', () => {
  const grid = makeGrid();
  assert.ok(dom.press(tiles(grid)[0], 'ArrowDown').defaultPrevented);
});

keys('opens the focused tile with Enter once the layer is computed, not before', () => {
  const opened: number[] = [];
  const grid = makeGrid(opened);
  tiles(grid)[0].focus();
  dom.press(tiles(grid)[0], 'ArrowRight');
  dom.press(document.activeElement!, 'Enter');
  assert.equal(opened, []);
  complete(grid);
  dom.press(document.activeElement!, 'Enter');
  assert.equal(opened, [1]);
});

keys('opens a clicked tile and moves the focus there', () => {
  const opened: number[] = [];
  const grid = makeGrid(opened);
  complete(grid);
  tiles(grid)[5].dispatchEvent(new MouseEvent('click', { bubbles: true }));
  assert.equal(opened, [5]);
  assert.is(focusedIndex(), 5);
});

keys.run();

const names = suite('LayerGrid names and counts');
names.before.each(dom.reset);

names('names every tile with its layer, position and “not computed yet” before the result (a few tiles per step)', async () => {
  const grid = makeGrid();
  await grid.painted;
  assert.is(tiles(grid)[1].getAttribute('aria-label'), 'conv2d, filter 1 (0–31), not computed yet');
  assert.is(grid.element.querySelector('[role="grid"]')!.getAttribute('aria-label'), MESSAGES.en.gridLabel('conv2d', 32));
});

names('names every tile with its statistics once computed, as its tile is painted', async () => {
  const grid = makeGrid();
  complete(grid);
  await grid.painted;
  // Channel 2: 0.2 · (p + 1) for p in 0..15, so max 3.2 and no zeros.
  assert.is(tiles(grid)[2].getAttribute('aria-label'), 'conv2d, filter 2 (0–31), max 3.2, 0% zero');
  assert.is(tiles(grid)[3].getAttribute('aria-label'), 'conv2d, filter 3 (0–31), max 0, 100% zero');
});

names('counts the inactive (all-zero) filters for this image', async () => {
  const grid = makeGrid();
  complete(grid);
  assert.is(grid.element.querySelector('.inactive')!.textContent, '2 / 32 filters inactive', 'the count at once');
  await grid.painted;
  assert.ok(tiles(grid)[3].classList.contains('dead'));
});

names('switches its texts to Korean live', async () => {
  const grid = makeGrid();
  complete(grid);
  await grid.painted;
  grid.translate(MESSAGES.ko);
  assert.is(grid.element.querySelector('.inactive')!.textContent, MESSAGES.ko.inactive(2, 32));
  await grid.painted;
  assert.is(tiles(grid)[3].getAttribute('aria-label'), MESSAGES.ko.tileName('conv2d', 3, 32, '0', 100));
});

names('paints every tile in chunks and says so', async () => {
  const grid = makeGrid();
  complete(grid);
  await grid.painted;
  assert.is(grid.element.dataset.painted, '32');
  assert.is(grid.element.dataset.state, 'done');
});

names('shows weight-loading progress in its placeholder until the result arrives', () => {
  const grid = makeGrid();
  grid.setState({ kind: 'weights', loaded: 1024, total: 4096 });
  const bar = grid.element.querySelector('progress')!;
  assert.is(bar.value, 1024);
  assert.is(bar.max, 4096);
  assert.is(grid.element.querySelector('.placeholder-text')!.textContent, 'Loading weights: 1.0 KB / 4.0 KB');
  complete(grid);
  assert.ok((grid.element.querySelector('.placeholder') as HTMLElement).hidden);
});

names('shows a compositor-animated busy strip while computing, never an indeterminate <progress> (repainted every frame)', () => {
  const grid = makeGrid();
  grid.setState({ kind: 'computing' });
  const busy = grid.element.querySelector<HTMLElement>('.placeholder .busy')!;
  assert.is(busy.hidden, false);
  assert.ok(grid.element.querySelector<HTMLProgressElement>('.placeholder progress')!.hidden, 'the bar is hidden');
  grid.setState({ kind: 'weights', loaded: 1, total: 2 });
  assert.ok(busy.hidden, 'weights have a real bar instead');
});

names.run();
