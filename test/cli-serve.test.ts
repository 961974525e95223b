/**
 * `convlens serve MODEL PHOTO` (the built CLI, plain Node): prints its URL; the page there
 * runs the widget on that model and photo in headless Chromium (six layers, the lecture's
 * summary); a Keras .h5 is served as it is; it stops on SIGINT; bad files are refused first.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { CLI, ROOT, runCli } from './helpers/cli';
import { sharedPath } from './helpers/shared';
import { hasChromium, launchChromium } from './browser/chromium';
import { MESSAGES } from '../src/languages/i18n';

const MODEL = `${ROOT}models/cifar10/model.json`;
const CHELSEA = `${ROOT}static/samples/chelsea.png`;

/** Starts `convlens serve ...args` and resolves with the process and the URL it printed. */
async function startServe(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /http:\/\/localhost:\d+\//.exec(stdout);
      if (match) resolve(match[0]);
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url };
}

const Serve = suite('convlens serve');

Serve('serves the widget on the given model and photo, and stops on SIGINT', async () => {
  const { child, url } = await startServe([MODEL, CHELSEA]);
  try {
    const html = await (await fetch(url)).text();
    assert.match(html, '<conv-lens model="/model/model.json" src="/photo/chelsea.png"></conv-lens>');
    assert.is((await fetch(`${url}model/model.json`)).status, 200);
    assert.is((await fetch(`${url}model/../../package.json`)).status, 404);
    if (!hasChromium()) {
      console.log('SKIP the browser half: /usr/bin/chromium is not installed');
    } else {
      const browser = await launchChromium();
      try {
        const page = await browser.context.newPage();
        await page.goto(url);
        const layers = await page.evaluate(async () => {
          const el = document.querySelector('conv-lens')!;
          await el.ready;
          const done = await el.run('/photo/chelsea.png');
          const activations = await el.activations();
          return { top: done.top[0].name, shapes: activations.map((a) => [a.name, a.shape.join('x')]) };
        });
        assert.is(layers.top, 'cat');
        assert.equal(layers.shapes, [
          ['conv2d', '1x30x30x32'], ['max_pooling2d', '1x15x15x32'], ['conv2d_1', '1x13x13x64'],
          ['conv2d_2', '1x11x11x128'], ['max_pooling2d_1', '1x5x5x128'], ['conv2d_3', '1x3x3x256'],
        ]);
      } finally {
        await browser.close();
      }
    }
  } finally {
    child.kill('SIGINT');
  }
  const [code] = await once(child, 'close');
  assert.is(code, 0);
  await fetch(url).then(() => assert.unreachable('still answering after SIGINT'), () => undefined);
});

const h5 = sharedPath('models/cifar10.h5');
(h5 ? Serve : Serve.skip)('serves a Keras .h5 file as the widget\'s model, read by the engine first', async () => {
  const { child, url } = await startServe([h5!]);
  try {
    assert.match(await (await fetch(url)).text(), '<conv-lens model="/model/cifar10.h5"></conv-lens>');
    const served = new Uint8Array(await (await fetch(`${url}model/cifar10.h5`)).arrayBuffer());
    assert.equal([...served.subarray(0, 8)], [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await once(child, 'close'), [0, null]);
});
if (!h5) console.log('SKIP serve .h5: ../shared/models/cifar10.h5 is not present');

Serve('refuses a missing model and a broken one before serving, with the widget\'s words and exit 1', async () => {
  const missing = await runCli(['serve', `${ROOT}nowhere.h5`]);
  assert.is(missing.code, 1);
  assert.match(missing.stderr, `convlens serve: ${MESSAGES.en.errModelFetch}\n  Could not load ${ROOT}nowhere.h5: there is no such file`);
  const broken = await runCli(['serve', CHELSEA, '--lang', 'ko']);
  assert.is(broken.code, 1);
  assert.ok(broken.stderr.startsWith(`convlens serve: ${MESSAGES.ko.errModelFormat}\n  chelsea.png is not a model file: it is a PNG image. convlens reads`), broken.stderr);
  const usage = await runCli(['serve']);
  assert.is(usage.code, 2);
  assert.match(usage.stderr, 'usage: convlens serve MODEL [PHOTO]');
});

Serve.run();
