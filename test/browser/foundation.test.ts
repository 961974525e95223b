/**
 * The foundation in a real browser: the worker computes the six lecture layers on the
 * WASM backend, with the threaded SIMD binary under COOP/COEP and SIMD alone without;
 * the numbers match the plain-loop reference; weights are fetched per layer.
 */
import { suite } from 'uvu';
import { statSync } from 'node:fs';
import type { Progress } from '../../worker/contract';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { ISOLATION_HEADERS, routeTestPages } from './test-pages';
import { LECTURE_LAYERS, lectureForward, readH5Weights } from '../helpers/lecture-model';
import { maxRelativeError } from '../helpers/reference';
import { sharedPath } from '../helpers/shared';
import { decodePng, toRgba } from '../helpers/png';
import { resizeNearest } from '../../worker/image/resize';

const MODEL = '/models/cifar10/model.json';
const CHELSEA = '/samples/chelsea.png';

type RunOutput = {
  layers: { name: string; shape: number[]; data: number[]; at: number }[];
  input: { width: number; height: number; sourceWidth: number; sourceHeight: number; rgba: number[] };
  top: { name: string; probability: number }[];
  sum: number;
};

interface Context {
  browser: LaunchedBrowser;
  server: Awaited<ReturnType<typeof startServer>>;
  page: Page;
  requests: { url: string; at: number }[];
  /** The page's (and its workers') logical core count. */
  cores?: number;
}

/** Opens the bare worker page on a server with or without COOP/COEP. */
async function open(isolated: boolean): Promise<Context> {
  const server = await startServer({ isolated });
  const browser = await launchChromium();
  await routeTestPages(browser.context, ['worker-page'], isolated ? ISOLATION_HEADERS : {});
  const requests: Context['requests'] = [];
  browser.context.on('request', (request) => requests.push({ url: request.url(), at: Date.now() }));
  const page = await browser.context.newPage();
  await page.goto(`${server.url}__test/worker-page.html`);
  await page.waitForFunction(() => 'convlensTest' in globalThis);
  return { browser, server, page, requests };
}

async function close(context: Context) {
  await context.browser.close();
  await context.server.close();
}

function runInPage(page: Page, options: object = {}): Promise<RunOutput> {
  return page.evaluate(
    ([model, image, opts]) => (globalThis as any).convlensTest.run(model, image, opts),
    [MODEL, CHELSEA, options] as const,
  );
}

if (!hasChromium()) {
  console.log('SKIP browser tests: /usr/bin/chromium is not installed (apt-get install -y chromium)');
} else {
  const Isolated = suite<Context>('served with COOP/COEP');
  Isolated.before(async (ctx) => {
    Object.assign(ctx, await open(true));
  });
  Isolated.after(close);

  Isolated('takes the threaded-SIMD binary only when tfjs would run more than one thread (half the cores)', async (ctx) => {
    const { page } = ctx;
    const backend = await page.evaluate(() => (globalThis as any).convlensTest.init());
    // Chromium gives a dedicated worker the page's core count (no emulation reaches workers).
    ctx.cores = await page.evaluate(() => navigator.hardwareConcurrency);
    console.log(`  isolated backend: ${JSON.stringify(backend)} on ${ctx.cores} logical cores`);
    assert.is(backend.backend, 'wasm');
    assert.is(backend.simd, true);
    if (Math.floor(ctx.cores / 2) > 1) {
      assert.is(backend.binary, 'tfjs-backend-wasm-threaded-simd.wasm');
      assert.ok(backend.threads > 1);
    } else {
      assert.is(backend.binary, 'tfjs-backend-wasm-simd.wasm', 'one thread: the threaded binary would only cost');
      assert.is(backend.threads, 1);
    }
    assert.ok(await page.evaluate(() => crossOriginIsolated));
  });

  Isolated('computes the six lecture layers in the worker; no other weight file is requested before layer 1 is on the page', async ({ page, browser }) => {
    // Every weight file but conv2d's is held until layer 1 has reached the page: if layer 1
    // needed any other file, it could never arrive and the run would time out.
    const early: string[] = [];
    const layerOneArrived = () => page.evaluate(() => (globalThis as any).convlensTest.arrived() > 0);
    await browser.context.route(/\.bin$/, async (route) => {
      const file = route.request().url().split('/').pop()!;
      if (!file.startsWith('conv2d.')) {
        if (!(await layerOneArrived())) early.push(file);
        while (!(await layerOneArrived())) await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await route.continue();
    });
    const output = await runInPage(page);
    assert.equal(output.layers.map((l) => l.name), LECTURE_LAYERS);
    assert.equal(early, [], `weight files requested before layer 1 reached the page: ${early}`);
    await browser.context.unroute(/\.bin$/);
  });

  Isolated('fetches one binary: the threaded one never when the thread count would be 1', async ({ requests, cores }) => {
    const wasmFetched = requests.filter((r) => r.url.endsWith('.wasm')).map((r) => r.url.split('/').pop());
    const expected = Math.floor(cores! / 2) > 1 ? 'tfjs-backend-wasm-threaded-simd.wasm' : 'tfjs-backend-wasm-simd.wasm';
    assert.equal(wasmFetched, [expected]);
  });

  Isolated('the threaded path still works where it is taken: its glue and binary load on demand and compute the layers', async ({ browser, server, requests }) => {
    const page = await browser.context.newPage();
    const before = requests.length;
    await page.goto(`${server.url}__test/worker-page.html`);
    const backend = await page.evaluate(() => (globalThis as any).convlensTest.init({ forceThreads: true }));
    assert.is(backend.binary, 'tfjs-backend-wasm-threaded-simd.wasm');
    const output = await page.evaluate(() => (globalThis as any).convlensTest.run('/models/cifar10/model.json', '/samples/chelsea.png'));
    assert.equal(output.layers.map((l: { name: string }) => l.name), LECTURE_LAYERS);
    assert.is(output.top[0].name, 'cat');
    const fetched = requests.slice(before).map((r) => r.url.split('/').pop()!);
    assert.ok(fetched.some((name) => /^tfjs-backend-wasm-threaded-simd-.*\.js$/.test(name)), `the glue chunk: ${fetched}`);
    await page.close();
  });

  Isolated.run();

  const Plain = suite<Context>('served without COOP/COEP (a usual course site)');
  Plain.before(async (ctx) => {
    Object.assign(ctx, await open(false));
  });
  Plain.after(close);

  Plain('reports the WASM binary\'s bytes as they download, before the model is ready', async ({ page }) => {
    const reports = await page.evaluate(() => (globalThis as any).convlensTest.loadWithProgress('/models/cifar10/model.json'));
    const bytes = reports.filter((r: Progress) => r.phase === 'backend');
    const size = statSync(new URL('../../dist/tfjs-backend-wasm-simd.wasm', import.meta.url)).size;
    assert.ok(bytes.length > 0, 'no backend progress');
    assert.ok(bytes.every((r: Progress, i: number) => i === 0 || r.loaded >= bytes[i - 1].loaded), 'bytes only grow');
    assert.equal({ loaded: bytes.at(-1).loaded, total: bytes.at(-1).total }, { loaded: size, total: size });
    assert.ok(reports.findIndex((r: Progress) => r.phase === 'model') > reports.indexOf(bytes.at(-1)), `model phase after the binary: ${JSON.stringify(reports.map((r: Progress) => [r.phase, r.loaded]))}`);
  });

  Plain('still works, on WASM SIMD with one thread', async ({ page }) => {
    const backend = await page.evaluate(() => (globalThis as any).convlensTest.init());
    assert.equal(backend, { backend: 'wasm', simd: true, threads: 1, binary: 'tfjs-backend-wasm-simd.wasm' });
    const output = await runInPage(page);
    assert.equal(output.layers.map((l) => l.name), LECTURE_LAYERS);
  });

  Plain('the cpu backend, where WASM cannot start, loads on demand with its own helpers and computes the same six layers', async ({ browser, server, page }) => {
    // The default path's worker has only the tfjs helpers the WASM kernels use; the cpu
    // backend's chunk brings tfjs-core's full set (build.mjs, worker/tfjs-core-lean-full.js).
    const wasm = await runInPage(page);
    const cpuPage = await browser.context.newPage();
    await cpuPage.goto(`${server.url}__test/worker-page.html`);
    await cpuPage.waitForFunction(() => 'convlensTest' in globalThis);
    const backend = await cpuPage.evaluate(() => (globalThis as any).convlensTest.init({ backend: 'cpu' }));
    assert.is(backend.backend, 'cpu');
    const cpu = await runInPage(cpuPage);
    assert.equal(cpu.layers.map((l) => l.name), LECTURE_LAYERS);
    for (const [i, layer] of cpu.layers.entries()) {
      const error = maxRelativeError(Float32Array.from(layer.data), Float32Array.from(wasm.layers[i].data));
      assert.ok(error <= 1e-4, `${layer.name}: cpu vs WASM relative error ${error}`);
    }
    assert.is(cpu.top![0].name, wasm.top![0].name);
    await cpuPage.close();
  });

  Plain('the network sees the photo exactly as PIL would: file pixels, nearest resize with PIL mapping', async ({ page }) => {
    const output = await runInPage(page, { layers: ['conv2d'], probabilities: false });
    const png = decodePng(readFileSync(fileURLToPath(new URL(`../../static${CHELSEA}`, import.meta.url))));
    const expected = resizeNearest(toRgba(png), png.width, png.height, 32, 32);
    assert.equal([output.input.sourceWidth, output.input.sourceHeight], [451, 300]);
    assert.equal(output.input.rgba, Array.from(expected));
  });

  const h5 = sharedPath('models/cifar10.h5');
  if (!h5) console.log('SKIP chelsea numerics: ../shared/models/cifar10.h5 is not present');
  else {
    Plain('Chelsea: every layer within 1e-4 of the plain-loop reference, top class cat (0.48), 189 / 256 inactive', async ({ page }) => {
      const output = await runInPage(page);
      const weights = await readH5Weights(h5);
      assert.equal(output.layers.map((l) => l.name), LECTURE_LAYERS);
      const rgba = output.input.rgba;
      const input = new Float32Array(32 * 32 * 3).map((_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)] / 255);
      const reference = lectureForward({ h: 32, w: 32, c: 3, data: input }, weights);
      for (const layer of output.layers) {
        const error = maxRelativeError(Float32Array.from(layer.data), reference.layers[layer.name].data);
        assert.ok(error <= 1e-4, `${layer.name}: relative error ${error}`);
      }
      assert.ok(Math.abs(output.sum - 1) < 1e-5);
      assert.is(output.top[0].name, 'cat');
      assert.ok(Math.abs(output.top[0].probability - 0.48) < 0.005, `p(cat) ${output.top[0].probability}`);
      const conv3 = output.layers.find((l) => l.name === 'conv2d_3')!;
      let inactive = 0;
      for (let f = 0; f < 256; f++) {
        let max = 0;
        for (let p = 0; p < 9; p++) max = Math.max(max, conv3.data[p * 256 + f]);
        if (max === 0) inactive++;
      }
      assert.is(inactive, 189);
    });
  }

  Plain('summary() gives the Keras table of the default model', async ({ page }) => {
    const summary = await page.evaluate((model) => (globalThis as any).convlensTest.summary(model), MODEL);
    assert.is(summary.totalParams, 684746);
    assert.equal(summary.rows.map((r: { name: string }) => r.name).slice(0, 6), LECTURE_LAYERS);
  });

  Plain('a new run supersedes an unfinished one, which reports an AbortError', async ({ page }) => {
    const outcome = await page.evaluate(([model, image]) => (globalThis as any).convlensTest.race(model, image), [MODEL, CHELSEA]);
    assert.equal(outcome, { first: 'AbortError', second: 'done' });
  });

  Plain('two runs of one imageKey started together fetch the photo once; without a key each fetches it', async ({ page, requests }) => {
    const photoFetches = () => requests.filter((r) => r.url.endsWith(CHELSEA)).length;
    const before = photoFetches();
    const keyed = await page.evaluate(([model, image]) => (globalThis as any).convlensTest.race(model, image, { imageKey: 'chelsea-1' }), [MODEL, CHELSEA]);
    assert.equal(keyed, { first: 'AbortError', second: 'done' });
    assert.is(photoFetches() - before, 1, 'one key');
    const output = await runInPage(page, { imageKey: 'chelsea-1', probabilities: false });
    assert.is(photoFetches() - before, 1, 'a later run of the key reads no photo');
    assert.is(output.input.sourceWidth, 451, 'and still reports the photo\'s own size');
    await page.evaluate(([model, image]) => (globalThis as any).convlensTest.race(model, image), [MODEL, CHELSEA]);
    assert.is(photoFetches() - before, 3, 'no key: each run fetches');
  });

  Plain('cancel(channel) stops an unfinished run with an AbortError', async ({ page }) => {
    const outcome = await page.evaluate(([model, image]) => (globalThis as any).convlensTest.cancelled(model, image), [MODEL, CHELSEA]);
    assert.is(outcome, 'AbortError');
  });

  Plain('run() resolves only after every layer it computed has reached the page', async ({ page }) => {
    for (let i = 0; i < 5; i++) {
      const output = await runInPage(page, { probabilities: false });
      assert.equal(output.layers.map((l) => l.name), LECTURE_LAYERS);
    }
  });

  Plain('no tensor is left behind after 20 runs', async ({ page }) => {
    await runInPage(page);
    const before = await page.evaluate(() => (globalThis as any).convlensTest.memory());
    for (let i = 0; i < 20; i++) await runInPage(page);
    const after = await page.evaluate(() => (globalThis as any).convlensTest.memory());
    assert.is(after.numTensors, before.numTensors);
  });

  Plain.run();
}
