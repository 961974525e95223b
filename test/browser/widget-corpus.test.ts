/**
 * The whole bad-input corpus through the real widget in headless Chromium, in Korean: every
 * image of test/corpus/images.ts dropped on the widget, every model of test/corpus/models.ts
 * given as its `model`, and the image URLs that fail. For each: the exact message shown
 * (the specific detail, under the headline of its code), nothing the student had is lost
 * (the photo and layers on show stay), and a good image afterwards renders every layer.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { hasChromium } from './chromium';
import { routeFiles } from './test-pages';
import { IMAGE_CASES, PIL_EXPECTED } from '../corpus/images';
import { IMAGE_URL_CASES, MODEL_CASES, type Files } from '../corpus/models';
import { MESSAGES } from '../../src/languages/i18n';
import { headlineKey } from '../../src/languages/errors';
import {
  activationSums, allDrawn, dropFile, eventCount, inWidget, nextEvent, openPage, photoCaption, routeWidgetPage, shownError,
  startRig, stopRig, type Rig, type ShownError,
} from './reliability-harness';

const LECTURE_LAYERS = ['conv2d', 'max_pooling2d', 'conv2d_1', 'conv2d_2', 'max_pooling2d_1', 'conv2d_3'];
const GOOD = '/samples/coffee.png';
const DEFAULT_MODEL = '/models/cifar10/model.json';
/** The worker's code for each refused image of the file corpus. */
const IMAGE_CODES: Record<string, string> = {
  'empty.png': 'image-empty', 'cut.jpg': 'image-truncated', 'cut.png': 'image-truncated', 'notes.jpg': 'image-not-image',
  'noise.png': 'image-not-image', 'drawing.svg': 'image-svg', 'evil.svg': 'image-svg', 'bomb.png': 'image-too-large', 'huge.png': 'image-too-large',
};

interface Ctx { rig: Rig; page: Page; requests: string[]; clean: number[] }
const ctx = {} as Ctx;

/** Asserts the Korean headline of `code`: its own, never the general "something went wrong". */
function assertHeadline(shown: ShownError, code: string): void {
  assert.is(shown.code, code);
  assert.is(shown.headline, MESSAGES.ko[headlineKey(code)]);
  assert.is.not(shown.headline, MESSAGES.ko.errGeneral);
}

/** Runs the good image and checks every layer is drawn with its clean results and no message is left. */
async function assertGoodRun(): Promise<void> {
  await ctx.page.evaluate((src) => (document.querySelector('conv-lens') as any).run(src), GOOD);
  assert.equal(await allDrawn(ctx.page), LECTURE_LAYERS);
  assert.equal(await activationSums(ctx.page), ctx.clean, 'the good image’s own results');
  assert.ok((await shownError(ctx.page)).hidden, 'no message left');
}

/** Asserts what was on show is still there: the good photo and its layers. */
async function assertNothingLost(): Promise<void> {
  assert.match(await photoCaption(ctx.page), /coffee\.png/);
  assert.equal(await allDrawn(ctx.page), LECTURE_LAYERS);
  assert.equal(await activationSums(ctx.page), ctx.clean);
}

const setModel = (url: string) => ctx.page.evaluate((url) => document.querySelector('conv-lens')!.setAttribute('model', url), url);
const withPort = (url: string) => url.replace('{otherPort}', String(ctx.rig.plain.port));

/** Every case's files under /__files/: images/<file>, and each model case's directory. */
async function corpusFiles(): Promise<Files> {
  const files: Files = new Map(IMAGE_CASES.map((c) => [`images/${c.file}`, c.bytes()]));
  for (const c of MODEL_CASES) {
    if (c.model.startsWith('http')) continue;
    const dir = c.model.slice(0, c.model.lastIndexOf('/'));
    for (const [name, data] of await c.files()) files.set(`${dir}/${name}`, data);
  }
  return files;
}

const test = suite('the bad-input corpus through <conv-lens>');

test.before(async () => {
  ctx.rig = await startRig({ isolated: false });
  ctx.requests = [];
  ctx.rig.context.on('request', (request) => ctx.requests.push(request.url()));
  await routeFiles(ctx.rig.context, await corpusFiles());
  await routeWidgetPage(ctx.rig.context, 'corpus', '<conv-lens id="w" lang="ko" src="/samples/chelsea.png"></conv-lens>');
  ctx.page = await openPage(ctx.rig, '__widget/corpus.html');
  await ctx.page.evaluate((src) => customElements.whenDefined('conv-lens').then(() => (document.querySelector('conv-lens') as any).run(src)), GOOD);
  ctx.clean = await activationSums(ctx.page);
  assert.is(ctx.clean.length, 6);
});

test.after(async () => {
  await stopRig(ctx.rig);
});

for (const c of IMAGE_CASES) {
  test(`image: ${c.name}`, async () => {
    const before = await eventCount(ctx.page);
    if (c.error) {
      await dropFile(ctx.page, c.file, c.bytes());
      const event = await nextEvent(ctx.page, ['convlens:error'], before);
      const shown = await shownError(ctx.page);
      assert.not.ok(shown.hidden);
      assert.match(shown.detail, c.error);
      assert.is(event.detail.message, shown.detail);
      assertHeadline(shown, IMAGE_CODES[c.file]);
      await assertNothingLost();
    } else {
      const base64 = Buffer.from(c.bytes()).toString('base64');
      await ctx.page.evaluate(({ name, base64 }) => {
        const file = new File([Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0))], name);
        return (document.querySelector('conv-lens') as any).run(file);
      }, { name: c.file, base64 });
      assert.equal(await allDrawn(ctx.page), LECTURE_LAYERS);
      assert.ok((await shownError(ctx.page)).hidden);
      assert.match(await photoCaption(ctx.page), new RegExp(c.file.replace('.', '\\.')));
      if (c.pil) {
        // The size the network's input was resized from: PIL's, so EXIF orientation is not applied.
        const pil = PIL_EXPECTED[c.pil.file];
        const resized = await inWidget(ctx.page, (root) => root.querySelector('.resized')!.textContent);
        assert.ok(resized!.startsWith(`${pil.width}×${pil.height}를 32×32로`), resized!);
      }
    }
    await assertGoodRun();
  });
}

for (const c of IMAGE_URL_CASES) {
  test(`image URL: ${c.name}`, async () => {
    const before = await eventCount(ctx.page);
    await ctx.page.evaluate((src) => document.querySelector('conv-lens')!.setAttribute('src', src), withPort(c.src));
    await nextEvent(ctx.page, ['convlens:error'], before);
    const shown = await shownError(ctx.page);
    assert.match(shown.detail, c.error);
    assertHeadline(shown, c.code);
    await assertNothingLost();
    await assertGoodRun();
  });
}

for (const c of MODEL_CASES) {
  test(`model: ${c.name}`, async () => {
    const dir = c.model.slice(0, c.model.lastIndexOf('/'));
    const requestsBefore = ctx.requests.length;
    const before = await eventCount(ctx.page);
    await setModel(c.model.startsWith('http') ? withPort(c.model) : `/__files/${c.model}`);
    const first = await nextEvent(ctx.page, ['convlens:error', 'convlens:ready'], before);
    if (first.type === 'convlens:ready') {
      // Weight problems show when layers are computed.
      const outcome = await ctx.page.evaluate((src) => (document.querySelector('conv-lens') as any).run(src).then(() => 'done', (e: Error) => e.message), GOOD);
      if (c.warning) assert.is(outcome, 'done');
    }
    if (c.error) {
      await nextEvent(ctx.page, ['convlens:error'], before);
      const shown = await shownError(ctx.page);
      assert.not.ok(shown.hidden);
      assert.match(shown.detail, c.error);
      if (c.back) {
        // Found while computing: the widget went back to the lecture model and says so.
        assert.equal({ code: shown.code, headline: shown.headline }, { code: c.code, headline: MESSAGES.ko.errWeightsBack });
        assert.is(await inWidget(ctx.page, (root) => root.querySelector('.model-in-use')!.textContent), MESSAGES.ko.modelInUse('cifar10/model.json'));
      } else assertHeadline(shown, c.code!);
    }
    if (c.warning) {
      assert.equal(await allDrawn(ctx.page), LECTURE_LAYERS, 'still drawn');
      const notice = await inWidget(ctx.page, (root) => {
        const box = root.querySelector('.notice') as HTMLElement;
        return { hidden: box.hidden, headline: box.querySelector('.headline')!.textContent, items: [...box.querySelectorAll('li')].map((li) => li.textContent) };
      });
      assert.not.ok(notice.hidden);
      assert.is(notice.headline, MESSAGES.ko.warnWeights);
      assert.is(notice.items.length, 1);
      assert.match(notice.items[0]!, c.warning);
    }
    if (c.noWeights) {
      const weights = ctx.requests.slice(requestsBefore).filter((url) => url.includes(`/__files/${dir}/`) && url.endsWith('.bin'));
      assert.equal(weights, [], 'no weight file requested');
    }
    const ready = await eventCount(ctx.page);
    await setModel(DEFAULT_MODEL);
    await nextEvent(ctx.page, ['convlens:ready'], ready);
    await assertGoodRun();
    assert.ok(await inWidget(ctx.page, (root) => (root.querySelector('.notice') as HTMLElement).hidden), 'the warning went with its model');
  });
}

test('counts at least 30 cases, and nothing reached the page as an uncaught error', () => {
  assert.ok(IMAGE_CASES.length + IMAGE_URL_CASES.length + MODEL_CASES.length >= 30);
  assert.equal((ctx.page as Page & { errors: string[] }).errors, []);
});

if (hasChromium()) test.run();
else console.log('SKIP widget-corpus browser test: no Chromium at', process.env.CHROMIUM_PATH ?? '/usr/bin/chromium');
