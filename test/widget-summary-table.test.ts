import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as dom from './helpers/dom';
import { SummaryTable, formatShape } from '../src/views/summary-table';
import { MESSAGES } from '../src/languages/i18n';
import type { ModelSummary, SummaryRow } from '../worker/contract';

const row = (name: string, type: string, shape: (number | null)[], params: number): SummaryRow => ({ name, type, outputShape: shape, params, drawable: shape.length === 4 });
const SUMMARY: ModelSummary = {
  modelName: 'sequential',
  rows: [row('conv2d', 'Conv2D', [null, 30, 30, 32], 896), row('flatten', 'Flatten', [null, 28800], 0), row('dense', 'Dense', [null, 10], 288010)],
  totalParams: 288906, trainableParams: 288906, nonTrainableParams: 0, weightBytes: 1155624, inputShape: [32, 32, 3],
  defaultLayers: ['conv2d'], metadata: { classNames: null, pixelScale: 1 },
};

const shape = suite('formatShape');

shape('writes shapes as Keras does, None for the batch', () => {
  assert.is(formatShape([null, 30, 30, 32]), '(None, 30, 30, 32)');
  assert.is(formatShape([null, 10]), '(None, 10)');
  assert.is(formatShape([null]), '(None,)');
});

shape.run();

const table = suite('SummaryTable');
table.before(() => void dom.setup());
table.after(() => dom.teardown());

table('has one row per layer with name (type), output shape and params, grouped by thousands', () => {
  const view = new SummaryTable(MESSAGES.en);
  view.show(SUMMARY, ['conv2d']);
  const rows = [...view.element.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
  assert.equal(rows[2], ['dense (Dense)', '(None, 10)', '288,010']);
  assert.is(rows.length, 3);
});

table('marks the visualised layers', () => {
  const view = new SummaryTable(MESSAGES.en);
  view.show(SUMMARY, ['conv2d']);
  const marked = [...view.element.querySelectorAll('tr.shown')].map((tr) => (tr as HTMLElement).dataset.layer);
  assert.equal(marked, ['conv2d']);
  // A drawn layer's row links to its grid, and says so to a screen reader.
  const link = view.element.querySelector<HTMLButtonElement>('tr.shown button.to-grid')!;
  assert.ok(link.getAttribute('aria-label')!.includes(MESSAGES.en.toGrid('conv2d')));
  assert.is(view.element.querySelectorAll('tr:not(.shown) button.to-grid').length, 0, 'only drawn layers link');
});

table('prints the totals, in the language asked for', () => {
  const view = new SummaryTable(MESSAGES.en);
  view.show(SUMMARY, []);
  assert.ok(view.element.querySelector('.totals')!.textContent!.includes('Total params: 288,906'));
  view.translate(MESSAGES.ko);
  assert.ok(view.element.querySelector('.totals')!.textContent!.includes('전체 파라미터: 288,906'));
  assert.is(view.element.querySelector('th')!.textContent, MESSAGES.ko.colLayer);
});

table.run();
