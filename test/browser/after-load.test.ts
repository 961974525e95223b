/**
 * The demo page and the iframe embed ask for the widget's script only once they have loaded:
 * a script in <head> would hold their load event (and the course page's, which waits for its
 * iframes), while the browser animates the tab's loading indicator. The widget still comes up,
 * and the embed reports no height before it is defined.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { skipPart } from '../helpers/skip';

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>> }
const ctx = {} as Ctx;
const test = suite('the widget script after the page has loaded');

if (!hasChromium()) {
  skipPart('after-load browser test: no Chromium at /usr/bin/chromium');
} else {
  test.before(async () => {
    assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
  });
  test.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  for (const path of ['index.html', 'embed.html?src=samples/chelsea.png&layers=conv2d']) {
    test(`${path.split('?')[0]}: convlens.js is requested after the load event, and the widget runs`, async () => {
      const page = await ctx.browser.context.newPage();
      try {
        await page.goto(ctx.server.url + path);
        const seen = await page.evaluate(async () => {
          await customElements.whenDefined('conv-lens');
          const el = document.querySelector('conv-lens') as any;
          await el.ready;
          const done = await el.run('./samples/chelsea.png');
          const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          const script = performance.getEntriesByType('resource').find((entry) => new URL(entry.name).pathname.endsWith('/convlens.js'))!;
          return { loadStart: navigation.loadEventStart, scriptStart: script.startTime, top: done.top[0].name };
        });
        assert.ok(seen.loadStart > 0, 'the page loaded');
        assert.ok(seen.scriptStart >= seen.loadStart, `convlens.js asked for at ${seen.scriptStart.toFixed(0)} ms, the load event began at ${seen.loadStart.toFixed(0)} ms`);
        assert.is(seen.top, 'cat');
      } finally {
        await page.close();
      }
    });
  }

  test.run();
}
