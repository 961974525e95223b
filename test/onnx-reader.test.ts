/**
 * The ONNX reader's graph, without running it: node structure and attributes of the
 * PyTorch fixtures, weights transposed to the engine layout (checked element by element
 * against the initialisers with plain index arithmetic), Gemm's transB/alpha/beta folded,
 * shape chains folded, Transpose folded into Flatten, and refusals that name what was found.
 */
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import type { GraphNode } from '../worker/engine/graph';
import { ModelFormatError, SUPPORTED_FORMATS } from '../worker/format/errors';
import { readModelFiles } from '../worker/format/read-model';
import { sniffModelFile } from '../worker/format/sniff';
import { readOnnxModel } from '../worker/format/onnx/read-onnx';
import { shortName } from '../worker/format/onnx/names';
import { externalTensor, onnxBytes, tensor, type ModelSpec } from './helpers/onnx-builder';
import { sharedPath } from './helpers/shared';
import { skipPart } from './helpers/skip';

const FIXTURES = sharedPath('fixtures/pytorch-onnx/');
const test = suite('onnx reader');

function fixture(name: string) {
  const bytes = new Uint8Array(readFileSync(FIXTURES + name));
  return { read: readOnnxModel({ name, bytes }), proto: fromBinary(ModelProtoSchema, bytes) };
}

/** An initialiser's float32 values, decoded independently of the reader. */
function initialiser(proto: ReturnType<typeof fixture>['proto'], name: string): { dims: number[]; values: Float32Array } {
  const t = proto.graph!.initializer.find((i) => i.name === name)!;
  return { dims: t.dims.map(Number), values: new Float32Array(t.rawData.slice().buffer) };
}

const node = (nodes: GraphNode[], name: string) => nodes.find((n) => n.name === name)!;

function read(spec: ModelSpec, name = 'test.onnx') {
  return readOnnxModel({ name, bytes: onnxBytes(spec) });
}

function refusal(spec: ModelSpec, code: string, message: RegExp, name = 'test.onnx') {
  try {
    read(spec, name);
  } catch (error) {
    assert.instance(error, ModelFormatError);
    assert.is((error as ModelFormatError).code, code, (error as Error).message);
    assert.match((error as Error).message, message);
    return;
  }
  assert.unreachable('the model was accepted');
}

if (!FIXTURES) {
  skipPart('pytorch-onnx tests: ../shared/fixtures/pytorch-onnx is absent');
} else {
  test('lecture-cifar10.onnx: every ONNX node becomes one graph node, in order, with readable names', () => {
    const { read: r } = fixture('lecture-cifar10.onnx');
    assert.equal(r.graph.nodes.map((n) => n.name), [
      'input', 'conv2d/Conv', 'Relu', 'MaxPool', 'conv2d_1/Conv', 'Relu_1', 'conv2d_2/Conv', 'Relu_2', 'MaxPool_1',
      'conv2d_3/Conv', 'Relu_3', 'Flatten', 'dense/Gemm', 'Relu_4', 'dense_1/Gemm', 'Softmax',
    ]);
    assert.is(r.graph.layout, 'nchw');
    assert.is(r.graph.output, 'Softmax');
    assert.equal(node(r.graph.nodes, 'input').attributes, { op: 'input', shape: [32, 32, 3] });
    assert.equal(node(r.graph.nodes, 'Flatten').attributes, { op: 'flatten', order: 'nchw' });
    assert.equal(node(r.graph.nodes, 'MaxPool').attributes, { op: 'maxPool', pool: [2, 2], strides: [2, 2], padding: 'valid', ceilMode: false });
    assert.is(r.description, 'ONNX model (opset 13, pytorch 1.13.0)');
  });

  test('lecture-cifar10.onnx: conv kernels are HWIO and the Gemm kernel [in, units] (transB undone), value for value', () => {
    const { read: r, proto } = fixture('lecture-cifar10.onnx');
    const conv = initialiser(proto, 'conv2d_1.weight'); // [64, 32, 3, 3] OIHW
    const kernel = r.weights.get('conv2d_1/Conv/kernel')!;
    assert.equal(node(r.graph.nodes, 'conv2d_1/Conv').weights.kernel.shape, [3, 3, 32, 64]);
    const [O, I, H, W] = conv.dims;
    for (let o = 0; o < O; o += 7) for (let i = 0; i < I; i += 5) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) {
      assert.is(kernel[((h * W + w) * I + i) * O + o], conv.values[((o * I + i) * H + h) * W + w]);
    }
    const dense = initialiser(proto, 'dense.weight'); // [128, 2304] (transB = 1)
    const denseKernel = r.weights.get('dense/Gemm/kernel')!;
    assert.equal(node(r.graph.nodes, 'dense/Gemm').weights.kernel.shape, [2304, 128]);
    for (let u = 0; u < 128; u += 3) for (let k = 0; k < 2304; k += 11) assert.is(denseKernel[k * 128 + u], dense.values[u * 2304 + k]);
  });

  test('every fixture: the weights hold exactly the initialisers\' values (parameter counts equal their sums)', () => {
    for (const name of ['lecture-cifar10.onnx', 'lenet-view-flatten.onnx', 'mobilenet-v2-torchvision.onnx']) {
      const { read: r, proto } = fixture(name);
      const initialisers = proto.graph!.initializer.reduce((sum, t) => sum + t.dims.map(Number).reduce((a, b) => a * b, 1), 0);
      const weights = [...r.weights.values()].reduce((sum, w) => sum + w.length, 0);
      assert.is(weights, initialisers, name);
      for (const n of r.graph.nodes) for (const ref of Object.values(n.weights)) {
        assert.is(r.weights.get(ref.key)!.length, ref.shape.reduce((a, b) => a * b, 1), ref.key);
      }
    }
    assert.is(fixture('lecture-cifar10.onnx').read.weights.size, 12);
  });

  test('mobilenet-v2: depthwise convs get [kh, kw, cin, 1] kernels, Clip(0, 6) is relu6, residual Adds read two nodes', () => {
    const { read: r, proto } = fixture('mobilenet-v2-torchvision.onnx');
    const depthwise = node(r.graph.nodes, 'features.1/conv.0.0/Conv');
    assert.is(depthwise.attributes.op, 'depthwiseConv2d');
    assert.equal(depthwise.weights.kernel.shape, [3, 3, 32, 1]);
    const source = proto.graph!.node.find((n) => n.name === '/features/features.1/conv/conv.0/conv.0.0/Conv')!;
    const weight = initialiser(proto, source.input[1]); // [32, 1, 3, 3]
    const kernel = r.weights.get(depthwise.weights.kernel.key)!;
    for (let c = 0; c < 32; c++) for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) assert.is(kernel[(h * 3 + w) * 32 + c], weight.values[(c * 3 + h) * 3 + w]);
    assert.equal(node(r.graph.nodes, 'features.0.2/Clip').attributes, { op: 'activation', activation: { name: 'relu6' } });
    const add = node(r.graph.nodes, 'features.3/Add');
    assert.equal(add.attributes, { op: 'add' });
    assert.equal(add.inputs, ['features.2/conv.2/Conv', 'features.3/conv.2/Conv']);
    assert.equal(node(r.graph.nodes, 'GlobalAveragePool').attributes, { op: 'globalAvgPool', keepDims: true });
    assert.is(r.graph.nodes.filter((n) => n.type === 'Constant').length, 0, 'Clip bounds are folded into the activation');
  });

  test('lenet: Reshape with a constant shape reads NCHW; explicit pads become [top, bottom, left, right]', () => {
    const { read: r } = fixture('lenet-view-flatten.onnx');
    assert.equal(node(r.graph.nodes, 'Reshape').attributes, { op: 'reshape', shape: [400], order: 'nchw' });
    assert.equal((node(r.graph.nodes, 'conv1/Conv').attributes as { padding: unknown }).padding, [2, 2, 2, 2]);
    assert.equal(node(r.graph.nodes, 'AveragePool').attributes, { op: 'avgPool', pool: [2, 2], strides: [2, 2], padding: 'valid', ceilMode: false, countIncludePad: false });
  });
}

test('short names: module paths lose the segments the next one repeats', () => {
  assert.is(shortName('/features/features.0/features.0.0/Conv'), 'features.0.0/Conv');
  assert.is(shortName('/features/features.1/conv/conv.0/conv.0.0/Conv'), 'features.1/conv.0.0/Conv');
  assert.is(shortName('/Relu_1'), 'Relu_1');
  assert.is(shortName(''), '');
});

const INPUT = [{ name: 'x', dims: [1, 2, 3, 4] as (number | null)[] }];

test('constant folding: Shape -> Gather -> Unsqueeze -> Concat -> Reshape gives a reshape to [24], no graph nodes for the chain', () => {
  const r = read({
    opset: 13,
    inputs: INPUT,
    output: 'y',
    initializers: [tensor('zero', [], [0], 'int64'), tensor('minus', [1], [-1], 'int64'), tensor('axes', [1], [0], 'int64')],
    nodes: [
      { op: 'Shape', inputs: ['x'], outputs: ['s'] },
      { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attributes: { axis: 0 } },
      { op: 'Unsqueeze', inputs: ['n', 'axes'], outputs: ['n1'] },
      { op: 'Concat', inputs: ['n1', 'minus'], outputs: ['shape'], attributes: { axis: 0 } },
      { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'], name: '/Reshape' },
    ],
  });
  assert.equal(r.graph.nodes.map((n) => n.name), ['x', 'Reshape']);
  assert.equal(r.graph.nodes[1].attributes, { op: 'reshape', shape: [24], order: 'nchw' });
});

test('constant folding: opset 11 Unsqueeze with axes attribute, Cast, ConstantOfShape, Transpose of a weight', () => {
  const r = read({
    opset: 11,
    inputs: [{ name: 'x', dims: [1, 3] }],
    output: 'y',
    initializers: [tensor('w', [3, 2], [1, 2, 3, 4, 5, 6]), tensor('dims', [2], [1, 2], 'int64')],
    nodes: [
      { op: 'Transpose', inputs: ['w'], outputs: ['wt'], attributes: { perm: [1, 0] } },
      { op: 'Transpose', inputs: ['wt'], outputs: ['w2'], attributes: { perm: [1, 0] } },
      { op: 'ConstantOfShape', inputs: ['dims'], outputs: ['b'], attributes: { value: { tensor: tensor('', [1], [0.5]) } } },
      { op: 'MatMul', inputs: ['x', 'w2'], outputs: ['m'], name: '/fc/MatMul' },
      { op: 'Add', inputs: ['m', 'b'], outputs: ['y'], name: '/fc/Add' },
    ],
  });
  assert.equal(r.graph.nodes.map((n) => n.attributes.op), ['input', 'dense', 'constant', 'add']);
  assert.equal([...r.weights.get('fc/MatMul/kernel')!], [1, 2, 3, 4, 5, 6]);
  assert.equal([...r.weights.get('fc/Add/operand1/value')!], [0.5, 0.5]);
  assert.ok(r.graph.nodes[2].hidden);
});

test('Gemm: alpha scales the kernel, beta the bias; without transB the weight is already [in, units]', () => {
  const r = read({
    inputs: [{ name: 'x', dims: [1, 2] }],
    output: 'y',
    initializers: [tensor('B', [2, 3], [1, 2, 3, 4, 5, 6]), tensor('C', [3], [1, 1, 2])],
    nodes: [{ op: 'Gemm', inputs: ['x', 'B', 'C'], outputs: ['y'], name: '/g', attributes: { alpha: { float: 2 }, beta: { float: 0.5 } } }],
  });
  assert.equal(r.graph.nodes[1].weights.kernel.shape, [2, 3]);
  assert.equal([...r.weights.get('g/kernel')!], [2, 4, 6, 8, 10, 12]);
  assert.equal([...r.weights.get('g/bias')!], [0.5, 0.5, 1]);
});

test('a Transpose to channels-last before Flatten is folded: the flatten reads NHWC', () => {
  const r = read({
    inputs: INPUT,
    output: 'y',
    nodes: [
      { op: 'Transpose', inputs: ['x'], outputs: ['t'], attributes: { perm: [0, 2, 3, 1] } },
      { op: 'Flatten', inputs: ['t'], outputs: ['y'], name: '/flat' },
    ],
  });
  assert.equal(r.graph.nodes.map((n) => [n.name, n.attributes]), [['x', { op: 'input', shape: [3, 4, 2] }], ['flat', { op: 'flatten', order: 'nhwc' }]]);
});

test('a 4-D constant operand of Mul is transposed to NHWC; Conv auto_pad SAME_UPPER is "same", SAME_LOWER explicit', () => {
  const scale = Array.from({ length: 2 }, (_, c) => c + 1); // [1, 2, 1, 1]: one factor per channel
  const r = read({
    inputs: INPUT,
    output: 'z',
    initializers: [tensor('s', [1, 2, 1, 1], scale), tensor('w', [2, 2, 2, 2], new Array(16).fill(1))],
    nodes: [
      { op: 'Mul', inputs: ['x', 's'], outputs: ['y'], name: '/mul' },
      { op: 'Conv', inputs: ['y', 'w'], outputs: ['c'], name: '/c1', attributes: { auto_pad: 'SAME_UPPER', kernel_shape: [2, 2] } },
      { op: 'Conv', inputs: ['c', 'w'], outputs: ['z'], name: '/c2', attributes: { auto_pad: 'SAME_LOWER', kernel_shape: [2, 2] } },
    ],
  });
  assert.equal(node(r.graph.nodes, 'mul/operand1').weights.value.shape, [1, 1, 1, 2]);
  assert.equal((node(r.graph.nodes, 'c1').attributes as { padding: unknown }).padding, 'same');
  assert.equal((node(r.graph.nodes, 'c2').attributes as { padding: unknown }).padding, [1, 0, 1, 0]);
});

test('external data: initialisers read from the .data file given beside the .onnx, refused with its name when missing', () => {
  const values = Float32Array.from([0, 0, 3, 4, 5, 6]); // two floats of padding, then the 2x2 weight
  const spec: ModelSpec = {
    inputs: [{ name: 'x', dims: [1, 2] }],
    output: 'y',
    initializers: [externalTensor('B', [2, 2], 'weights.data', 8, 16)],
    nodes: [{ op: 'MatMul', inputs: ['x', 'B'], outputs: ['y'], name: '/mm' }],
  };
  const bytes = onnxBytes(spec);
  const r = readOnnxModel({ name: 'm.onnx', bytes }, [{ name: 'weights.data', bytes: new Uint8Array(values.buffer) }]);
  assert.equal([...r.weights.get('mm/kernel')!], [3, 4, 5, 6]);
  assert.throws(() => readOnnxModel({ name: 'm.onnx', bytes }), /m\.onnx keeps tensor B in the external file "weights\.data", which was not given: drop m\.onnx and weights\.data together/);
});

test('refused: an unsupported operator, named with its node and the supported list', () => {
  refusal({
    inputs: INPUT,
    output: 'y',
    nodes: [{ op: 'Resize', inputs: ['x'], outputs: ['y'], name: '/up/Resize' }],
  }, 'model-unknown-layer', /test\.onnx: Resize node "\/up\/Resize" is an operator convlens does not support\. Supported: .*Conv.*/);
  refusal({
    inputs: INPUT,
    output: 'y',
    nodes: [{ op: 'MyOp', inputs: ['x'], outputs: ['y'], name: 'custom', domain: 'com.example' }],
  }, 'model-unknown-layer', /MyOp node "custom" is from the operator domain "com\.example"/);
});

test('refused: settings the engine cannot run, each naming the node', () => {
  const w = tensor('w', [2, 2, 1, 1], [1, 1, 1, 1]);
  refusal({ inputs: INPUT, output: 'y', nodes: [{ op: 'Transpose', inputs: ['x'], outputs: ['t'], name: '/T', attributes: { perm: [0, 1, 3, 2] } }, { op: 'Relu', inputs: ['t'], outputs: ['y'], name: '/r' }] },
    'model-unsupported-setting', /Relu node "\/r" reads the output of Transpose "\/T"; convlens folds a Transpose only into the Reshape or Flatten it feeds/);
  refusal({ inputs: INPUT, output: 'y', nodes: [{ op: 'MaxPool', inputs: ['x'], outputs: ['y'], name: '/p', attributes: { kernel_shape: [2, 2], dilations: [2, 2] } }] },
    'model-unsupported-setting', /MaxPool node "\/p" has dilations \[2,2\]/);
  refusal({ inputs: INPUT, output: 'y', initializers: [w], nodes: [{ op: 'Conv', inputs: ['x', 'x'], outputs: ['y'], name: '/c' }] },
    'model-unsupported-setting', /Conv node "\/c" computes its weight \(input 1\) at run time/);
  refusal({ inputs: INPUT, output: 'y', nodes: [{ op: 'Pad', inputs: ['x', 'p'], outputs: ['y'], name: '/pad', attributes: { mode: 'wrap' } }], initializers: [tensor('p', [8], [0, 0, 1, 1, 0, 0, 1, 1], 'int64')] },
    'model-unsupported-setting', /Pad node "\/pad" has mode "wrap"/);
  refusal({ inputs: INPUT, output: 'y', nodes: [{ op: 'Softmax', inputs: ['x'], outputs: ['y'], name: '/s', attributes: { axis: 3 } }] },
    'model-unsupported-setting', /Softmax node "\/s" takes the softmax over axis 3 of \[1,2,3,4\]/);
});

test('refused: two inputs, a non-image input, a dynamic size unless given', () => {
  refusal({ inputs: [{ name: 'a', dims: [1, 3] }, { name: 'b', dims: [1, 3] }], output: 'y', nodes: [{ op: 'Add', inputs: ['a', 'b'], outputs: ['y'] }] },
    'model-input', /takes 2 inputs \(a, b\); convlens needs one image input/);
  const dynamic: ModelSpec = { inputs: [{ name: 'x', dims: [null, 3, null, null] }], output: 'y', nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }] };
  refusal(dynamic, 'model-input-size', /input "x" leaves axis 2 of \(\?, 3, \?, \?\) dynamic; give the input size/);
  const given = readOnnxModel({ name: 'd.onnx', bytes: onnxBytes(dynamic) }, [], { inputSize: [64, 48] });
  assert.equal(given.graph.nodes[0].attributes, { op: 'input', shape: [64, 48, 3] });
  assert.ok(given.dynamicInput);
});

test('recognised by content: ONNX files sniff as onnx whatever their name; a text file named .onnx is refused as text', async () => {
  assert.is(sniffModelFile(onnxBytes({ inputs: INPUT, output: 'y', nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }] })), 'onnx');
  if (FIXTURES) for (const name of ['lecture-cifar10.onnx', 'lenet-view-flatten.onnx']) assert.is(sniffModelFile(new Uint8Array(readFileSync(FIXTURES + name))), 'onnx', name);
  const text = new TextEncoder().encode('torch.onnx.export(model, x, "model.onnx")\n');
  assert.is(sniffModelFile(text), 'unknown');
  const withH5 = () => Promise.reject(new Error('no HDF5 here'));
  try {
    await readModelFiles([{ name: 'model.onnx', bytes: text }], withH5);
    assert.unreachable();
  } catch (error) {
    assert.is((error as Error).message, `model.onnx is not a model file: it is plain text. ${SUPPORTED_FORMATS}.`);
  }
  const read = await readModelFiles([{ name: 'renamed.bin', bytes: onnxBytes({ inputs: INPUT, output: 'y', nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }] }) }], withH5);
  assert.is(read.kind, 'graph');
  assert.is(read.description, 'ONNX model (opset 13, convlens-test)');
});

test('refused: bytes that are not ONNX protobuf at all', () => {
  assert.throws(() => readOnnxModel({ name: 'x.onnx', bytes: new Uint8Array([0x08, 0x07, 0x12, 0xff, 0xff]) }), /x\.onnx starts like an ONNX model but cannot be decoded/);
});

test.run();
