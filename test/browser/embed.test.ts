/**
 * Embedding convlens on other people's pages, in headless Chromium: the README's two
 * lines on a page without COOP/COEP (SIMD, one thread) and with them (the threaded SIMD
 * binary); the iframe embed and its height message; the built folder served from a
 * sub-path; three widgets sharing one worker that ends with the last of them; and no
 * request to any host but localhost. No test asserts a time.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { startServer, type StartedServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { ISOLATION_HEADERS } from './test-pages';
import { embedAttributes } from '../../src/embed';

const SIX_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
const WAIT = { timeout: 60_000 };

/** Every URL any page of this file requested, for the last suite. */
const everyRequest: string[] = [];

interface Ctx {
  browser: LaunchedBrowser;
  server: StartedServer;
  /** Requests of the suite's context: URL and status (0 while unanswered). */
  requests: { url: string; status: number }[];
}

/** A fresh browser and server; `pages` maps a path to the HTML served there (with the server's headers). */
async function open(options: { isolated: boolean; base?: string }, pages: Record<string, string>): Promise<Ctx> {
  const server = await startServer({ isolated: options.isolated, base: options.base ?? '/' });
  const browser = await launchChromium();
  const requests: Ctx['requests'] = [];
  watch(browser.context, requests);
  for (const [path, html] of Object.entries(pages)) {
    await browser.context.route(new URL(path, server.url).href, (route) => route.fulfill({
      body: html, headers: { ...(options.isolated ? ISOLATION_HEADERS : {}), 'Content-Type': 'text/html; charset=utf-8' },
    }));
  }
  return { browser, server, requests };
}

function watch(context: BrowserContext, requests: Ctx['requests']): void {
  context.on('request', (request) => {
    everyRequest.push(request.url());
    requests.push({ url: request.url(), status: 0 });
  });
  context.on('response', (response) => {
    const entry = requests.find((r) => r.url === response.url() && r.status === 0);
    if (entry) entry.status = response.status();
  });
}

async function close(ctx: Ctx): Promise<void> {
  await ctx.browser?.close();
  await ctx.server?.close();
}

async function newPage(ctx: Ctx, path: string): Promise<Page> {
  const page = await ctx.browser.context.newPage();
  page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await page.goto(new URL(path, ctx.server.url).href);
  return page;
}

/**
 * Runs the first widget on `image` and returns the names of the layers it then holds. It
 * waits for `ready` first: a src attribute starts its own image then, which would
 * supersede a run() asked for earlier.
 */
function runWidget(page: Page, image: string): Promise<string[]> {
  return page.evaluate(async (src) => {
    await customElements.whenDefined('conv-lens');
    const lens = document.querySelector('conv-lens') as any;
    await lens.ready;
    await lens.run(src);
    return (await lens.activations()).map((a: { name: string }) => a.name);
  }, image);
}

const wasmFiles = (ctx: Ctx) => ctx.requests.filter((r) => r.url.endsWith('.wasm')).map((r) => r.url.split('/').pop());

/** The README's two lines, on an otherwise ordinary course page. */
const TWO_LINES = `<!doctype html><meta charset="utf-8"><title>Week 3</title>
<h1>Week 3: convolution</h1>
<script type="module" src="/convlens.js"></script>
<conv-lens src="/samples/chelsea.png" lang="en"></conv-lens>`;

// ---------------------------------------------------------------------------------------

const Query = suite('embedAttributes (the iframe embed reads its query string)');

Query('resolves model and src against the embed page and passes layers and lang through', () => {
  const attributes = embedAttributes('?model=models/cifar10/model.json&src=samples/cat.png&layers=conv2d,conv2d_1&lang=ko', 'https://lms.example/course/convlens/embed.html?x');
  assert.equal(attributes, {
    model: 'https://lms.example/course/convlens/models/cifar10/model.json',
    src: 'https://lms.example/course/convlens/samples/cat.png',
    layers: 'conv2d,conv2d_1',
    lang: 'ko',
  });
});

Query('drops URLs of other schemes and ignores parameters it does not know', () => {
  const attributes = embedAttributes('?model=javascript:alert(1)&src=file:///etc/passwd&onload=alert(1)&style=x', 'https://a.example/embed.html');
  assert.equal(attributes, {});
});

Query('keeps a data: photo but never a data: model, and leaves markup in values as text', () => {
  const attributes = embedAttributes('?src=data:image/png;base64,AAAA&model=data:application/json,{}&lang=<img src=x onerror=alert(1)>', 'https://a.example/e.html');
  assert.equal(attributes, { src: 'data:image/png;base64,AAAA', lang: '<img src=x onerror=alert(1)>' });
});

Query.run();

if (!hasChromium()) {
  console.log('SKIP embed browser tests: /usr/bin/chromium is not installed (apt-get install -y chromium)');
} else {
  // -------------------------------------------------------------------------------------
  const Plain = suite<Ctx>('script + element on a page without COOP/COEP (a usual course site)');
  Plain.before(async (ctx) => {
    assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/ is missing: run node build.mjs first');
    Object.assign(ctx, await open({ isolated: false }, { '__embed/course.html': TWO_LINES }));
  });
  Plain.after(close);

  Plain('computes the six layers on WASM SIMD with one thread, fetching only the SIMD binary', async (ctx) => {
    const page = await newPage(ctx, '__embed/course.html');
    assert.is(await page.evaluate(() => crossOriginIsolated), false);
    assert.equal(await runWidget(page, '/samples/chelsea.png'), SIX_LAYERS);
    const backend = await page.evaluate(() => (document.querySelector('conv-lens') as any).backend);
    assert.equal(backend, { backend: 'wasm', simd: true, threads: 1 });
    assert.equal(wasmFiles(ctx), ['tfjs-backend-wasm-simd.wasm']);
    await page.close();
  });

  Plain.run();

  // -------------------------------------------------------------------------------------
  const Isolated = suite<Ctx>('script + element on a page with COOP/COEP');
  Isolated.before(async (ctx) => {
    Object.assign(ctx, await open({ isolated: true }, { '__embed/course.html': TWO_LINES }));
  });
  Isolated.after(close);

  Isolated('chooses the threaded SIMD binary only when tfjs would use more than one thread, and reports the threads it uses', async (ctx) => {
    const page = await newPage(ctx, '__embed/course.html');
    assert.is(await page.evaluate(() => crossOriginIsolated), true);
    assert.equal(await runWidget(page, '/samples/chelsea.png'), SIX_LAYERS);
    const backend = await page.evaluate(() => (document.querySelector('conv-lens') as any).backend);
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(`  isolated: ${JSON.stringify(backend)} on ${cores} logical cores`);
    assert.is(backend.backend, 'wasm');
    assert.is(backend.simd, true);
    const threaded = Math.floor(cores / 2) > 1;
    assert.is(backend.threads > 1, threaded, `threads ${backend.threads}`);
    assert.equal(wasmFiles(ctx), [threaded ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm']);
    await page.close();
  });

  Isolated.run();

  // -------------------------------------------------------------------------------------
  const PARENT = `<!doctype html><meta charset="utf-8"><title>LMS page</title>
<p>Before the widget.</p>
<iframe id="convlens" title="convlens" style="width: 100%; border: 0"
  src="/embed.html?model=models/cifar10/model.json&amp;src=samples/chelsea.png&amp;layers=conv2d,max_pooling2d&amp;lang=ko"></iframe>
<p id="after">After the widget.</p>
<script>
  window.heights = [];
  addEventListener('message', (event) => {
    const frame = document.getElementById('convlens');
    if (event.source !== frame.contentWindow || event.data?.type !== 'convlens:height') return;
    window.heights.push(event.data.height);
    frame.style.height = event.data.height + 'px';
  });
</script>`;

  const Frame = suite<Ctx>('the iframe embed (embed.html?model=…&src=…&layers=…&lang=…)');
  Frame.before(async (ctx) => {
    Object.assign(ctx, await open({ isolated: false }, { '__embed/lms.html': PARENT }));
  });
  Frame.after(close);

  Frame('shows only the widget, configured from the query, with URLs resolved against embed.html', async (ctx) => {
    const page = await newPage(ctx, '__embed/lms.html');
    const frame = page.frame({ url: /embed\.html/ })!;
    await frame.waitForFunction(() => {
      const section = document.querySelector('conv-lens')?.shadowRoot?.querySelector('.layer[data-layer="conv2d"]') as HTMLElement | null;
      return section?.dataset.painted === '32';
    }, undefined, WAIT);
    const seen = await frame.evaluate(() => {
      const lens = document.querySelector('conv-lens')!;
      return {
        model: lens.getAttribute('model'), src: lens.getAttribute('src'), layers: lens.getAttribute('layers'), lang: lens.getAttribute('lang'),
        pageLang: document.documentElement.lang,
        grids: [...lens.shadowRoot!.querySelectorAll('.layer')].map((s) => (s as HTMLElement).dataset.layer),
        bodyChildren: [...document.body.children].map((e) => e.localName),
      };
    });
    assert.equal(seen, {
      model: `${ctx.server.url}models/cifar10/model.json`, src: `${ctx.server.url}samples/chelsea.png`,
      layers: 'conv2d,max_pooling2d', lang: 'ko', pageLang: 'ko', grids: ['conv2d', 'max_pooling2d'], bodyChildren: ['conv-lens'],
    });
    await page.close();
  });

  Frame('posts its content height to the parent, which then shows it whole, without a scrollbar', async (ctx) => {
    const page = await newPage(ctx, '__embed/lms.html');
    const frame = page.frame({ url: /embed\.html/ })!;
    await frame.evaluate(async () => {
      await customElements.whenDefined('conv-lens');
      const lens = document.querySelector('conv-lens') as any;
      await lens.ready;
      await lens.run('samples/chelsea.png');
    });
    // The height settles once the widget has laid out its result.
    await page.waitForFunction(() => {
      const frame = document.getElementById('convlens') as HTMLIFrameElement;
      const inner = frame.contentDocument!;
      return (globalThis as any).heights.length > 0 && frame.clientHeight === Math.ceil(inner.body.getBoundingClientRect().height);
    }, undefined, WAIT);
    const sizes = await page.evaluate(() => {
      const frame = document.getElementById('convlens') as HTMLIFrameElement;
      const inner = frame.contentDocument!;
      return { heights: (globalThis as any).heights as number[], frame: frame.clientHeight, scroll: inner.documentElement.scrollHeight };
    });
    assert.ok(sizes.heights.every((h) => Number.isInteger(h) && h > 0), `heights ${sizes.heights}`);
    assert.ok(sizes.heights.at(-1)! > 300, `the widget is taller than a default iframe: ${sizes.heights.at(-1)}`);
    assert.ok(sizes.scroll <= sizes.frame, `content ${sizes.scroll} px in an iframe of ${sizes.frame} px`);
    await page.close();
  });

  Frame('turns hostile query values into attributes, never into markup or script', async (ctx) => {
    const page = await newPage(ctx, 'embed.html?lang=%3Cimg%20src%3Dx%20onerror%3D%22window.owned%3D1%22%3E&src=javascript:window.owned=2');
    await page.waitForFunction(() => customElements.get('conv-lens') !== undefined, undefined, WAIT);
    const seen = await page.evaluate(() => ({
      images: document.querySelectorAll('img').length,
      owned: (globalThis as any).owned ?? null,
      src: document.querySelector('conv-lens')!.getAttribute('src'),
    }));
    assert.equal(seen, { images: 0, owned: null, src: null });
    await page.close();
  });

  Frame.run();

  // -------------------------------------------------------------------------------------
  const BASE = '/course/week3/';
  // The page sits one folder below the script; the model is not named, so its URL must
  // come from the script's own location, not the page's.
  const LESSON = `<!doctype html><meta charset="utf-8"><title>Lesson</title>
<script type="module" src="../convlens.js"></script>
<conv-lens lang="en"></conv-lens>`;

  const SubPath = suite<Ctx>(`the built folder copied to a sub-path (${BASE})`);
  SubPath.before(async (ctx) => {
    Object.assign(ctx, await open({ isolated: false, base: BASE }, { [`${BASE}lesson/intro.html`]: LESSON }));
  });
  SubPath.after(close);

  SubPath('script + element: the default model, worker, WASM and weights all load from the sub-path', async (ctx) => {
    const page = await newPage(ctx, 'lesson/intro.html');
    assert.equal(await runWidget(page, '../samples/chelsea.png'), SIX_LAYERS);
    const paths = ctx.requests.map((r) => new URL(r.url).pathname);
    assert.ok(paths.includes(`${BASE}models/cifar10/model.json`), paths.join('\n'));
    assert.ok(paths.includes(`${BASE}worker.js`), paths.join('\n'));
    assert.ok(paths.includes(`${BASE}tfjs-backend-wasm-simd.wasm`), paths.join('\n'));
    assert.equal(paths.filter((p) => !p.startsWith(BASE)), [], 'requests outside the sub-path');
    assert.equal(ctx.requests.filter((r) => r.status >= 400).map((r) => r.url), [], 'failed requests');
    await page.close();
  });

  SubPath('the iframe embed works from the sub-path too', async (ctx) => {
    ctx.requests.length = 0;
    const page = await newPage(ctx, 'embed.html?src=samples/chelsea.png&layers=conv2d');
    await page.waitForFunction(() => {
      const section = document.querySelector('conv-lens')?.shadowRoot?.querySelector('.layer[data-layer="conv2d"]') as HTMLElement | null;
      return section?.dataset.painted === '32';
    }, undefined, WAIT);
    const paths = ctx.requests.map((r) => new URL(r.url).pathname);
    assert.equal(paths.filter((p) => !p.startsWith(BASE)), [], 'requests outside the sub-path');
    assert.equal(ctx.requests.filter((r) => r.status >= 400).map((r) => r.url), [], 'failed requests');
    await page.close();
  });

  SubPath.run();

  // -------------------------------------------------------------------------------------
  const THREE = `<!doctype html><meta charset="utf-8"><title>Three widgets</title>
<script type="module" src="/convlens.js"></script>
<conv-lens id="a" lang="en"></conv-lens><conv-lens id="b" lang="en"></conv-lens><conv-lens id="c" lang="ko"></conv-lens>`;

  const Shared = suite<Ctx>('several widgets on one page');
  Shared.before(async (ctx) => {
    Object.assign(ctx, await open({ isolated: false }, { '__embed/three.html': THREE, '__embed/three-again.html': THREE }));
  });
  Shared.after(close);

  Shared('three widgets share one worker and fetch each weight file once', async (ctx) => {
    const page = await newPage(ctx, '__embed/three.html');
    const layers = await page.evaluate(async () => {
      const lenses = [...document.querySelectorAll('conv-lens')] as any[];
      await Promise.all(lenses.map((lens) => lens.run('/samples/chelsea.png')));
      return Promise.all(lenses.map(async (lens) => (await lens.activations()).map((a: { name: string }) => a.name)));
    });
    assert.equal(layers, [SIX_LAYERS, SIX_LAYERS, SIX_LAYERS]);
    assert.is(page.workers().length, 1, 'workers on the page');
    const weights = ctx.requests.filter((r) => r.url.endsWith('.bin')).map((r) => r.url.split('/').pop()!);
    assert.ok(weights.length > 0);
    assert.equal(weights, [...new Set(weights)], 'a weight file fetched twice');
    await page.close();
  });

  Shared('removing widgets keeps the worker until the last one goes, then terminates it', async (ctx) => {
    const page = await newPage(ctx, '__embed/three-again.html');
    await page.evaluate(async () => {
      await customElements.whenDefined('conv-lens');
      await Promise.all([...document.querySelectorAll('conv-lens')].map((lens: any) => lens.ready));
    });
    assert.is(page.workers().length, 1);
    const worker = page.workers()[0];
    let closed = false;
    worker.on('close', () => (closed = true));
    await page.evaluate(() => {
      document.getElementById('a')!.remove();
      document.getElementById('b')!.remove();
    });
    // Give a wrongly early termination the chance to show.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    assert.is(closed, false, 'the worker ended while a widget still needed it');
    assert.equal(await page.evaluate(() => (document.getElementById('c') as any).run('/samples/chelsea.png').then(() => 'ran')), 'ran');
    await page.evaluate(() => document.getElementById('c')!.remove());
    await page.waitForFunction(() => document.querySelectorAll('conv-lens').length === 0);
    for (let i = 0; i < 100 && page.workers().length > 0; i++) await page.waitForTimeout(50);
    assert.is(page.workers().length, 0, 'a worker outlived the last widget');
    assert.ok(closed);
    // A widget added later starts a fresh worker and works.
    const names = await page.evaluate(async () => {
      const lens = document.body.appendChild(document.createElement('conv-lens')) as any;
      await lens.run('/samples/chelsea.png');
      return (await lens.activations()).map((a: { name: string }) => a.name);
    });
    assert.equal(names, SIX_LAYERS);
    assert.is(page.workers().length, 1);
    await page.close();
  });

  Shared.run();

  // -------------------------------------------------------------------------------------
  const Local = suite('self-contained');

  Local('no page above asked any host but localhost', () => {
    const remote = everyRequest.filter((url) => {
      const { protocol, hostname } = new URL(url);
      if (protocol === 'data:' || protocol === 'blob:') return false;
      return hostname !== 'localhost' && hostname !== '127.0.0.1';
    });
    assert.ok(everyRequest.length > 50, `only ${everyRequest.length} requests recorded`);
    assert.equal(remote, []);
  });

  Local.run();
}
