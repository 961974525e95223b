import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LANGS, MESSAGES, formatBytes, formatCount, formatValue, resolveLang, toLang } from '../src/languages/i18n';
import * as dom from './helpers/dom';

const SAMPLE_ARGS: Record<string, unknown[]> = {
  // (layer, filter index, filter count, …): the count is a number (the range 0–n-1 is printed).
  tileName: ['conv2d', 2, 32, '4.1', 38],
  tilePending: ['conv2d', 2, 32],
  zoomTitle: ['conv2d', 2, 32],
};

/** Calls a message with harmless arguments of the right kinds. */
function render(message: unknown, key: string): string {
  if (typeof message === 'string') return message;
  const fn = message as (...args: unknown[]) => string;
  const args = SAMPLE_ARGS[key] ?? Array.from({ length: fn.length }, (_, i) => (i % 2 ? 7 : 'x'));
  return fn(...args);
}

const tables = suite('MESSAGES');

tables('has Korean and English', () => {
  assert.equal([...LANGS].sort(), ['en', 'ko']);
});

tables('has the same keys in both languages, with the same kind of value', () => {
  const en = MESSAGES.en as Record<string, unknown>;
  const ko = MESSAGES.ko as Record<string, unknown>;
  assert.equal(Object.keys(ko).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.is(typeof ko[key], typeof en[key], key);
    if (typeof en[key] === 'function') assert.is((ko[key] as () => string).length, (en[key] as () => string).length, `${key} arity`);
  }
});

tables('has no empty string and no leftover placeholder in either language', () => {
  for (const lang of LANGS) {
    for (const [key, message] of Object.entries(MESSAGES[lang])) {
      const text = render(message, key);
      assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
      assert.not.match(text, /undefined|\$\{|NaN/, `${lang}.${key}`);
    }
  }
});

tables('writes Korean in Hangul wherever English has words to translate', () => {
  const untranslated = Object.entries(MESSAGES.ko).filter(([key, message]) => {
    const text = render(message, key);
    return /[A-Za-z]{4,}/.test(text) && !/[\uac00-\ud7a3]/.test(text);
  });
  assert.equal(untranslated.map(([key]) => key), []);
});

tables('puts the values into the sentences', () => {
  assert.is(MESSAGES.en.inactive(12, 256), '12 / 256 filters inactive');
  // Filters count from 0, as in activations[0][0, :, :, 2]; the range says where they end.
  assert.is(MESSAGES.en.tileName('conv2d', 2, 32, '4.1', 38), 'conv2d, filter 2 (0–31), max 4.1, 38% zero');
  assert.is(MESSAGES.ko.zoomTitle('conv2d', 0, 32), 'conv2d · 필터 0 (0–31)');
  assert.is(MESSAGES.en.cellValue(3, 27, '0.5'), '(row 3, col 27) = 0.5');
  assert.is(MESSAGES.ko.pixelValue(3, 28, 1, 2, 3), '픽셀 (행 3, 열 28): R 1, G 2, B 3');
  // Compute time, and the download apart only when there was one.
  assert.is(MESSAGES.en.layerTime('17.0', null), 'computed in 17.0 ms');
  assert.is(MESSAGES.en.layerTime('17.0', '1012'), 'computed in 17.0 ms · weights downloaded in 1012 ms');
  assert.is(MESSAGES.ko.layerTime('17.0', '1012'), '계산 17.0 ms · 가중치 내려받기 1012 ms');
  assert.ok(MESSAGES.ko.inactive(12, 256).includes('256') && MESSAGES.ko.inactive(12, 256).includes('12'));
  assert.is(MESSAGES.en.backendLabel('wasm', true, 2), 'WASM · SIMD · 2 threads');
});

tables.run();

const lang = suite('resolveLang');
lang.before(() => void dom.setup());
lang.after(() => dom.teardown());
lang.before.each(() => {
  dom.reset();
  document.documentElement.removeAttribute('lang');
});

lang('takes the element’s own lang first', () => {
  document.documentElement.lang = 'en';
  const element = document.createElement('div');
  element.setAttribute('lang', 'ko-KR');
  document.body.append(element);
  assert.is(resolveLang(element), 'ko');
});

lang('falls back to the nearest ancestor’s lang (the page)', () => {
  document.documentElement.lang = 'ko';
  const section = document.createElement('section');
  section.setAttribute('lang', 'en');
  const element = document.createElement('div');
  section.append(element);
  document.body.append(section);
  assert.is(resolveLang(element), 'en');
  const other = document.createElement('div');
  document.body.append(other);
  assert.is(resolveLang(other), 'ko');
});

lang('reads any non-Korean language as English', () => {
  assert.is(toLang('fr'), 'en');
  assert.is(toLang('KO'), 'ko');
  assert.is(toLang(''), null);
});

lang.run();

const format = suite('formatters');

format('writes byte sizes the short way', () => {
  assert.is(formatBytes(912), '912 B');
  assert.is(formatBytes(73984), '72.3 KB');
  assert.is(formatBytes(2_738_000), '2.6 MB');
});

format('groups parameter counts as Keras prints them', () => {
  assert.is(formatCount(684746), '684,746');
  assert.is(formatCount(0), '0');
});

format('writes values with 3 significant digits', () => {
  assert.is(formatValue(4.1234), '4.12');
  assert.is(formatValue(0), '0');
  assert.is(formatValue(123456), '1.23e+5');
});

format.run();
