import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { columnsAttribute, layersAttribute, normalizeAttribute } from '../src/element/attributes';
import type { ModelSummary } from '../worker/contract';

const attributes = suite('<conv-lens> attributes');

const summary = {
  defaultLayers: ['conv2d', 'max_pooling2d'],
  rows: [
    { name: 'conv2d', drawable: true }, { name: 'max_pooling2d', drawable: true }, { name: 'flatten', drawable: false },
  ],
} as unknown as ModelSummary;

attributes('normalize: the three modes, channel for anything else', () => {
  assert.equal(['channel', 'layer', 'global'].map(normalizeAttribute), ['channel', 'layer', 'global']);
  assert.is(normalizeAttribute(null), 'channel');
  assert.is(normalizeAttribute('Global'), 'channel');
});

attributes('columns: a positive integer, otherwise null (the rows fit the width)', () => {
  assert.is(columnsAttribute('4'), 4);
  for (const bad of [null, '', '0', '-2', '2.5', 'four']) assert.is(columnsAttribute(bad), null, String(bad));
});

attributes('layers: commas or spaces; none means the default; names that cannot be drawn are reported', () => {
  assert.equal(layersAttribute(null, summary), { layers: ['conv2d', 'max_pooling2d'], unknown: [] });
  assert.equal(layersAttribute(' max_pooling2d, conv2d ', summary), { layers: ['max_pooling2d', 'conv2d'], unknown: [] });
  assert.equal(layersAttribute('conv2d flatten nope', summary), { layers: ['conv2d'], unknown: ['flatten', 'nope'] });
});

attributes.run();
