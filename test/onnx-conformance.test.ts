/**
 * The ONNX project's own backend test data (../shared/fixtures/onnx-conformance): every case
 * the reader accepts is run on the engine, batch item by batch item, and must match the
 * stored output within the ONNX runner's tolerance (rtol 1e-3, atol 1e-7). Cases refused
 * (two graph inputs, 1-D windows, pooling with dilation...) are printed with the reason, and
 * the refused set is pinned so a supported case cannot silently drop out.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ModelFormatError } from '../worker/format/errors';
import { readOnnxModel, type OnnxRead } from '../worker/format/onnx/read-onnx';
import { readTensorPb, runGraph, toleranceExcess, type Dense } from './helpers/onnx-run';
import { useBackend } from './helpers/node-engine';
import { sharedPath } from './helpers/shared';
import { skipPart } from './helpers/skip';

const ROOT = sharedPath('fixtures/onnx-conformance/');
const RTOL = 1e-3;
const ATOL = 1e-7;

/** Refused on purpose: what convlens' engine (one image input, 2-D windows) does not run. */
const EXPECTED_REFUSALS: Record<string, RegExp> = {
  test_MaxPool2d_stride_padding_dilation: /MaxPool node .* has dilations \[10,10\]/,
  test_operator_add_broadcast: /takes 2 inputs/,
  test_operator_basic: /takes 2 inputs/,
  test_operator_concat2: /takes 2 inputs/,
  test_operator_maxpool: /MaxPool node .* works on a 3-D tensor/,
  test_operator_params: /Add node .* would give shape \[2,2\], which changes the batch axis/,
  test_operator_view: /input "0" has shape \[1\]/,
};

interface Case {
  name: string;
  model: string;
  input: () => Dense;
  expected: () => Dense;
}

function cases(): Case[] {
  const found: Case[] = [];
  for (const group of ['pytorch-converted', 'pytorch-operator']) {
    for (const name of readdirSync(join(ROOT!, group)).sort()) {
      const dir = join(ROOT!, group, name);
      found.push({
        name,
        model: join(dir, 'model.onnx'),
        input: () => readTensorPb(join(dir, 'test_data_set_0/input_0.pb')),
        expected: () => readTensorPb(join(dir, 'test_data_set_0/output_0.pb')),
      });
    }
  }
  for (const file of readdirSync(join(ROOT!, 'light')).filter((f) => f.endsWith('.onnx')).sort()) {
    const stem = file.replace(/\.onnx$/, '');
    found.push({ name: stem, model: join(ROOT!, 'light', file), input: () => dummyInput([1, 3, 224, 224]), expected: () => readTensorPb(join(ROOT!, 'light', `${stem}_output_0.pb`)) });
  }
  return found;
}

/** onnx's generate_dummy_data: np.arange(n).reshape(shape) / n as float32. */
function dummyInput(dims: number[]): Dense {
  const n = dims.reduce((a, b) => a * b, 1);
  return { dims, data: Float32Array.from({ length: n }, (_, i) => i / n) };
}

const test = suite('onnx conformance');
test.before(() => useBackend('wasm'));

if (!ROOT || !existsSync(join(ROOT, 'pytorch-converted'))) {
  skipPart('onnx-conformance tests: ../shared/fixtures/onnx-conformance is absent');
} else {
  const all = cases();
  const accepted: { c: Case; read: OnnxRead }[] = [];
  const refused: [string, string][] = [];
  for (const c of all) {
    try {
      accepted.push({ c, read: readOnnxModel({ name: 'model.onnx', bytes: new Uint8Array(readFileSync(c.model)) }) });
    } catch (error) {
      if (!(error instanceof ModelFormatError)) throw error;
      refused.push([c.name, error.message]);
    }
  }
  console.log(`\nonnx-conformance: ${accepted.length} cases run: ${accepted.map(({ c }) => c.name).join(', ')}`);
  console.log(`onnx-conformance: ${refused.length} cases skipped (refused by the reader):\n${refused.map(([n, m]) => `  ${n}: ${m}`).join('\n')}`);

  test('the refused cases are exactly the ones outside the engine, each for its stated reason', () => {
    assert.equal(refused.map(([name]) => name).sort(), Object.keys(EXPECTED_REFUSALS).sort());
    for (const [name, message] of refused) assert.match(message, EXPECTED_REFUSALS[name], name);
  });

  for (const { c, read } of accepted) {
    test(`${c.name}: output within rtol ${RTOL}, atol ${ATOL}`, async () => {
      const expected = c.expected();
      const output = (await runGraph(read.graph, read.weights, c.input())).get(read.graph.output)!;
      assert.is(output.data.length, expected.data.length, `output of ${output.dims} for expected ${expected.dims}`);
      const { excess, index } = toleranceExcess(output.data, expected.data, RTOL, ATOL);
      assert.ok(excess <= 0, `value ${index}: ${output.data[index]} vs expected ${expected.data[index]}`);
    });
  }
}

test.run();
