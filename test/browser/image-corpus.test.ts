/**
 * The image corpus (test/corpus/images.ts) through the real worker in Chromium: every
 * refused file gives its exact message; every accepted one decodes to what PIL reads
 * (the pixels the network sees, compared after the same nearest resize).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { routeFiles, routeTestPages } from './test-pages';
import { IMAGE_CASES, PIL_EXPECTED } from '../corpus/images';
import { resizeNearest } from '../../worker/image/resize';

interface Context {
  browser: LaunchedBrowser;
  server: Awaited<ReturnType<typeof startServer>>;
  page: Page;
}

type Outcome = { error: string } | { width: number; height: number; sourceWidth: number; sourceHeight: number; rgba: number[] };

async function runFile(page: Page, file: string): Promise<Outcome> {
  return page.evaluate(async (path) => {
    try {
      const output = await (globalThis as any).convlensTest.run('/models/cifar10/model.json', path, { layers: ['conv2d'], probabilities: false });
      return output.input;
    } catch (error) {
      return { error: (error as Error).message };
    }
  }, `/__files/${encodeURIComponent(file)}`);
}

/** PIL's RGB pixels resized to 32×32 as load_img would, as RGBA. */
function pilAt32(file: string): number[] {
  const pil = PIL_EXPECTED[file];
  const rgba = new Uint8ClampedArray(pil.width * pil.height * 4);
  for (let p = 0; p < pil.width * pil.height; p++) rgba.set([...pil.rgb.slice(p * 3, p * 3 + 3), 255], p * 4);
  return Array.from(resizeNearest(rgba, pil.width, pil.height, 32, 32));
}

if (!hasChromium()) {
  console.log('SKIP browser tests: /usr/bin/chromium is not installed');
} else {
  const Corpus = suite<Context>('image corpus through the worker');
  Corpus.before(async (ctx) => {
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
    await routeTestPages(ctx.browser.context, ['worker-page']);
    await routeFiles(ctx.browser.context, new Map(IMAGE_CASES.map((c) => [c.file, c.bytes()])));
    ctx.page = await ctx.browser.context.newPage();
    await ctx.page.goto(`${ctx.server.url}__test/worker-page.html`);
    await ctx.page.waitForFunction(() => 'convlensTest' in globalThis);
  });
  Corpus.after(async ({ browser, server }) => {
    await browser.close();
    await server.close();
  });

  for (const corpusCase of IMAGE_CASES) {
    Corpus(corpusCase.name, async ({ page }) => {
      const outcome = await runFile(page, corpusCase.file);
      if (corpusCase.error) {
        assert.ok('error' in outcome, `expected a refusal, got a decoded image`);
        assert.match((outcome as { error: string }).error, corpusCase.error);
        return;
      }
      assert.not.ok('error' in outcome, `refused: ${(outcome as { error: string }).error}`);
      const decoded = outcome as Exclude<Outcome, { error: string }>;
      if (!corpusCase.pil) return;
      const pil = PIL_EXPECTED[corpusCase.pil.file];
      assert.equal([decoded.sourceWidth, decoded.sourceHeight], [pil.width, pil.height], 'source size as PIL reads it');
      const expected = pilAt32(corpusCase.pil.file);
      const worst = decoded.rgba.reduce((max, v, i) => (i % 4 === 3 ? max : Math.max(max, Math.abs(v - expected[i]))), 0);
      assert.ok(worst <= corpusCase.pil.tolerance, `largest difference from PIL: ${worst}`);
    });
  }

  Corpus('a good photo after all the bad ones still computes', async ({ page }) => {
    const outcome = await runFile(page, 'one-pixel.png');
    assert.not.ok('error' in outcome);
  });

  Corpus.run();
}
