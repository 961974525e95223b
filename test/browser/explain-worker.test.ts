/**
 * Grad-CAM through the real worker in Chromium: the worker's lean tfjs-core loads tfjs'
 * gradients and the WASM gradient kernels on first use and gives the same map as the engine
 * in Node; nothing of it is fetched before explain() is called; no tensor is left behind.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import '@tensorflow/tfjs-layers';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { routeTestPages } from './test-pages';
import { DEFAULT_MODEL_URL, loadFromDisk, useBackend } from '../helpers/node-engine';
import { decodePng, toRgba } from '../helpers/png';
import { maxRelativeError } from '../helpers/reference';
import { gradCam } from '../../worker/engine/grad-cam';
import { resizeNearest, toModelInput } from '../../worker/image/resize';

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page; requests: string[] }

const call = <T>(page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([name, values]) => (globalThis as any).convlensTest[name as string](...(values as unknown[])), [method, args] as const) as Promise<T>;

type Explained = { layer: string; classIndex: number; className: string; shape: number[]; map: number[] };

if (!hasChromium()) {
  console.log('SKIP explain browser test: /usr/bin/chromium is not installed');
} else {
  const test = suite<Ctx>('explain() in the worker');
  test.before(async (ctx) => {
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
    await routeTestPages(ctx.browser.context, ['worker-page']);
    ctx.requests = [];
    ctx.browser.context.on('request', (request) => ctx.requests.push(new URL(request.url()).pathname));
    ctx.page = await ctx.browser.context.newPage();
    await ctx.page.goto(`${ctx.server.url}__test/worker-page.html`);
  });
  test.after(async (ctx) => {
    await ctx.browser.close();
    await ctx.server.close();
  });

  test('a run fetches nothing of Grad-CAM; explain() then loads it and equals the Node engine\'s map', async (ctx) => {
    await call(ctx.page, 'run', '/models/cifar10/model.json', '/samples/chelsea.png');
    assert.equal(ctx.requests.filter((path) => /grad-cam|register_all_gradients/.test(path)), [], 'nothing of Grad-CAM on the usual path');
    const cam = await call<Explained>(ctx.page, 'explain', '/models/cifar10/model.json', '/samples/chelsea.png', { className: 'cat' });
    assert.ok(ctx.requests.some((path) => /grad-cam/.test(path)), 'loaded on first use');
    assert.equal([cam.layer, cam.classIndex, cam.className, cam.shape], ['conv2d_3', 3, 'cat', [3, 3]]);
    await useBackend('wasm');
    const png = decodePng(new Uint8Array(readFileSync(new URL('../../static/samples/chelsea.png', import.meta.url))));
    const input = toModelInput(resizeNearest(toRgba(png), png.width, png.height, 32, 32), 3, 1 / 255);
    const expected = await gradCam(await loadFromDisk(new URL(DEFAULT_MODEL_URL)), input, { classIndex: 3 });
    assert.ok(maxRelativeError(Float32Array.from(cam.map), expected.map) < 1e-4, `map error ${maxRelativeError(Float32Array.from(cam.map), expected.map)}`);
  });

  test('an earlier layer, an unknown class name, and no tensor left after 20 calls', async (ctx) => {
    const early = await call<Explained>(ctx.page, 'explain', '/models/cifar10/model.json', '/samples/chelsea.png', { layer: 'conv2d_2', classIndex: 5 });
    assert.equal([early.layer, early.shape, early.className], ['conv2d_2', [11, 11], 'dog']);
    const refused = await ctx.page.evaluate(() => (globalThis as any).convlensTest.explain('/models/cifar10/model.json', '/samples/chelsea.png', { className: 'unicorn' }).then(() => 'accepted', (e: Error) => e.message));
    assert.match(refused, /^The model has no class named unicorn \(its classes: airplane, automobile, bird, cat/);
    const before = await call<{ numTensors: number }>(ctx.page, 'memory');
    for (let i = 0; i < 20; i++) await call(ctx.page, 'explain', '/models/cifar10/model.json', '/samples/chelsea.png', { classIndex: i % 10 });
    assert.equal(await call(ctx.page, 'memory'), before);
  });

  test.run();
}
