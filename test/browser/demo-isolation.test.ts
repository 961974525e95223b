/**
 * `npm start` isolates (COOP/COEP) only where WASM threads would run: serve.mjs sends the
 * headers to a request carrying ISOLATION_COOKIE, and the demo page sets that cookie on a
 * device where tfjs would start more than one thread (half the logical cores, as
 * worker/backend.ts wasmThreadsWanted). A 2-core phone never pays isolation's cold-load cost;
 * an 8-core laptop is isolated from its second visit on. The browser half fakes the page's
 * core count with an init script (the worker still sees the machine's own).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { ISOLATION_COOKIE, startServer, wantsIsolation } from '../../serve.mjs';
import { wasmThreadsWanted } from '../../worker/backend';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { skipPart } from '../helpers/skip';

const Headers = suite('serve.mjs: which responses get COOP/COEP');

Headers('auto isolates exactly the requests that carry the cookie, among others', () => {
  assert.is(wantsIsolation('auto', ''), false);
  assert.is(wantsIsolation('auto', undefined), false);
  assert.is(wantsIsolation('auto', ISOLATION_COOKIE), true);
  assert.is(wantsIsolation('auto', `theme=dark; ${ISOLATION_COOKIE}; lang=ko`), true);
  assert.is(wantsIsolation('auto', 'convlens-threads=0'), false);
  assert.is(wantsIsolation('auto', 'xconvlens-threads=1'), false);
  assert.is(wantsIsolation(true, ''), true);
  assert.is(wantsIsolation(false, ISOLATION_COOKIE), false);
});

Headers('an auto server isolates the page only with the cookie, says it varies, and gives the worker script COEP either way', async () => {
  const server = await startServer({ isolated: 'auto' });
  try {
    for (const path of ['', 'index.html', 'embed.html', 'worker.js']) {
      const document = !path.endsWith('.js');
      const plain = await fetch(server.url + path);
      assert.is(plain.status, 200, path);
      assert.is(plain.headers.get('cross-origin-opener-policy'), null, path);
      // An isolated page's worker needs COEP even when the page has just dropped the cookie.
      assert.is(plain.headers.get('cross-origin-embedder-policy'), document ? null : 'require-corp', path);
      assert.is(plain.headers.get('vary'), 'Cookie', path);
      const withCookie = await fetch(server.url + path, { headers: { cookie: ISOLATION_COOKIE } });
      assert.is(withCookie.headers.get('cross-origin-opener-policy'), 'same-origin', path);
      assert.is(withCookie.headers.get('cross-origin-embedder-policy'), 'require-corp', path);
      assert.is.not(withCookie.headers.get('etag'), plain.headers.get('etag'), `${path}: one ETag per answer`);
    }
  } finally {
    await server.close();
  }
});

Headers.run();

const Demo = suite('the demo page asks for isolation only where threads would run');

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>> }
const ctx = {} as Ctx;

/** The demo page at `cores` logical cores (as the page sees them): isolated or not, its cookie, and the widget's backend. */
async function visit(cores: number) {
  const page = await ctx.browser.context.newPage();
  try {
    // A string: tsx would wrap a function's inner arrow in a helper the page does not have.
    await page.addInitScript(`Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${cores} })`);
    await page.goto(ctx.server.url);
    return await page.evaluate(async () => {
      const el = document.querySelector('conv-lens') as any;
      await customElements.whenDefined('conv-lens');
      await el.ready;
      const done = await el.run('./samples/chelsea.png');
      return { isolated: crossOriginIsolated, cookie: document.cookie, backend: el.backend.backend as string, top: done.top[0].name as string };
    });
  } finally {
    await page.close();
  }
}

if (!hasChromium()) {
  skipPart('demo-isolation browser half: no Chromium at /usr/bin/chromium');
} else {
  Demo.before(async () => {
    assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
    ctx.server = await startServer({ isolated: 'auto' });
    ctx.browser = await launchChromium();
  });
  Demo.before.each(() => ctx.browser.context.clearCookies());
  Demo.after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });

  Demo('2 cores (one tfjs thread): never isolated, no cookie, and the widget runs', async () => {
    assert.is(wasmThreadsWanted(2), 1);
    for (const visitNumber of [1, 2]) {
      const seen = await visit(2);
      assert.equal(seen, { isolated: false, cookie: '', backend: 'wasm', top: 'cat' }, `visit ${visitNumber}`);
    }
  });

  Demo('8 cores (four threads): the first visit sets the cookie, the next is isolated and runs', async () => {
    assert.ok(wasmThreadsWanted(8) > 1);
    const first = await visit(8);
    assert.equal(first, { isolated: false, cookie: ISOLATION_COOKIE, backend: 'wasm', top: 'cat' });
    const second = await visit(8);
    assert.equal(second, { isolated: true, cookie: ISOLATION_COOKIE, backend: 'wasm', top: 'cat' });
  });

  Demo('4 cores, the smallest count with two threads, asks too; 3 does not', async () => {
    assert.is(wasmThreadsWanted(4), 2);
    assert.is((await visit(4)).cookie, ISOLATION_COOKIE);
    await ctx.browser.context.clearCookies();
    assert.is(wasmThreadsWanted(3), 1);
    assert.is((await visit(3)).cookie, '');
  });

  Demo('a cookie left from a bigger device is taken back where threads would not run', async () => {
    await visit(8);
    const isolated = await visit(2);
    assert.is(isolated.isolated, true, 'the request still carried the old cookie');
    assert.is(isolated.cookie, '', 'the page cleared it');
    assert.is((await visit(2)).isolated, false);
  });

  Demo.run();
}
