/**
 * The instruments' strings (views/instruments/messages.ts) meet the same rules as the
 * widget's own table: the same keys and arities in Korean and English, nothing empty, no
 * placeholder left, Korean in Hangul; the widget's cold-path keys for them exist too.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { INSTRUMENT_MESSAGES } from '../src/views/instruments/messages';
import { MESSAGES } from '../src/languages/i18n';

function render(message: unknown): string {
  if (typeof message === 'string') return message;
  const fn = message as (...args: unknown[]) => string;
  return fn(...Array.from({ length: fn.length }, (_, i) => (i % 2 ? 7 : 'x')));
}

const test = suite('instrument messages');

test('the same keys and arities in both languages', () => {
  const en = INSTRUMENT_MESSAGES.en as Record<string, unknown>;
  const ko = INSTRUMENT_MESSAGES.ko as Record<string, unknown>;
  assert.equal(Object.keys(ko).sort(), Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    assert.is(typeof ko[key], typeof en[key], key);
    if (typeof en[key] === 'function') assert.is((ko[key] as () => string).length, (en[key] as () => string).length, `${key} arity`);
  }
});

test('nothing empty, no placeholder left, Korean written in Hangul', () => {
  for (const lang of ['ko', 'en'] as const) {
    for (const [key, message] of Object.entries(INSTRUMENT_MESSAGES[lang])) {
      const text = render(message);
      assert.ok(text.trim().length > 0, `${lang}.${key} is empty`);
      assert.not.match(text, /undefined|\$\{|NaN/, `${lang}.${key}`);
      if (lang === 'ko' && /[A-Za-z]{4,}/.test(text.replace(/Grad-CAM|ReLU|conv2d\w*|PNG/g, ''))) assert.match(text, /[\uac00-\ud7a3]/, `ko.${key} is not translated`);
    }
  }
  assert.is.not(INSTRUMENT_MESSAGES.ko.aboutInactive, INSTRUMENT_MESSAGES.en.aboutInactive);
});

test('the button and the no-photo message on the cold path exist in both languages', () => {
  for (const lang of ['ko', 'en'] as const) {
    assert.match(MESSAGES[lang].explainOpen, /Grad-CAM/);
    assert.ok(MESSAGES[lang].explainNoPhoto.length > 10);
  }
  assert.match(MESSAGES.ko.explainNoPhoto, /[\uac00-\ud7a3]/);
});

test('the values reach the sentences', () => {
  assert.is(INSTRUMENT_MESSAGES.en.explainCaption('cat', 3, 'conv2d_3', 3, 3), 'cat (class 3) · conv2d_3, 3×3 map');
  assert.is(INSTRUMENT_MESSAGES.ko.explainCaption('고양이', 3, 'conv2d_3', 3, 3), '고양이 (클래스 3) · conv2d_3, 3×3 맵');
  assert.is(INSTRUMENT_MESSAGES.ko.weightsHeading('3×3', 16, 32), '이 필터의 가중치: 3×3, 입력 채널 32개 중 16개');
});

test('the comparison and the grids\' menu speak both languages', () => {
  const { en, ko } = INSTRUMENT_MESSAGES;
  assert.is(en.comparePairName('conv2d, filter 3', '0.5', 12), 'A: conv2d, filter 3; B: max 0.5, 12% zero');
  assert.is(ko.comparePairName('conv2d, 필터 3', '0.5', 12), 'A: conv2d, 필터 3; B: 최댓값 0.5, 0인 값 12%');
  assert.is(en.compareCellValues('0.1', '-0.2'), 'B here = 0.1, A − B = -0.2');
  assert.is(ko.compareCellValues('0.1', '-0.2'), '이 칸의 B = 0.1, A − B = -0.2');
  assert.is(ko.compareDiffCaption('0.6'), 'A − B (빨강: A가 큼, 파랑: B가 큼, ±0.6)');
  for (const key of ['compareBarHeading', 'compareBarAbout', 'compareEnd', 'compareShown', 'compareNoPrediction'] as const) {
    assert.match(ko[key], /[\uac00-\ud7a3]/, `ko.${key}`);
    assert.is.not(ko[key], en[key]);
  }
  assert.match(ko.gridTools('conv2d'), /^conv2d 더 보기/);
});

test.run();
