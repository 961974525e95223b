/**
 * The demo page and the iframe embed ask for the widget's script only once they have loaded:
 * a script in <head> would hold their load event (and the course page's, which waits for its
 * iframes), while the browser animates the tab's loading indicator. The widget still comes up,
 * and the embed reports no height before it is defined. A course page's one line,
 * convlens-lazy.js, does the same.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { servedDemo } from './served-demo';

const test = suite('the widget script after the page has loaded');
const ctx = servedDemo(test, 'after-load', false);

/** In the page: waits for the widget, runs it, and says when convlens.js (and `loader`) were asked for. */
async function runAfterLoad(loader: string | null) {
  await customElements.whenDefined('conv-lens');
  const el = document.querySelector('conv-lens') as any;
  await el.ready;
  const done = await el.run('./samples/chelsea.png');
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
  const script = resources.find((entry) => new URL(entry.name).pathname.endsWith('/convlens.js'))!;
  const loaded = resources.find((entry) => loader !== null && new URL(entry.name).pathname.endsWith(`/${loader}`));
  return { loadStart: navigation.loadEventStart, scriptStart: script.startTime, loaderBytes: loaded?.decodedBodySize ?? 0, top: done.top[0].name };
}

function assertAfterLoad(seen: Awaited<ReturnType<typeof runAfterLoad>>): void {
  assert.ok(seen.loadStart > 0, 'the page loaded');
  assert.ok(seen.scriptStart >= seen.loadStart, `convlens.js asked for at ${seen.scriptStart.toFixed(0)} ms, the load event began at ${seen.loadStart.toFixed(0)} ms`);
  assert.is(seen.top, 'cat');
}

if (ctx) {
  for (const path of ['index.html', 'embed.html?src=samples/chelsea.png&layers=conv2d']) {
    test(`${path.split('?')[0]}: convlens.js is requested after the load event, and the widget runs`, async () => {
      const page = await ctx.browser.context.newPage();
      try {
        await page.goto(ctx.server.url + path);
        assertAfterLoad(await page.evaluate(runAfterLoad, null));
      } finally {
        await page.close();
      }
    });
  }

  // A course page's one line: convlens-lazy.js in <head>, the element in the body.
  test('convlens-lazy.js on a course page: convlens.js is requested after the load event, the widget runs, the loader is tiny', async () => {
    const page = await ctx.browser.context.newPage();
    try {
      await page.route(`${ctx.server.url}course.html`, (route) => route.fulfill({
        contentType: 'text/html',
        body: '<!doctype html><html lang="ko"><head><meta charset="utf-8"><script type="module" src="./convlens-lazy.js"></script></head>'
          + '<body><h1>강의</h1><conv-lens src="./samples/chelsea.png" layers="conv2d"></conv-lens></body></html>',
      }));
      await page.goto(`${ctx.server.url}course.html`);
      const seen = await page.evaluate(runAfterLoad, 'convlens-lazy.js');
      assertAfterLoad(seen);
      assert.ok(seen.loaderBytes > 0 && seen.loaderBytes < 1024, `convlens-lazy.js is ${seen.loaderBytes} bytes`);
    } finally {
      await page.close();
    }
  });

  test.run();
}
