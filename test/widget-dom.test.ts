import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as dom from './helpers/dom';
import { h, setAttributes } from '../src/views/dom';
import { MESSAGES } from '../src/languages/i18n';
import { PredictionPanel } from '../src/views/prediction';
import { SummaryTable } from '../src/views/summary-table';
import { InputPanel } from '../src/inputs/input-panel';
import { ZoomDialog } from '../src/views/zoom';
import type { ModelSummary } from '../worker/contract';

/** A string that would run script if it ever became markup. */
const EVIL = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';

dom.setup();

/** No element the evil string could have made, and the string shown literally as text. */
function assertInert(root: Element): void {
  assert.is(root.querySelector('b'), null, 'a <b> was parsed from text');
  assert.is(root.querySelectorAll('img:not([class])').length, 0, 'an <img> was parsed from text');
  assert.ok((root.textContent ?? '').includes(EVIL) || root.outerHTML.includes('&lt;img'), 'the text is shown literally');
  assert.is((globalThis as { pwned?: number }).pwned, undefined);
}

const build = suite('h');
build.before.each(dom.reset);

build('turns string children into text nodes, never markup', () => {
  const element = h('p', {}, [EVIL]);
  assert.is(element.childNodes.length, 1);
  assert.is(element.firstChild!.nodeType, 3);
  assert.is(element.textContent, EVIL);
});

build('sets attribute values as values, and leaves out null and false', () => {
  const element = h('div', { 'aria-label': EVIL, hidden: true, title: null, 'data-x': false });
  assert.is(element.getAttribute('aria-label'), EVIL);
  assert.is(element.getAttribute('hidden'), '');
  assert.not.ok(element.hasAttribute('title'));
  setAttributes(element, { hidden: false });
  assert.not.ok(element.hasAttribute('hidden'));
});

build.run();

const untrusted = suite('untrusted strings');
untrusted.before.each(dom.reset);

untrusted('shows class names from a model file as text in the prediction bars', () => {
  const panel = new PredictionPanel(MESSAGES.en);
  document.body.append(panel.element);
  panel.show([{ index: 0, name: EVIL, probability: 0.9 }, { index: 1, name: 'cat', probability: 0.1 }]);
  assertInert(panel.element);
  assert.is(panel.element.querySelector('li')!.getAttribute('aria-label'), `${EVIL}: 90.0%`);
});

untrusted('shows model and layer names from a model file as text in the summary', () => {
  const table = new SummaryTable(MESSAGES.en);
  const summary: ModelSummary = {
    modelName: EVIL, rows: [{ name: EVIL, type: EVIL, outputShape: [null, 4, 4, 2], params: 10, drawable: true }],
    totalParams: 10, trainableParams: 10, nonTrainableParams: 0, weightBytes: 40, inputShape: [6, 6, 1],
    defaultLayers: [EVIL], metadata: { classNames: null, pixelScale: 1 },
  };
  table.show(summary, [EVIL]);
  assertInert(table.element);
  assert.ok(table.element.textContent!.includes(`${EVIL} (${EVIL})`));
});

untrusted('shows a file name as text under the original photo', () => {
  const panel = new InputPanel({ messages: MESSAGES.en, onPick() {}, onError() {}, dialogParent: document.body });
  document.body.append(panel.element);
  const preview = { width: 2, height: 2, sourceWidth: 4, sourceHeight: 4, rgba: new Uint8ClampedArray(16) };
  panel.showImage({ image: 'http://localhost/cat.png', name: EVIL }, preview, 3);
  assertInert(panel.element.querySelector('figure')!);
  assert.is(panel.element.querySelector('.photo')!.getAttribute('alt'), `Original photo: ${EVIL}`);
});

untrusted('shows a layer name as text in the zoom title', () => {
  const zoom = new ZoomDialog(MESSAGES.en);
  document.body.append(zoom.element);
  zoom.open({
    layer: EVIL, index: 0, count: 1, activation: { shape: [1, 2, 2, 1], data: new Float32Array(4) }, range: { min: 0, max: 1 },
    rows: [], inputShape: [2, 2, 3], preview: null, original: null,
  }, null);
  assertInert(zoom.element.querySelector('.zoom-title')!);
});

untrusted.run();

const source = suite('widget source');

source('never uses innerHTML, outerHTML, insertAdjacentHTML or document.write', () => {
  const dir = new URL('../src/', import.meta.url);
  const files = readdirSync(dir, { recursive: true }).map(String).filter((name) => name.endsWith('.ts'));
  assert.ok(files.length > 20, `found only ${files.length} source files under src/`);
  for (const file of files) {
    const code = readFileSync(new URL(file, dir), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
    assert.not.match(code, /\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write|createContextualFragment/, file);
  }
});

source.run();
