/**
 * The demo page on a 375 px phone, in both languages (and at 320 px), after a run: nothing scrolls the page
 * sideways (its code snippet wraps inside its box), and the colour-range radios wrap inside
 * their own row instead of running out of it. Screenshots in test-artifacts/.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync } from 'node:fs';
import { servedDemo } from './served-demo';

const ARTIFACTS = new URL('../../test-artifacts/', import.meta.url);

const test = suite('the demo page on a phone');
const ctx = servedDemo(test, 'demo-page-layout');

if (ctx) {
  test.before(() => { mkdirSync(ARTIFACTS, { recursive: true }); });

  // 375 px: the phone the first screen is laid out for; 320 px: the radios must wrap there.
  for (const [lang, width] of [['en', 375], ['ko', 375], ['en', 320]] as const) {
    test(`${lang} at ${width} px: no horizontal overflow of the document, the code, or the colour-range row`, async () => {
      const page = await ctx.browser.context.newPage();
      try {
        await page.setViewportSize({ width, height: 812 });
        await page.goto(`${ctx.server.url}?lang=${lang}`);
        await page.evaluate(async () => {
          const el = document.querySelector('conv-lens') as any;
          await customElements.whenDefined('conv-lens');
          await el.ready;
          await el.run('./samples/chelsea.png');
        });
        const measured = await page.evaluate(() => {
          const doc = document.documentElement;
          const root = document.querySelector('conv-lens')!.shadowRoot!;
          const row = root.querySelector<HTMLElement>('.normalize')!.getBoundingClientRect();
          const radios = [...root.querySelectorAll<HTMLElement>('.normalize label')].map((l) => l.getBoundingClientRect());
          return {
            scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth,
            widest: Math.max(...[...document.querySelectorAll<HTMLElement>('main, .story, pre')].map((e) => e.getBoundingClientRect().right)),
            pre: [...document.querySelectorAll('pre')].map((p) => [p.scrollWidth, p.clientWidth]),
            radiosOutside: radios.filter((r) => r.right > row.right + 0.5 || r.left < row.left - 0.5).length,
            radios: radios.length,
          };
        });
        assert.ok(measured.scrollWidth <= measured.clientWidth, `the document is ${measured.scrollWidth} px wide in a ${measured.clientWidth} px viewport`);
        assert.ok(measured.widest <= measured.clientWidth, `a section reaches ${measured.widest} px`);
        for (const [scroll, client] of measured.pre) assert.ok(scroll <= client, `a code box holds ${scroll} px in ${client} px`);
        assert.is(measured.radios, 3);
        assert.is(measured.radiosOutside, 0, 'every colour-range choice lies inside its row');
        await page.screenshot({ path: new URL(`demo-${width}-${lang}.png`, ARTIFACTS).pathname, fullPage: true });
      } finally {
        await page.close();
      }
    });
  }

  test.run();
}
