import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { SummaryRow } from '../worker/contract';
import { boxPercent, padBefore, receptiveField } from '../src/views/receptive-field';

const conv = (name: string, shape: number[], padding: 'valid' | 'same' = 'valid', stride = 1): SummaryRow => ({
  name, type: 'Conv2D', outputShape: [null, ...shape], params: 1, drawable: true,
  geometry: { kernel: [3, 3], stride: [stride, stride], dilation: [1, 1], padding },
});
const pool = (name: string, shape: number[]): SummaryRow => ({
  name, type: 'MaxPooling2D', outputShape: [null, ...shape], params: 0, drawable: true,
  geometry: { kernel: [2, 2], stride: [2, 2], dilation: [1, 1], padding: 'valid' },
});
const plain = (name: string, type: string, shape: number[]): SummaryRow => ({ name, type, outputShape: [null, ...shape], params: 0, drawable: shape.length === 3 });

/** The lecture's CIFAR-10 model, as the worker summarises it. */
const LECTURE: SummaryRow[] = [
  conv('conv2d', [30, 30, 32]), pool('max_pooling2d', [15, 15, 32]), conv('conv2d_1', [13, 13, 64]),
  conv('conv2d_2', [11, 11, 128]), pool('max_pooling2d_1', [5, 5, 128]), conv('conv2d_3', [3, 3, 256]),
  plain('flatten', 'Flatten', [2304]), plain('dense', 'Dense', [128]),
];
const INPUT = [32, 32, 3];

const field = suite('receptiveField');

field('gives a 3×3 window for a cell of the first convolution', () => {
  assert.equal(receptiveField(LECTURE, INPUT, 'conv2d', 4, 7), { top: 4, left: 7, bottom: 6, right: 9 });
});

field('doubles through a 2×2 pooling', () => {
  assert.equal(receptiveField(LECTURE, INPUT, 'max_pooling2d', 0, 1), { top: 0, left: 2, bottom: 3, right: 5 });
});

field('sees 22×22 input pixels from cell (0, 0) of conv2d_3', () => {
  assert.equal(receptiveField(LECTURE, INPUT, 'conv2d_3', 0, 0), { top: 0, left: 0, bottom: 21, right: 21 });
});

field('reaches the far corner from the last cell of conv2d_3', () => {
  const box = receptiveField(LECTURE, INPUT, 'conv2d_3', 2, 2)!;
  assert.equal([box.top, box.bottom], [8, 29]);
});

field('clips a same-padded field at the image border', () => {
  const rows = [conv('a', [8, 8, 4], 'same'), conv('b', [8, 8, 4], 'same')];
  assert.equal(receptiveField(rows, [8, 8, 1], 'b', 0, 0), { top: 0, left: 0, bottom: 2, right: 2 });
  assert.equal(receptiveField(rows, [8, 8, 1], 'b', 7, 7), { top: 5, left: 5, bottom: 7, right: 7 });
});

field('passes through layers that keep height and width (activations, batch norm)', () => {
  const rows = [conv('c', [30, 30, 8]), plain('relu', 'Activation', [30, 30, 8]), pool('p', [15, 15, 8])];
  assert.equal(receptiveField(rows, INPUT, 'p', 0, 0), { top: 0, left: 0, bottom: 3, right: 3 });
});

field('is unknown (null) when a layer without geometry changes the size, or for unknown layers', () => {
  const rows = [plain('pad', 'ZeroPadding2D', [34, 34, 3]), conv('c', [32, 32, 8])];
  assert.is(receptiveField(rows, INPUT, 'c', 0, 0), null);
  assert.is(receptiveField(LECTURE, INPUT, 'nope', 0, 0), null);
});

field('is unknown when rows carry no geometry at all (an older worker)', () => {
  const rows = LECTURE.map(({ geometry: _, ...row }) => row);
  assert.is(receptiveField(rows, INPUT, 'conv2d_1', 0, 0), null);
});

field.run();

const pad = suite('padBefore');

pad('is zero for valid padding', () => {
  assert.is(padBefore(32, 3, 1, 1, 'valid'), 0);
});

pad('puts the smaller half first for same padding, as TensorFlow does', () => {
  assert.is(padBefore(32, 3, 1, 1, 'same'), 1);
  assert.is(padBefore(32, 3, 2, 1, 'same'), 0);
  assert.is(padBefore(32, 5, 1, 2, 'same'), 4);
});

pad.run();

const percent = suite('boxPercent');

percent('turns an inclusive pixel box into CSS percentages', () => {
  assert.equal(boxPercent({ top: 0, left: 8, bottom: 15, right: 15 }, 32, 32), { left: 25, top: 0, width: 25, height: 50 });
});

percent.run();
