/**
 * The README's embed snippet on a course page of another origin, in headless Chromium: the
 * project's server (`npm start`, COOP/COEP on) serves convlens as a CDN does, a second
 * server is the course site; the widget renders every layer there, and the iframe embed
 * from that other origin still shows its layers and reports its height.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../../serve.mjs';
import { hasChromium, launchBrowser } from './chromium';

const SIX_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
const WAIT = { timeout: 90_000 };

interface Ctx { browser: Browser; cdn: StartedServer; course: StartedServer; site: string; page: Page; problems: string[] }
const ctx = {} as Ctx;

const test = suite('convlens embedded from another origin');

test.before(async () => {
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  ctx.cdn = await startServer({});
  const cdn = ctx.cdn.url;
  ctx.site = mkdtempSync(join(tmpdir(), 'convlens-course-'));
  writeFileSync(join(ctx.site, 'index.html'), `<!doctype html><meta charset="utf-8"><title>Week 3</title><link rel="icon" href="data:,">
<h1>Week 3: convolution</h1>
<script type="module" src="${cdn}convlens.js"></script>
<conv-lens model="${cdn}models/cifar10/model.json" src="${cdn}samples/chelsea.png" lang="en"></conv-lens>`);
  writeFileSync(join(ctx.site, 'frame.html'), `<!doctype html><meta charset="utf-8"><title>Week 3, framed</title><link rel="icon" href="data:,">
<script>
  // The README's sizing script, and a record of the heights heard.
  window.heights = [];
  addEventListener('message', (event) => {
    for (const frame of document.querySelectorAll('iframe'))
      if (frame.contentWindow === event.source && event.data?.type === 'convlens:height') frame.style.height = event.data.height + 'px';
    if (event.data?.type === 'convlens:height') window.heights.push(event.data.height);
  });
</script>
<iframe src="${cdn}embed.html?src=samples/chelsea.png&layers=conv2d,max_pooling2d&lang=ko" title="convlens" style="width:100%;height:400px;border:0"></iframe>`);
  // The course site sends no isolation headers, as LMS pages do not.
  ctx.course = await startServer({ root: ctx.site, isolated: false });
  assert.is.not(new URL(ctx.course.url).origin, new URL(cdn).origin, 'two origins');
  ctx.browser = await launchBrowser();
  ctx.problems = [];
});

test.after(async () => {
  await ctx.browser?.close();
  await ctx.cdn?.close();
  await ctx.course?.close();
  if (ctx.site) rmSync(ctx.site, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  ctx.problems = [];
  const page = await ctx.browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (error) => ctx.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => message.type() === 'error' && ctx.problems.push(`console: ${message.text()}`));
  page.on('requestfailed', (request) => ctx.problems.push(`failed: ${request.url()} ${request.failure()?.errorText}`));
  await page.goto(new URL(path, ctx.course.url).href);
  return page;
}

test('the server sends convlens’ files as a CDN does', async () => {
  for (const file of ['convlens.js', 'worker.js', 'tfjs-backend-wasm-simd.wasm', 'models/cifar10/model.json']) {
    const response = await fetch(new URL(file, ctx.cdn.url), { headers: { Origin: 'http://course.example' } });
    await response.arrayBuffer();
    assert.is(response.headers.get('access-control-allow-origin'), '*', file);
    assert.is(response.headers.get('cross-origin-resource-policy'), 'cross-origin', file);
  }
});

test('the README’s two lines on a course page of another origin render every layer', async () => {
  const page = await open('index.html');
  const result = await page.evaluate(async () => {
    const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the widget did not run within 60 s')), 60_000));
    return Promise.race([late, (async () => {
      await customElements.whenDefined('conv-lens');
      const lens = document.querySelector('conv-lens') as any;
      await lens.ready;
      const done = await lens.run(lens.getAttribute('src'));
      const layers = (await lens.activations()).map((a: any) => a.name);
      return { top: done.top[0]?.name, layers, backend: lens.backend?.backend };
    })()]);
  });
  assert.equal(result.layers, SIX_LAYERS);
  assert.is(result.top, 'cat');
  assert.is(result.backend, 'wasm');
  await page.waitForFunction(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')]
    .every((layer) => layer.dataset.painted !== '0' && layer.dataset.painted === layer.dataset.tiles && layer.querySelectorAll('.tile').length === Number(layer.dataset.tiles)), null, WAIT);
  const error = await page.evaluate(() => !document.querySelector('conv-lens')!.shadowRoot!.querySelector<HTMLElement>('.error')!.hidden);
  assert.not.ok(error, 'the widget shows an error');
  assert.equal(ctx.problems, [], 'nothing blocked or failed');
  await page.close();
});

test('the iframe embed from another origin shows its layers and reports its height', async () => {
  const page = await open('frame.html');
  const frame = page.frames().find((f) => f.url().startsWith(ctx.cdn.url))!;
  assert.ok(frame, 'the embed frame');
  await frame.waitForFunction(() => {
    const layers = [...(document.querySelector('conv-lens')?.shadowRoot?.querySelectorAll<HTMLElement>('.layer') ?? [])];
    return layers.length === 2 && layers.every((layer) => layer.dataset.painted !== '0' && layer.dataset.painted === layer.dataset.tiles && layer.querySelectorAll('.tile').length === Number(layer.dataset.tiles));
  }, null, WAIT);
  await page.waitForFunction(() => (window as any).heights.length > 0 && (window as any).heights.at(-1) > 400, null, WAIT);
  const names = await frame.evaluate(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')].map((l) => l.dataset.layer));
  assert.equal(names, ['conv2d', 'max_pooling2d']);
  assert.equal(ctx.problems, [], 'nothing blocked or failed');
  await page.close();
});

if (hasChromium()) test.run();
else console.log('SKIP cross-origin embed browser test: /usr/bin/chromium is not installed');
