/**
 * `npm run convert` on ONNX files: the convlens graph format (graph-json.ts) with one weight
 * file per node, loaded back by the engine's own loader (buildModel reads "convlens-graph"),
 * computing the same activations as the ONNX file read in memory while fetching only the
 * weight files of the layers computed; the metadata options land in model.json; malformed
 * graph model.json files are refused saying what is wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readGraphModelJson } from '../worker/format/graph-json';
import { ModelFormatError } from '../worker/format/errors';
import { loadGiven, runLayers } from './helpers/keras-fixtures';
import { loadFromDisk, useBackend } from './helpers/node-engine';
import { maxRelativeError } from './helpers/reference';
import { sharedPath } from './helpers/shared';
import { skipPart } from './helpers/skip';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LECTURE = sharedPath('fixtures/pytorch-onnx/lecture-cifar10.onnx');
const CLASSES = 'airplane,automobile,bird,cat,deer,dog,frog,horse,ship,truck';

function runCli(...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'worker/convert/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const test = suite('convert onnx');
test.before(() => useBackend('wasm'));

if (!LECTURE) {
  skipPart('pytorch-onnx tests: ../shared/fixtures/pytorch-onnx is absent');
} else {
  const lecture = LECTURE;
  test('lecture-cifar10.onnx -> convlens-graph model.json + one file per node; loads lazily and computes as in memory', async () => {
    const out = mkdtempSync(join(tmpdir(), 'convlens-onnx-'));
    try {
      const run = runCli(lecture, out, '--pixel-scale', '1/255', '--classes', CLASSES, '--imagenet');
      assert.is(run.status, 0, run.stderr);
      assert.match(run.stdout, /conv2d\/Conv\s+kernel 3x3x3x32, bias 32\s+3584\s+conv2d_Conv\.[0-9a-f]{8}\.bin/);
      assert.match(run.stdout, /6 weight files, 2738984 bytes/);
      const json = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
      assert.is(json.format, 'convlens-graph');
      assert.is(json.formatVersion, 1);
      assert.is(json.graph.layout, 'nchw');
      assert.is(json.graph.nodes.find((n: { outputShape?: unknown }) => 'outputShape' in n), undefined, 'no completed fields stored');
      assert.equal(json.weightsManifest[0].weights.map((w: { name: string }) => w.name), ['conv2d/Conv/kernel', 'conv2d/Conv/bias']);
      const meta = json.userDefinedMetadata.convlens;
      assert.equal([meta.classNames[3], meta.pixelScale, meta.mean, meta.std], ['cat', 1 / 255, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]]);
      assert.match(meta.source, /^lecture-cifar10\.onnx sha256:[0-9a-f]{64}$/);

      const fetched: string[] = [];
      const served = await loadFromDisk(join(out, 'model.json'), fetched);
      assert.equal(served.metadata.mean, [0.485, 0.456, 0.406]);
      assert.is(served.metadata.known, true);
      const input = Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => ((i * 37) % 251) / 251);
      const first = await runLayers(served, input, ['Relu']);
      const files = () => fetched.filter((url) => url.endsWith('.bin')).map((url) => url.split('/').pop()!.split('.')[0]);
      assert.equal(files().sort(), ['conv2d_Conv', 'dense_1_Gemm', 'dense_Gemm', 'conv2d_1_Conv', 'conv2d_2_Conv', 'conv2d_3_Conv'].sort(), 'the prediction needs every layer');
      fetched.length = 0;
      const lazy = await loadFromDisk(join(out, 'model.json'), fetched);
      const { execute } = await import('../worker/engine/execute');
      await execute(lazy, input, { layers: ['Relu'], probabilities: false, rowIndex: new Map(), isCancelled: () => false, onLayer: () => undefined });
      assert.equal(files(), ['conv2d_Conv'], 'only the first layer\'s weights for the first layer');
      const memory = await runLayers(await loadGiven([{ name: 'lecture-cifar10.onnx', bytes: new Uint8Array(readFileSync(lecture)) }]), input, ['Relu', 'MaxPool_1']);
      const again = await runLayers(served, input, ['Relu', 'MaxPool_1']);
      for (const name of ['Relu', 'MaxPool_1']) assert.ok(maxRelativeError(again.results.get(name)!.data, memory.results.get(name)!.data) === 0, name);
      assert.ok(maxRelativeError(first.prediction!.probabilities, memory.prediction!.probabilities) === 0);
      assert.ok(CLASSES.split(',').includes(first.prediction!.top[0].name), 'class names from --classes');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test('a bad --mean is refused with the usage words, nothing written', () => {
    const run = runCli(lecture, join(tmpdir(), 'convlens-never'), '--mean', '0.5,x,0.5');
    assert.is(run.status, 1);
    assert.is(run.stderr.trim(), 'convert: --mean must be numbers, one per channel, separated by commas (e.g. 0.485,0.456,0.406), not "0.5,x,0.5"');
  });
}

test('readGraphModelJson refuses malformed files, naming what is wrong', () => {
  const node = { name: 'x', type: 'Input', attributes: { op: 'input', shape: [2, 2, 3] }, inputs: [], weights: {} };
  const good = { format: 'convlens-graph', formatVersion: 1, graph: { name: 'g', layout: 'nchw', output: 'x', nodes: [node] }, weightsManifest: [] };
  assert.equal(readGraphModelJson(good).nodes, [node]);
  const cases: [unknown, RegExp][] = [
    [{ ...good, formatVersion: 2 }, /model\.json is convlens graph format version 2; this convlens reads version 1/],
    [{ ...good, graph: { ...good.graph, layout: 'chw' } }, /graph\.layout is "chw", not "nhwc" or "nchw"/],
    [{ ...good, graph: { ...good.graph, nodes: [{ ...node, inputs: [1] }] } }, /node x: "inputs" is not a list of names/],
    [{ ...good, graph: { ...good.graph, nodes: [{ ...node, weights: { kernel: { key: 'k', shape: [0], trainable: true } } }] } }, /node x: weight "kernel" needs a "key" string, a "shape" of positive integers/],
    [{ ...good, weightsManifest: undefined }, /it has no "weightsManifest" list/],
  ];
  for (const [json, message] of cases) {
    try {
      readGraphModelJson(json);
      assert.unreachable(String(message));
    } catch (error) {
      assert.instance(error, ModelFormatError);
      assert.match((error as Error).message, message);
    }
  }
});

test.run();
