/**
 * Every way a photo gets into <conv-lens>, in headless Chromium with a fake camera: the
 * file picker, a paste, a drop, the sample gallery, a camera snapshot; plus the pixel
 * readout of the 32×32 input and file names shown only as text.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { startServer } from '../../serve.mjs';
import { hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { widgetReady } from './widget-defined';

const COFFEE = new URL('../../static/samples/coffee.png', import.meta.url);
const EVIL_NAME = '<img src=x onerror="globalThis.pwned=1">.png';

interface Ctx { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>>; page: Page }
const ctx = {} as Ctx;

/** The original photo's caption, once the 32×32 preview of the newest image has arrived. */
async function shownName(): Promise<string> {
  await ctx.page.waitForFunction(() => {
    const root = document.querySelector('conv-lens')!.shadowRoot!;
    return (root.querySelector('.model-input') as HTMLCanvasElement).width === 32 && root.querySelector('.resized')!.textContent !== '';
  });
  return ctx.page.evaluate(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel figcaption')!.textContent ?? '');
}

/** Clears the preview so the next `shownName()` waits for the next image. */
const forget = () => ctx.page.evaluate(() => {
  (document.querySelector('conv-lens')!.shadowRoot!.querySelector('.model-input') as HTMLCanvasElement).width = 0;
});

/** Dispatches a paste or drop carrying coffee.png under `name` on the input panel. */
function deliver(kind: 'paste' | 'drop', name: string) {
  const base64 = readFileSync(COFFEE).toString('base64');
  return ctx.page.evaluate(async ({ kind, name, base64 }) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: 'image/png' }));
    const panel = document.querySelector('conv-lens')!.shadowRoot!.querySelector('.input-panel')!;
    const event = kind === 'paste'
      ? new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, composed: true, cancelable: true })
      : new DragEvent('drop', { dataTransfer: transfer, bubbles: true, composed: true, cancelable: true });
    panel.dispatchEvent(event);
  }, { kind, name, base64 });
}

const test = suite('<conv-lens> input');

test.before(async () => {
  assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
  ctx.server = await startServer({});
  ctx.browser = await launchChromium(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream']);
  await ctx.browser.context.grantPermissions(['camera']);
  ctx.page = await ctx.browser.context.newPage();
  ctx.page.on('pageerror', (error) => console.error('pageerror:', error.message));
  await ctx.page.goto(`${ctx.server.url}?lang=en`);
  await widgetReady(ctx.page);
  assert.match(await shownName(), /chelsea\.png/);
});

test.after(async () => {
  await ctx.browser?.close();
  await ctx.server?.close();
});

test('shows the tensor shape and dtype and the R, G, B of the pixel under the pointer', async () => {
  const canvas = ctx.page.locator('conv-lens .model-input');
  const box = (await canvas.boundingBox())!;
  await ctx.page.mouse.move(box.x + box.width * (5.5 / 32), box.y + box.height * (2.5 / 32));
  const shown = await ctx.page.evaluate(() => {
    const root = document.querySelector('conv-lens')!.shadowRoot!;
    const pixel = (root.querySelector('.model-input') as HTMLCanvasElement).getContext('2d')!.getImageData(5, 2, 1, 1).data;
    return { readout: root.querySelector('.readout')!.textContent, tensor: root.querySelector('.tensor')!.textContent, pixel: [...pixel] };
  });
  assert.is(shown.tensor, 'float32 (1, 32, 32, 3)');
  // (row, col) from 0, as the array the network reads: x[0, 2, 5, :].
  assert.is(shown.readout, `pixel (row 2, col 5): R ${shown.pixel[0]}, G ${shown.pixel[1]}, B ${shown.pixel[2]}`);
  await canvas.focus();
  await ctx.page.keyboard.press('ArrowRight');
  await ctx.page.keyboard.press('ArrowDown');
  const moved = await ctx.page.evaluate(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.readout')!.textContent);
  assert.match(moved!, /^pixel \(row 3, col 6\): R \d+, G \d+, B \d+$/, 'arrow keys walk the pixels');
});

test('takes a photo from the file picker', async () => {
  await forget();
  await ctx.page.locator('conv-lens .pickers input[type=file]:not([capture])').setInputFiles(COFFEE.pathname);
  assert.match(await shownName(), /coffee\.png/);
});

test('takes a pasted image', async () => {
  await forget();
  await deliver('paste', 'pasted.png');
  assert.match(await shownName(), /pasted\.png/);
});

test('takes a dropped image', async () => {
  await forget();
  await deliver('drop', 'dropped.png');
  assert.match(await shownName(), /dropped\.png/);
});

test('takes a sample from the gallery, whose attribution is on show', async () => {
  await forget();
  await ctx.page.locator('conv-lens .sample[data-sample="astronaut.png"]').click();
  assert.match(await shownName(), /astronaut\.png/);
  const credit = await ctx.page.evaluate(() => document.querySelector('conv-lens')!.shadowRoot!.querySelector('.attribution')!.textContent);
  assert.match(credit!, /CC0 \/ public domain/);
});

test('takes one snapshot from the camera and stops it', async () => {
  await ctx.page.locator('conv-lens .pickers button.camera').waitFor({ state: 'visible' });
  await forget();
  await ctx.page.locator('conv-lens .pickers button.camera').click();
  await ctx.page.locator('conv-lens dialog.camera video').waitFor();
  await ctx.page.waitForFunction(() => (document.querySelector('conv-lens')!.shadowRoot!.querySelector('dialog.camera video') as HTMLVideoElement).videoWidth > 0);
  await ctx.page.locator('conv-lens dialog.camera button.primary').click();
  assert.match(await shownName(), /camera\.png/);
  assert.is(await ctx.page.locator('conv-lens dialog.camera').count(), 0, 'the camera dialog is gone');
});

test('shows a hostile file name as text only', async () => {
  await forget();
  await ctx.page.locator('conv-lens .pickers input[type=file]:not([capture])').setInputFiles({ name: EVIL_NAME, mimeType: 'image/png', buffer: readFileSync(COFFEE) });
  assert.ok((await shownName()).includes(EVIL_NAME));
  const parsed = await ctx.page.evaluate(() => ({
    imgs: document.querySelector('conv-lens')!.shadowRoot!.querySelectorAll('.input-panel figure img:not(.photo)').length,
    pwned: (globalThis as any).pwned,
  }));
  assert.equal(parsed, { imgs: 0, pwned: undefined });
});

if (hasChromium()) test.run();
else console.log('SKIP widget-input browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
