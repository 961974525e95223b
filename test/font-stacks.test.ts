/**
 * One set of font stacks (src/views/styles/fonts.ts) for the widget and the pages that ship
 * with it: every font family the widget's styles, the demo page and the photo credits name
 * is one of the three stacks, so no page looks up a family the widget does not (each name a
 * system lacks is a call to the browser process before the first paint, on Linux and
 * ChromeOS). The static files cannot import the stacks; this holds their copies to them.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { CODE_FONTS, KOREAN_FONTS, TEXT_FONTS } from '../src/views/styles/fonts';
import { STYLES } from '../src/views/styles';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const STACKS = [TEXT_FONTS, KOREAN_FONTS, CODE_FONTS];

/** The family lists of every `font-family:` and `font:` declaration in `css` (`inherit` left out). */
function familiesIn(css: string): string[] {
  const lists: string[] = [];
  for (const [, property, raw] of css.matchAll(/(?:^|[;{\s])(font-family|font)\s*:\s*([^;}]+)/g)) {
    const value = raw.trim();
    if (value === 'inherit') continue;
    // The shorthand: [style] [weight] size[/line-height] families.
    lists.push(property === 'font' ? value.replace(/^(?:[\w-]+\s+)*?[\d.]+(?:px|rem|em)(?:\/[\d.]+\w*)?\s+/, '') : value);
  }
  return lists;
}

const test = suite('font stacks');

test('the helper reads both kinds of declaration', () => {
  assert.equal(familiesIn('a { font: 700 16px/1.6 A, b; } b { font-family: "C D", e } c { font: inherit; }'), ['A, b', '"C D", e']);
});

for (const [name, css] of [
  ["the widget's styles", STYLES],
  ['static/demo.css', read('static/demo.css')],
  ['static/samples/ATTRIBUTION.html', read('static/samples/ATTRIBUTION.html')],
] as const) {
  test(`${name} name only the three stacks`, () => {
    const lists = familiesIn(css);
    assert.ok(lists.length > 0, 'some font declared');
    for (const list of lists) assert.ok(STACKS.includes(list), `${name}: ${list}`);
  });
}

test('the widget and the demo page set Korean text in the Hangul-first stack', () => {
  assert.ok(familiesIn(STYLES).includes(KOREAN_FONTS));
  assert.match(read('static/demo.css'), `body:lang(ko) { font-family: ${KOREAN_FONTS}; }`);
});

test.run();
