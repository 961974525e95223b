/**
 * `convlens render` beyond the default model: the ResNet-8 fixture (Keras 2.4 .h5, a
 * Functional model with BatchNormalization and Add), the lecture's model as ONNX (when the
 * ONNX reader of issue 12 is on this branch), and every model refusal of the widget's
 * corpus: the same headline and detail the widget shows, and exit code 1.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli, ROOT } from './helpers/cli';
import { sharedPath } from './helpers/shared';
import { MODEL_CASES } from './corpus/models';
import { MESSAGES } from '../src/languages/i18n';
import { headlineKey } from '../src/languages/errors';
import { fileFetch, useBackend } from './helpers/node-engine';
import { loadModelUrl } from '../worker/files/url';
import { summarize } from '../worker/engine/summary';
import { execute } from '../worker/engine/execute';
import { pathToFileURL } from 'node:url';

const CHELSEA = `${ROOT}static/samples/chelsea.png`;
const work = mkdtempSync(join(tmpdir(), 'convlens-render-models-'));
const figures = (dir: string) => JSON.parse(readFileSync(join(dir, 'figures.json'), 'utf8')).figures as Record<string, any>[];

const Models = suite('convlens render on other models');
Models.after(() => rmSync(work, { recursive: true, force: true }));

const resnet8 = sharedPath('fixtures/mlperf-tiny-resnet8-keras2.4/pretrainedResnet.h5');
(resnet8 ? Models : Models.skip)('draws every conv, pooling, BatchNormalization, Add and Activation layer of ResNet-8 (.h5)', async () => {
  const out = join(work, 'resnet8');
  const result = await runCli(['render', resnet8!, CHELSEA, '--out', out]);
  assert.is(result.code, 0, result.stderr);
  assert.match(result.stderr, /does not say how its pixels were scaled; using 1/);
  const grids = figures(out).filter((f) => f.kind === 'grid');
  // Every 4-D layer but the input: 9 Conv2D, 7 BatchNormalization, 7 Activation, 3 Add, the pooling.
  const types = (prefix: string) => grids.filter((grid) => grid.layer.startsWith(prefix)).length;
  assert.equal([types('conv2d'), types('batch_normalization'), types('activation'), types('add'), types('average_pooling2d')], [9, 7, 7, 3, 1]);
  assert.is(grids.length, 27);
  for (const grid of grids) {
    assert.is(grid.columns * (grid.rows - 1) < grid.shape[3] && grid.shape[3] <= grid.columns * grid.rows, true, grid.layer);
    assert.is(grid.ranges.length, grid.shape[3]);
  }
  assert.match(readFileSync(join(out, 'summary.md'), 'utf8'), /^\| add_2 \(Add\) \| \(None, 8, 8, 64\) \| 0 \|$/m);
});
if (!resnet8) console.log('SKIP ResNet-8: ../shared/fixtures/mlperf-tiny-resnet8-keras2.4 is not present');

const onnx = sharedPath('fixtures/pytorch-onnx/lecture-cifar10.onnx');
const onnxOut = join(work, 'onnx');
// Whether this branch reads ONNX at all is only known by trying: the reader comes with issue 12.
const onnxRun = onnx ? await runCli(['render', onnx, CHELSEA, '--out', onnxOut]) : null;
const onnxUnread = onnxRun !== null && onnxRun.code !== 0 && /lecture-cifar10\.onnx is not a model file: it is binary data/.test(onnxRun.stderr);
if (!onnx) console.log('SKIP ONNX: ../shared/fixtures/pytorch-onnx/lecture-cifar10.onnx is not present');
if (onnxUnread) console.log('SKIP ONNX: no ONNX reader on this branch (issue 12 adds it); render refused lecture-cifar10.onnx as "not a model file"');
(onnx && !onnxUnread ? Models : Models.skip)('draws the lecture model saved as ONNX: every 4-D node, the lecture\'s six among them', () => {
  assert.is(onnxRun!.code, 0, onnxRun!.stderr);
  const grids = figures(onnxOut).filter((f) => f.kind === 'grid');
  // PyTorch exports each Conv2d and its ReLU as two nodes; the Keras model fuses them (issue 12: every 4-D node is drawn).
  assert.equal(grids.map((grid) => grid.shape.slice(1)), [
    [30, 30, 32], [30, 30, 32], [15, 15, 32], [13, 13, 64], [13, 13, 64], [11, 11, 128], [11, 11, 128], [5, 5, 128], [3, 3, 256], [3, 3, 256],
  ]);
});

Models.run();

const Refusals = suite('convlens render refuses a broken model with the widget\'s message and exit code 1');
Refusals.before(() => void mkdirSync(work, { recursive: true }));
Refusals.after(() => rmSync(work, { recursive: true, force: true }));

Refusals('a model file that does not exist', async () => {
  const result = await runCli(['render', join(work, 'nowhere', 'model.h5'), CHELSEA, '--out', join(work, 'x')]);
  assert.is(result.code, 1);
  assert.match(result.stderr, `${MESSAGES.en.errModelFetch}\n  Could not load ${join(work, 'nowhere', 'model.h5')}: there is no such file`);
});

Refusals('a photo that is not a picture, in Korean with --lang ko', async () => {
  const text = join(work, 'notes.jpg');
  writeFileSync(text, 'lecture notes, not a photo');
  const result = await runCli(['render', `${ROOT}models/cifar10/model.json`, text, '--out', join(work, 'x'), '--lang', 'ko']);
  assert.is(result.code, 1);
  assert.is(result.stderr, `convlens render: ${MESSAGES.ko.errImageNotImage}\n  notes.jpg is a text file, not a picture. Use a PNG, JPEG, GIF or WebP file.\n`);
});

/** What the widget's engine says about the model at `path`: loading it, then running every layer. */
async function engineError(path: string): Promise<{ message: string; code: string | null }> {
  await useBackend('wasm');
  try {
    const loaded = await loadModelUrl(pathToFileURL(path).href, fileFetch());
    const summary = summarize(loaded);
    const input = new Float32Array(loaded.inputShape.reduce((a, b) => a * b, 1));
    await execute(loaded, input, { layers: summary.defaultLayers, probabilities: true, rowIndex: new Map(), isCancelled: () => false, onLayer: () => undefined });
  } catch (error) {
    return { message: (error as Error).message, code: (error as { code?: string }).code ?? null };
  }
  throw new Error(`the engine accepted ${path}`);
}

// The corpus cases that name a file (not a URL of a server): written to disk, rendered, and
// the CLI's words compared with the widget engine's own for the same file.
for (const entry of MODEL_CASES.filter((c) => c.error && !c.model.startsWith('http') && c.code !== 'model-fetch')) {
  Refusals(entry.name, async () => {
    const path = join(work, 'corpus', entry.model);
    mkdirSync(dirname(path), { recursive: true });
    for (const [name, bytes] of await entry.files()) writeFileSync(join(dirname(path), name), bytes);
    const result = await runCli(['render', path, CHELSEA, '--out', join(work, 'x')]);
    assert.is(result.code, 1, result.stderr);
    const [first, detail, ...rest] = result.stderr.split('\n');
    const expected = await engineError(path);
    assert.is(first, `convlens render: ${MESSAGES.en[headlineKey(expected.code)]}`);
    assert.is(detail, `  ${expected.message}`);
    assert.equal(rest, ['']);
  });
}

Refusals.run();
