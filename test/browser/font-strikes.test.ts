/**
 * The first screen asks the system for few fonts. On Linux and ChromeOS the renderer looks up
 * each family it meets and each strike (font, size, weight) it draws with a synchronous call to
 * the browser process, made in the middle of layout: 56 of them before the demo's first tile at
 * 2026-12-01, 25-90 ms each at ¼ core (bench/font-lookups.ts). So the widget's
 * text keeps to four sizes and two weights, in Korean one font draws Hangul and Latin letters
 * alike, and the page around it keeps to a few sizes more. Checked on every text the page shows
 * after a run, at a desktop's width and a phone's, in both languages.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { servedDemo } from './served-demo';

const test = suite('few font strikes on the first screen');
const ctx = servedDemo(test, 'font-strikes', false);

/** The widget's sizes and weights (src/views/styles/frame.ts, --size-xs … --size-l). */
const WIDGET_SIZES = ['12px', '13px', '15px', '17px'];
const WEIGHTS = ['400', '700'];
/** The (family stack, size, weight) the page and the widget use together (26 before, at 1280 px in Korean). */
const MOST_STRIKES = 13;

interface Text { inWidget: boolean; family: string; size: string; weight: string; style: string; sample: string }

if (ctx) {
  for (const lang of ['ko', 'en'] as const) {
    for (const width of [1280, 375]) {
      test(`${lang} at ${width} px: the widget's four sizes and two weights, ${lang === 'ko' ? 'one font for Hangul and Latin' : 'the system font first'}, ≤ ${MOST_STRIKES} (family, size, weight)`, async () => {
        const page = await ctx.browser.context.newPage();
        try {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${ctx.server.url}?lang=${lang}`);
          const texts: Text[] = await page.evaluate(async () => {
            await customElements.whenDefined('conv-lens');
            const el = document.querySelector('conv-lens') as any;
            await el.ready;
            await el.run('./samples/chelsea.png');
            const host = el as HTMLElement;
            const found: Text[] = [];
            // Every text node the page draws, the widget's shadow root included (no recursion: a plain stack).
            const stack: Node[] = [document.body];
            while (stack.length) {
              const node = stack.pop()!;
              if (node instanceof Element && node.shadowRoot) stack.push(node.shadowRoot);
              stack.push(...node.childNodes);
              if (node.nodeType !== Node.TEXT_NODE || !node.textContent!.trim()) continue;
              const range = document.createRange();
              range.selectNodeContents(node);
              if (range.getBoundingClientRect().width === 0) continue;
              const style = getComputedStyle(node.parentElement!);
              found.push({
                inWidget: node.getRootNode() === host.shadowRoot, family: style.fontFamily, size: style.fontSize,
                weight: style.fontWeight, style: style.fontStyle, sample: node.textContent!.trim().slice(0, 40),
              });
            }
            return found;
          });
          const widget = texts.filter((t) => t.inWidget);
          assert.ok(widget.length > 40, `the widget drew ${widget.length} texts`);
          for (const text of widget) {
            assert.ok(WIDGET_SIZES.includes(text.size), `"${text.sample}" is ${text.size}, not one of ${WIDGET_SIZES.join(', ')}`);
          }
          for (const text of texts) {
            assert.ok(WEIGHTS.includes(text.weight), `"${text.sample}" has weight ${text.weight}`);
            assert.is(text.style, 'normal', `"${text.sample}"`);
          }
          // The text font (not the code's): in Korean the Hangul families first, so that Latin letters
          // come from the same font; in English the system's font first.
          const textFamilies = new Set(texts.filter((t) => !/monospace/.test(t.family)).map((t) => t.family.split(',')[0].trim()));
          assert.equal([...textFamilies], [lang === 'ko' ? '"Malgun Gothic"' : 'system-ui']);
          const strikes = new Set(texts.map((t) => `${t.family} ${t.size} ${t.weight}`));
          assert.ok(strikes.size <= MOST_STRIKES, `${strikes.size} (family, size, weight): ${[...strikes].join(' | ')}`);
        } finally {
          await page.close();
        }
      });
    }
  }

  test.run();
}
