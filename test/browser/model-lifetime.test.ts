/**
 * One model at a time per widget: a channel's model is let go (weights disposed) when the
 * channel moves to another model and no other channel uses it; a refused model never
 * replaces the one in use. Checked through the worker's own tensor count in Chromium.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { routeTestPages } from './test-pages';

const MODEL_JSON = JSON.parse(readFileSync(new URL('../../models/cifar10/model.json', import.meta.url), 'utf8'));
const SHARDS: string[] = MODEL_JSON.weightsManifest.map((group: { paths: string[] }) => group.paths[0]);
/** The lecture model holds 684,746 float32 parameters in 12 weight tensors (6 layers × kernel and bias). */
const ONE_MODEL = { numTensors: 12, numBytes: 684746 * 4 };

interface Context {
  browser: LaunchedBrowser;
  server: Awaited<ReturnType<typeof startServer>>;
  page: Page;
}

const call = <T>(page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([name, values]) => (globalThis as any).convlensTest[name as string](...(values as unknown[])), [method, args] as const) as Promise<T>;

/** The default model's files with a different model name (so different content, a new model). */
function copy(n: number, truncate?: string) {
  const json = structuredClone(MODEL_JSON);
  json.modelTopology.model_config.config.name = `copy_${n}`;
  return [
    { name: 'model.json', text: JSON.stringify(json) },
    ...SHARDS.map((path) => ({ name: path, url: `/models/cifar10/${path}`, keep: path === truncate ? 100 : undefined })),
  ];
}

async function loadAndRun(page: Page, files: unknown[], channel: string): Promise<{ key?: string; error?: { message: string }; layers?: number }> {
  const loaded = await call<{ key?: string; error?: { message: string } }>(page, 'loadFiles', files, channel);
  if (!loaded.key) return loaded;
  const ran = await call<{ layers?: unknown[]; error?: { message: string } }>(page, 'run', loaded.key, '/samples/chelsea.png', { channel });
  return { key: loaded.key, error: ran.error, layers: ran.layers?.length };
}

if (!hasChromium()) {
  console.log('SKIP model lifetime browser test: /usr/bin/chromium is not installed');
} else {
  const Lifetime = suite<Context>('models are let go when replaced');
  Lifetime.before(async (ctx) => {
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
    await routeTestPages(ctx.browser.context, ['own-model-page']);
    ctx.page = await ctx.browser.context.newPage();
    await ctx.page.goto(`${ctx.server.url}__test/own-model-page.html`);
  });
  Lifetime.after(async (ctx) => {
    await ctx.browser.close();
    await ctx.server.close();
  });

  Lifetime('replacing a widget\'s model ten times leaves one model\'s weights in memory', async ({ page }) => {
    for (let n = 0; n < 10; n++) {
      const result = await loadAndRun(page, copy(n), 'widget-a');
      assert.is(result.error, undefined, result.error?.message);
      assert.is(result.layers, 6);
    }
    assert.equal(await call(page, 'memory'), ONE_MODEL);
  });

  Lifetime('a refused model (a truncated weight file) is never used: the previous one stays, nothing is added', async ({ page }) => {
    const before = await call(page, 'memory');
    const refused = await call<{ error?: { message: string } }>(page, 'loadFiles', copy(99, SHARDS[2]), 'widget-a');
    assert.match(refused.error?.message ?? '', new RegExp(`^Weight file ${SHARDS[2].replace('.', '\\.')} is 100 bytes, expected \\d+\\.$`));
    assert.equal(await call(page, 'memory'), before);
    const again = await loadAndRun(page, copy(9), 'widget-a');
    assert.is(again.layers, 6, 'the model in use still renders');
    assert.equal(await call(page, 'memory'), ONE_MODEL);
  });

  Lifetime('two widgets share one model; it is let go only when the last of them leaves', async ({ page }) => {
    const shared = copy(9);
    assert.is((await loadAndRun(page, shared, 'widget-b')).layers, 6);
    assert.equal(await call(page, 'memory'), ONE_MODEL, 'one copy for two widgets');
    await call(page, 'release', 'widget-a');
    assert.equal(await call(page, 'memory'), ONE_MODEL, 'widget-b still uses it');
    await call(page, 'release', 'widget-b');
    await page.waitForTimeout(50);
    assert.equal(await call(page, 'memory'), { numTensors: 0, numBytes: 0 });
  });

  Lifetime.run();
}
