/**
 * Bring your own model, in a real browser, at the worker's level: File objects (what a drop
 * or a file picker gives) go to `loadFiles`. The MNIST .h5 loads as LeNet, runs on one
 * grayscale channel exactly as the Node engine computes it, and h5wasm is fetched only then;
 * a text file is refused with its message and the models loaded before keep working.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { routeTestPages } from './test-pages';
import { sharedPath } from '../helpers/shared';
import { encodePng } from '../helpers/png';
import { maxRelativeError } from '../helpers/reference';
import { loadGiven, runLayers } from '../helpers/keras-fixtures';
import { useBackend } from '../helpers/node-engine';
import { toModelInput } from '../../worker/image/resize';
import { SUPPORTED_FORMATS } from '../../worker/format/errors';

const MNIST = sharedPath('fixtures/tensorspace-lenet-mnist/combined/mnist.h5');
const DEFAULT_MODEL = '/models/cifar10/model.json';
const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];

/** A 56×56 RGB photo of a dark "7" on a light ground, served by the test. */
function photo(): Uint8Array {
  const pixels = new Uint8Array(56 * 56 * 3).fill(235);
  const ink = (x: number, y: number) => pixels.fill(20, (y * 56 + x) * 3, (y * 56 + x) * 3 + 3);
  for (let x = 12; x < 44; x++) for (let y = 12; y < 16; y++) ink(x, y);
  for (let y = 16; y < 46; y++) for (let x = 0; x < 4; x++) ink(Math.round(42 - (y - 16) * 0.5) - x, y);
  return encodePng({ width: 56, height: 56, colorType: 2, pixels });
}

interface Context {
  browser: LaunchedBrowser;
  server: Awaited<ReturnType<typeof startServer>>;
  page: Page;
  requests: string[];
}

const call = <T>(page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(([name, values]) => (globalThis as any).convlensTest[name as string](...(values as unknown[])), [method, args] as const) as Promise<T>;

type Loaded = { key: string; summary: any; error?: undefined } | { error: { name: string; message: string } };
type Ran = { layers: { name: string; shape: number[]; data: number[] }[]; input: any; top: any[]; probabilities: number[]; error?: { message: string } };

if (!hasChromium()) {
  console.log('SKIP own-model browser test: /usr/bin/chromium is not installed');
} else if (!MNIST) {
  console.log('SKIP own-model browser test: ../shared/fixtures/tensorspace-lenet-mnist is not present');
} else {
  const mnistPath = MNIST;
  const Own = suite<Context>('own model files in the worker (loadFiles)');
  Own.before(async (ctx) => {
    ctx.server = await startServer({ isolated: false });
    ctx.browser = await launchChromium();
    await routeTestPages(ctx.browser.context, ['own-model-page']);
    const files: Record<string, Uint8Array> = { 'mnist.h5': new Uint8Array(readFileSync(mnistPath)), 'seven.png': photo() };
    await ctx.browser.context.route('**/__fixtures/*', (route) => {
      const body = files[new URL(route.request().url()).pathname.split('/').pop()!];
      return body ? route.fulfill({ body: Buffer.from(body) }) : route.fulfill({ status: 404, body: 'no such fixture' });
    });
    ctx.requests = [];
    ctx.browser.context.on('request', (request) => ctx.requests.push(new URL(request.url()).pathname));
    ctx.page = await ctx.browser.context.newPage();
    await ctx.page.goto(`${ctx.server.url}__test/own-model-page.html`);
    await ctx.page.waitForFunction(() => 'convlensTest' in globalThis);
  });
  Own.after(async ({ browser, server }) => {
    await browser.close();
    await server.close();
  });

  Own('the default model runs, and h5wasm has not been fetched', async ({ page, requests }) => {
    const ran = await call<Ran>(page, 'run', DEFAULT_MODEL, '/__fixtures/seven.png', { probabilities: false });
    assert.equal(ran.layers.map((l) => l.name), LECTURE_LAYERS);
    const chunks = requests.filter((path) => path.includes('/chunks/'));
    assert.ok(!chunks.some((path) => /hdf5|h5wasm|\/load-/.test(path)), `fetched: ${chunks}`);
  });

  let key = '';
  Own('a dropped MNIST .h5 loads as LeNet with one grayscale channel and unknown metadata', async ({ page, requests }) => {
    const loaded = await call<Loaded>(page, 'loadFiles', [{ name: 'mnist.h5', url: '/__fixtures/mnist.h5' }]);
    if ('error' in loaded && loaded.error) throw new Error(loaded.error.message);
    const { summary } = loaded as { key: string; summary: any };
    key = (loaded as { key: string }).key;
    assert.match(key, /^convlens-file:\/\/[0-9a-f]{8}\/mnist\.h5$/);
    assert.equal(summary.rows.map((r: any) => r.name), ['reshape_1', 'Conv2D_1', 'MaxPooling2D_1', 'Conv2D_2', 'MaxPooling2D_2', 'flatten_1', 'Dense_1', 'Dense_2', 'Softmax']);
    assert.equal(summary.inputShape, [28, 28, 1]);
    assert.is(summary.totalParams, 44426);
    assert.equal(summary.defaultLayers, ['Conv2D_1', 'MaxPooling2D_1', 'Conv2D_2', 'MaxPooling2D_2']);
    assert.is(summary.metadata.known, false);
    assert.ok(requests.some((path) => /\/chunks\/hdf5_hl-\w+\.js$/.test(path)), 'h5wasm came as its own chunk, only now');
  });

  Own('it runs in the browser exactly as the Node engine computes it on the same grayscale input', async ({ page }) => {
    const ran = await call<Ran>(page, 'run', key, '/__fixtures/seven.png');
    assert.equal(ran.layers.map((l) => [l.name, l.shape]), [['Conv2D_1', [1, 24, 24, 6]], ['MaxPooling2D_1', [1, 12, 12, 6]], ['Conv2D_2', [1, 8, 8, 16]], ['MaxPooling2D_2', [1, 4, 4, 16]]]);
    assert.equal([ran.input.width, ran.input.height], [28, 28]);
    assert.is(ran.probabilities.length, 10);
    await useBackend('wasm');
    const gray = toModelInput(Uint8ClampedArray.from(ran.input.rgba), 1, 1);
    const node = await runLayers(await loadGiven([{ name: 'mnist.h5', bytes: new Uint8Array(readFileSync(mnistPath)) }]), gray);
    for (const layer of ran.layers) {
      const error = maxRelativeError(Float32Array.from(layer.data), node.results.get(layer.name)!.data);
      assert.ok(error <= 1e-5, `${layer.name}: relative error ${error}`);
    }
    assert.ok(maxRelativeError(Float32Array.from(ran.probabilities), node.prediction!.probabilities) <= 1e-5);
  });

  Own("the user's pixel scale and class names apply to later runs", async ({ page }) => {
    const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    const summary = await call<any>(page, 'setMetadata', key, { pixelScale: 1 / 255, classNames: names });
    assert.is(summary.metadata.known, true);
    const ran = await call<Ran>(page, 'run', key, '/__fixtures/seven.png');
    assert.ok(names.includes(ran.top[0].name));
  });

  Own('a text file is refused with its message; the default and the dropped model keep working', async ({ page }) => {
    const refused = await call<Loaded>(page, 'loadFiles', [{ name: 'notes.txt', text: 'my lecture notes, not a model\n' }]);
    assert.equal((refused as { error: object }).error, {
      name: 'ConvlensError',
      message: `notes.txt is not a model file: it is plain text. ${SUPPORTED_FORMATS}.`,
    });
    const lecture = await call<Ran>(page, 'run', DEFAULT_MODEL, '/__fixtures/seven.png');
    assert.equal(lecture.layers.map((l) => l.name), LECTURE_LAYERS);
    assert.is(lecture.top[0].name.length > 0, true);
    const lenet = await call<Ran>(page, 'run', key, '/__fixtures/seven.png', { probabilities: false });
    assert.is(lenet.layers.length, 4);
  });

  Own('the same file given again returns the same key without a second load', async ({ page }) => {
    const again = await call<Loaded>(page, 'loadFiles', [{ name: 'mnist.h5', url: '/__fixtures/mnist.h5' }]);
    assert.is((again as { key: string }).key, key);
  });

  Own.run();
}
