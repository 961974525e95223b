/**
 * What the widget says, in Node: every error code the worker can throw gets a headline in
 * both languages, the message box shows untrusted details as text and switches language
 * live, warnings are shown once each, a layer wider than MAX_CHANNELS shows its first tiles
 * until "show all", and the README's table names every headline and limit.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as dom from './helpers/dom';
import { AlertPanel } from '../src/views/alerts';
import { HEADLINES, describeError, headlineKey } from '../src/languages/errors';
import { MESSAGES, formatBytes } from '../src/languages/i18n';
import { LayerGrid, MAX_CHANNELS } from '../src/views/layer-grid';
import { STALL_TIMEOUT_MS } from '../src/element/worker-client';
import { MAX_IMAGE_PIXELS } from '../worker/image/decode';
import { MAX_MODEL_BYTES } from '../worker/engine/load-model';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const EVIL = '<img src=x onerror="globalThis.pwned=1">';

/** Every code a ConvlensError or ModelFormatError is thrown with anywhere in worker/. */
function workerCodes(): string[] {
  const files = (dir: string): string[] => readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
  const codes = new Set<string>();
  for (const file of files(join(ROOT, 'worker'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/'((?:image|model|weights|layer|metadata|no)-[a-z0-9-]+)'/g)) codes.add(match[1]);
  }
  return [...codes].sort();
}

const codes = suite('headlines by error code');

codes('finds the worker’s codes', () => {
  assert.ok(workerCodes().length >= 25, workerCodes().join(' '));
});

codes('gives every worker code a headline of its own or of its family, in both languages', () => {
  for (const code of workerCodes()) {
    const key = headlineKey(code);
    assert.ok(MESSAGES.en[key] && MESSAGES.ko[key], `${code} -> ${key}`);
    if (/^(image|model|weights)-/.test(code)) assert.is.not(key, 'errGeneral', code);
  }
});

codes('names only headlines that exist, and no code twice', () => {
  for (const [code, key] of Object.entries(HEADLINES)) assert.type(MESSAGES.ko[key], 'string', code);
});

codes('describes an error with a code, one without, a string and a thrown non-error', () => {
  const coded = Object.assign(new Error('cut.jpg is cut off.'), { code: 'image-truncated' });
  assert.equal(describeError(coded, MESSAGES.ko), { code: 'image-truncated', headline: MESSAGES.ko.errImageTruncated, detail: 'cut.jpg is cut off.' });
  assert.equal(describeError(new Error('odd'), MESSAGES.en), { code: null, headline: MESSAGES.en.errGeneral, detail: 'odd' });
  assert.equal(describeError('plain words', MESSAGES.en).detail, 'plain words');
  assert.equal(describeError({ message: 'from a worker' }, MESSAGES.en).detail, 'from a worker');
  assert.is(describeError(Object.assign(new Error('x'), { code: 'image-someday' }), MESSAGES.en).headline, MESSAGES.en.errImageDecode, 'a new image code gets the image family’s headline');
});

codes.run();

const panel = suite('AlertPanel');
panel.before(() => void dom.setup());
panel.before.each(dom.reset);

panel('shows the headline and an untrusted detail as text, with the code, and switches language live', () => {
  const alerts = new AlertPanel(MESSAGES.en);
  document.body.append(alerts.error);
  const shown = alerts.showError(Object.assign(new Error(`${EVIL}.jpg is a text file, not a picture.`), { code: 'image-not-image' }));
  assert.is(shown.headline, MESSAGES.en.errImageNotImage);
  assert.not.ok(alerts.error.hidden);
  assert.is(alerts.error.dataset.code, 'image-not-image');
  assert.is(alerts.error.querySelector('.detail')!.textContent, `${EVIL}.jpg is a text file, not a picture.`);
  assert.is(alerts.error.querySelectorAll('img').length, 0);
  alerts.translate(MESSAGES.ko);
  assert.is(alerts.error.querySelector('.headline')!.textContent, MESSAGES.ko.errImageNotImage);
  alerts.clearError();
  assert.ok(alerts.error.hidden);
});

panel('takes a headline given instead of the code’s', () => {
  const alerts = new AlertPanel(MESSAGES.ko);
  const shown = alerts.showError(Object.assign(new Error('stopped'), { code: 'worker-crashed' }), 'errWorkerGaveUp');
  assert.is(shown.headline, MESSAGES.ko.errWorkerGaveUp);
});

panel('shows each warning once under one headline, and hides them when cleared', () => {
  const alerts = new AlertPanel(MESSAGES.en);
  alerts.addWarnings([`Weight ${EVIL} holds 2 NaN or infinite values.`]);
  alerts.addWarnings([`Weight ${EVIL} holds 2 NaN or infinite values.`, 'Weight b holds 1 NaN or infinite values.']);
  assert.not.ok(alerts.notice.hidden);
  assert.is(alerts.notice.querySelector('.headline')!.textContent, MESSAGES.en.warnWeights);
  assert.equal([...alerts.notice.querySelectorAll('li')].map((li) => li.textContent), [`Weight ${EVIL} holds 2 NaN or infinite values.`, 'Weight b holds 1 NaN or infinite values.']);
  alerts.clearWarnings();
  assert.ok(alerts.notice.hidden);
});

panel.run();

const wide = suite('channel limit');
wide.before(() => void dom.setup());
wide.before.each(dom.reset);

wide(`draws the first ${MAX_CHANNELS} channels of a wider layer, then all on "show all"`, () => {
  const row = { name: 'wide', type: 'Conv2D', outputShape: [null, 2, 2, 300], params: 0, drawable: true };
  const grid = new LayerGrid({ row, columns: 16, messages: MESSAGES.en, formatBytes, onOpen() {} });
  document.body.append(grid.element);
  const more = grid.element.querySelector('.more') as HTMLElement;
  assert.is(grid.element.querySelectorAll('.tile').length, MAX_CHANNELS);
  assert.not.ok(more.hidden);
  assert.is(more.textContent, `${MESSAGES.en.showingFirst(MAX_CHANNELS, 300)} ${MESSAGES.en.showAll(300)}`);
  (grid.element.querySelector('button.show-all') as HTMLButtonElement).click();
  assert.is(grid.element.querySelectorAll('.tile').length, 300);
  assert.ok(more.hidden);
  assert.is(grid.count, 300);
});

wide('shows no "show all" for a layer within the limit', () => {
  const row = { name: 'conv', type: 'Conv2D', outputShape: [null, 2, 2, MAX_CHANNELS], params: 0, drawable: true };
  const grid = new LayerGrid({ row, columns: 16, messages: MESSAGES.en, formatBytes, onOpen() {} });
  assert.ok((grid.element.querySelector('.more') as HTMLElement).hidden);
});

wide.run();

const readme = suite('README');

readme('names every limit and every headline of its table in English and Korean', () => {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = text.slice(text.indexOf('## Limits and messages'));
  assert.ok(section.length > 1000, 'the README has a "Limits and messages" section');
  assert.ok(section.includes(MAX_IMAGE_PIXELS.toLocaleString('en')), 'maximum image pixels');
  assert.ok(section.includes(`${MAX_MODEL_BYTES / 1024 / 1024} MB`), 'maximum model bytes');
  assert.ok(section.includes(`${MAX_CHANNELS} channels`), 'channels drawn per layer');
  assert.ok(section.includes(`${STALL_TIMEOUT_MS / 1000} s`), 'stall timeout');
  for (const key of new Set(Object.values(HEADLINES))) {
    if (key === 'errWorkerStart') continue;
    assert.ok(section.includes(MESSAGES.en[key]) && section.includes(MESSAGES.ko[key]), key);
  }
});

readme.run();
