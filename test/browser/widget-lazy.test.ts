/**
 * What <conv-lens> computes on its own, in headless Chromium: on a phone-sized viewport
 * only layers near the viewport are computed and their weights fetched; a new image
 * supersedes a running one without ever painting stale results; several widgets share
 * one worker and one copy of the weights; errors show inside the widget.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { instrument } from './reliability-harness';

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; weights: string[]; photos: string[] }
const ctx = {} as Ctx;

async function openPage(path: string, width = 1100, height = 900): Promise<Page> {
  const page = await ctx.browser.context.newPage();
  await page.setViewportSize({ width, height });
  page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await page.goto(ctx.server.url + path);
  // The demo page defines the widget after its load event (the test pages at once).
  await page.waitForFunction(() => customElements.get('conv-lens') !== undefined);
  return page;
}

/** A page with the given widgets and nothing else, served from the test server's origin. */
async function routePage(name: string, body: string): Promise<void> {
  await ctx.browser.context.route(`**/__widget/${name}.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><meta charset="utf-8"><script type="module" src="/convlens.js"></script>${body}`,
  }));
}

const state = (page: Page, layer: string) => page.evaluate(
  (name) => (document.querySelector('conv-lens')!.shadowRoot!.querySelector(`.layer[data-layer="${name}"]`) as HTMLElement).dataset.state,
  layer,
);
const layerEvents = (page: Page) => page.evaluate(() => (globalThis as any).events.filter((e: any) => e.type === 'convlens:layer').map((e: any) => e.detail.name));
const fetched = (layer: string) => ctx.weights.filter((url) => url.includes(`/${layer}.`)).length;

const test = suite('<conv-lens> laziness, superseding and sharing');

test.before(async () => {
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  ctx.server = await startServer({});
  ctx.browser = await launchChromium();
  ctx.weights = [];
  ctx.browser.context.on('request', (request) => request.url().endsWith('.bin') && ctx.weights.push(request.url()));
  // The worker reads a photo with fetch(); the page shows it with <img> (an `image` request).
  ctx.photos = [];
  ctx.browser.context.on('request', (request) => request.resourceType() === 'fetch' && /\/samples\/[^/]+\.(png|jpe?g)$/.test(request.url()) && ctx.photos.push(request.url()));
  await ctx.browser.context.addInitScript(instrument);
});

test.after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

test('on a phone computes the first screen at once (conv2d and the prediction), deeper layers when scrolled to', async () => {
  ctx.weights.length = 0;
  const page = await openPage('?lang=ko', 360, 640);
  await page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.prediction')!.dataset.state === 'done');
  await page.waitForFunction(() => (globalThis as any).events.some((e: any) => e.detail?.name === 'conv2d'));
  await page.waitForTimeout(300);
  const first = await layerEvents(page);
  assert.ok(first.includes('conv2d'), 'the first layer is computed without scrolling');
  assert.not.ok(first.includes('conv2d_3'), `conv2d_3 waits until it comes near: ${first}`);
  assert.is(await state(page, 'conv2d_3'), 'waiting', 'its weights came for the prediction, but it is not computing');
  assert.not.ok(await page.evaluate(() => (globalThis as any).events.some((e: any) => e.type === 'convlens:done')), 'not everything is done');
  await page.locator('conv-lens .layer[data-layer="conv2d_3"]').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (globalThis as any).events.some((e: any) => e.detail?.name === 'conv2d_3'));
  assert.is(fetched('conv2d_3'), 1, 'each weight file once');
  for (const layer of ['max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1']) await page.locator(`conv-lens .layer[data-layer="${layer}"]`).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (globalThis as any).events.some((e: any) => e.type === 'convlens:done'));
  const done = await page.evaluate(() => (globalThis as any).events.find((e: any) => e.type === 'convlens:done').detail);
  assert.is(done.top.length, 5);
  await page.close();
});

test('el.run() computes every layer even when none is in view', async () => {
  const page = await openPage('', 360, 640);
  const names = await page.evaluate(async () => {
    const el = document.querySelector('conv-lens') as any;
    await el.ready;
    await el.run('./samples/coffee.png');
    return (await el.activations()).map((a: any) => a.name);
  });
  assert.equal(names, ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3']);
  await page.close();
});

test('the worker fetches a photo once, however many runs read it', async () => {
  // The first run of an image brings its preview, the next ones the layers and the prediction;
  // they start before the first has read the photo, and each used to fetch and decode it again.
  ctx.photos.length = 0;
  const page = await openPage('', 360, 640);
  await page.waitForFunction(() => (globalThis as any).events.some((e: any) => e.detail?.name === 'conv2d'));
  await page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.prediction')!.dataset.state === 'done');
  for (const layer of ['max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3']) await page.locator(`conv-lens .layer[data-layer="${layer}"]`).scrollIntoViewIfNeeded();
  await page.waitForFunction(() => (globalThis as any).events.some((e: any) => e.type === 'convlens:done'));
  const runs = await page.evaluate(() => (globalThis as any).workerCalls.run as number);
  assert.ok(runs >= 2, `the widget ran its first photo more than once: ${runs} runs`);
  assert.is(ctx.photos.length, 1, `the demo's photo fetched by the worker: ${ctx.photos.join(', ')}`);
  await page.evaluate(async () => {
    const el = document.querySelector('conv-lens') as any;
    await el.run('./samples/coffee.png');
    await el.explain();
  });
  assert.equal(ctx.photos.map((url) => url.split('/').pop()).slice(1), ['coffee.png'], 'el.run() and el.explain() of it: one fetch');
  await page.close();
});

test('a new image supersedes the running one, and no stale result is painted', async () => {
  const page = await openPage('');
  const sums = () => page.evaluate(async () => {
    const list = await (document.querySelector('conv-lens') as any).activations();
    return list.map((a: any) => a.data.reduce((s: number, v: number) => s + v, 0));
  });
  await page.evaluate(async () => {
    const el = document.querySelector('conv-lens') as any;
    await el.ready;
    await el.run('./samples/rocket.jpg');
  });
  const clean = await sums();
  const result = await page.evaluate(async () => {
    const el = document.querySelector('conv-lens') as any;
    const first = el.run('./samples/astronaut.png');
    await new Promise((resolve) => el.addEventListener('convlens:layer', resolve, { once: true }));
    const second = el.run('./samples/rocket.jpg');
    const outcome = await first.then(() => 'resolved', (error: Error) => error.name);
    await second;
    return { outcome, caption: el.shadowRoot.querySelector('.input-panel figcaption').textContent };
  });
  const after = await sums();
  assert.is(result.outcome, 'AbortError');
  assert.equal(after, clean);
  assert.match(result.caption, /rocket\.jpg/);
  await page.close();
});

test('two widgets share one worker and fetch each weight file once', async () => {
  ctx.weights.length = 0;
  await routePage('two', '<conv-lens id="a" lang="en"></conv-lens><conv-lens id="b" lang="ko"></conv-lens>');
  const page = await openPage('__widget/two.html');
  const workers = await page.evaluate(async () => {
    const [a, b] = [...document.querySelectorAll('conv-lens')] as any[];
    await Promise.all([a.ready, b.ready]);
    await Promise.all([a.run('/samples/chelsea.png'), b.run('/samples/coffee.png')]);
    await a.run('/samples/rocket.jpg');
    const during = { ...(globalThis as any).workers };
    // A removed widget lets go at the end of the task (a move within the page keeps everything).
    a.remove();
    await Promise.resolve();
    const oneLeft = { ...(globalThis as any).workers };
    b.remove();
    await Promise.resolve();
    return { during, oneLeft, after: { ...(globalThis as any).workers } };
  });
  assert.equal(workers.during, { started: 1, terminated: 0 });
  assert.equal(workers.oneLeft, { started: 1, terminated: 0 }, 'the worker stays while a widget needs it');
  assert.equal(workers.after, { started: 1, terminated: 1 }, 'the last widget to leave ends it');
  const perFile = new Map<string, number>();
  for (const url of ctx.weights) perFile.set(url, (perFile.get(url) ?? 0) + 1);
  assert.is(perFile.size, 6, 'six weight files');
  assert.ok([...perFile.values()].every((n) => n === 1), JSON.stringify([...perFile]));
  await page.close();
});

test('builds nothing below the first screen before the first grid is painted, and all of it after', async () => {
  // Under a CPU quota the page's work while the worker starts delays the first tile: sample
  // thumbnails, the instruments' chunk, the other grids' cells and rendering, and the camera
  // question (it starts the browser's media services) must wait for it.
  await routePage('first-screen', '<conv-lens src="/samples/chelsea.png" lang="en"></conv-lens>');
  const page = await ctx.browser.context.newPage();
  await page.addInitScript(() => {
    const g = globalThis as any;
    g.deviceQueries = 0;
    const enumerate = MediaDevices.prototype.enumerateDevices;
    MediaDevices.prototype.enumerateDevices = function () {
      g.deviceQueries++;
      return enumerate.call(this);
    };
    addEventListener('convlens:layer', (event) => {
      const root = (event.target as Element).shadowRoot!;
      (globalThis as any).atFirstLayer ??= {
        requested: performance.getEntriesByType('resource').map((entry) => entry.name).filter((url) => /\/thumbs\/|instruments-/.test(url)),
        cellsBelow: [...root.querySelectorAll('.layer')].slice(1).map((grid) => grid.querySelectorAll('.tile').length),
        // Kept room but not rendered (no layout, raster or compositing of their placeholders).
        renderedBelow: [...root.querySelectorAll('.layer')].slice(1).map((grid) => getComputedStyle(grid).contentVisibility),
        // The first grid is rendered at once (not laid out at an estimated height first).
        renderedFirst: getComputedStyle(root.querySelector('.layer')!).contentVisibility,
        samples: root.querySelectorAll('.sample').length,
        deviceQueries: g.deviceQueries,
      };
    }, true);
  });
  await page.goto(`${ctx.server.url}/__widget/first-screen.html`);
  const at = await page.waitForFunction(() => (globalThis as any).atFirstLayer, null, { timeout: 30_000 }).then((handle) => handle.jsonValue());
  assert.equal(at, { requested: [], cellsBelow: [0, 0, 0, 0, 0], renderedBelow: Array(5).fill('hidden'), renderedFirst: 'visible', samples: 0, deviceQueries: 0 });
  // Once the first grid is painted, the rest comes when the page is idle.
  await page.waitForFunction(() => {
    const root = document.querySelector('conv-lens')!.shadowRoot!;
    const cells = [...root.querySelectorAll('.layer')].map((grid) => grid.querySelectorAll('.tile').length);
    const chunk = performance.getEntriesByType('resource').some((entry) => entry.name.includes('instruments-'));
    const rendered = [...root.querySelectorAll('.layer')].every((grid, i) => getComputedStyle(grid).contentVisibility === (i === 0 ? 'visible' : 'auto'));
    return chunk && rendered && root.querySelectorAll('.sample').length === 4 && cells.length === 6 && cells.every((n) => n > 0) && (globalThis as any).deviceQueries === 1;
  }, null, { timeout: 30_000 });
  await page.close();
});

test('shows the sample photos at once when there is no photo to show', async () => {
  await routePage('no-photo', '<conv-lens lang="en"></conv-lens>');
  const page = await openPage('/__widget/no-photo.html');
  await page.waitForFunction(() => document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll('.sample').length === 4, null, { timeout: 30_000 });
  await page.close();
});

test('draws only the layers named in the layers attribute', async () => {
  await routePage('some', '<conv-lens lang="en" layers="conv2d, conv2d_3"></conv-lens>');
  const page = await openPage('__widget/some.html');
  const seen = await page.evaluate(async () => {
    const el = document.querySelector('conv-lens') as any;
    await el.ready;
    await el.run('/samples/chelsea.png');
    const marked = [...el.shadowRoot.querySelectorAll('table.summary tr.shown')].map((row: any) => row.dataset.layer);
    const ready = (globalThis as any).events.filter((e: any) => e.type === 'convlens:ready').length;
    return { names: (await el.activations()).map((a: any) => a.name), grids: el.shadowRoot.querySelectorAll('.layer').length, marked, ready };
  });
  assert.equal(seen, { names: ['conv2d', 'conv2d_3'], grids: 2, marked: ['conv2d', 'conv2d_3'], ready: 1 });
  await page.close();
});

test('shows a readable error inside the widget and fires convlens:error', async () => {
  await routePage('broken', '<conv-lens lang="en" model="/models/missing/model.json"></conv-lens>');
  const page = await openPage('__widget/broken.html');
  await page.waitForFunction(() => (globalThis as any).events.some((e: any) => e.type === 'convlens:error'));
  const shown = await page.evaluate(() => {
    const box = document.querySelector('conv-lens')!.shadowRoot!.querySelector('.error') as HTMLElement;
    return { hidden: box.hidden, role: box.getAttribute('role'), text: box.textContent, event: (globalThis as any).events.find((e: any) => e.type === 'convlens:error').detail.message };
  });
  assert.not.ok(shown.hidden);
  assert.is(shown.role, 'alert');
  assert.match(shown.event, /404/);
  assert.ok(shown.text!.includes(shown.event));
  await page.close();
});

if (hasChromium()) test.run();
else console.log('SKIP widget-lazy browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
