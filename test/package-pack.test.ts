/**
 * The package as a teacher gets it: `npm pack` (its prepack builds), the tarball installed
 * into a fresh project from its file (dependencies from npm's cache), examples/bundled/main.ts bundled with esbuild and run in
 * headless Chromium (all six layers drawn), the same file type-checked by tsc (and a wrong
 * call refused), and the CDN form: the packed dist/ on a second origin with CORS, the page
 * (examples/cdn.html) on the first.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import type { Page } from 'playwright-core';
import { startServer } from '../serve.mjs';
import { ROOT } from './helpers/cli';
import { hasChromium, launchChromium, type LaunchedBrowser } from './browser/chromium';

const run = promisify(execFile);
const TSC = `${ROOT}node_modules/typescript/bin/tsc`;
const LECTURE_SHAPES = [[30, 30, 32], [15, 15, 32], [13, 13, 64], [11, 11, 128], [5, 5, 128], [3, 3, 256]];
const work = mkdtempSync(join(tmpdir(), 'convlens-pack-'));
const project = join(work, 'course-site');
let tarball = '';
let browser: LaunchedBrowser | null = null;

/** npm pack → a fresh project → npm install <tarball> from npm's cache only. */
async function packAndInstall(): Promise<void> {
  const { stdout } = await run('npm', ['pack', '--pack-destination', work, '--json'], { cwd: ROOT, maxBuffer: 64 << 20 });
  // prepack's own output comes first; the JSON report is the last thing printed.
  tarball = join(work, JSON.parse(stdout.slice(stdout.indexOf('[\n')))[0].filename);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'course-site', private: true, type: 'module' }));
  // --prefer-offline: the tarballs come from npm's cache; only the registry's package metadata may be fetched.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project });
}

/**
 * What the widget drew: the six layers' shapes and how many of its canvases hold pixels.
 * A string, not a function: tsx would wrap the function's inner names in a helper the page lacks.
 */
const DRAWN = `(async () => {
  const el = document.querySelector('conv-lens');
  await el.ready;
  await el.run(new URL('chelsea.png', location.href).href);
  const layers = await el.activations();
  // The paint scheduler draws in frames: wait until every grid's atlas has pixels.
  const painted = () => [...el.shadowRoot.querySelectorAll('canvas')].filter((canvas) => {
    if (canvas.width === 0 || canvas.height === 0) return false;
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    return data.some((value, i) => i % 4 === 3 && value > 0);
  }).length;
  for (let i = 0; i < 100 && painted() < layers.length; i++) await new Promise((resolve) => setTimeout(resolve, 100));
  return { shapes: layers.map((layer) => layer.shape.slice(1)), painted: painted() };
})()`;

function drawn(page: Page): Promise<{ shapes: number[][]; painted: number }> {
  return page.evaluate(DRAWN) as Promise<{ shapes: number[][]; painted: number }>;
}

const Pack = suite('npm pack → install offline → bundle with esbuild → Chromium, and tsc');
Pack.before(async () => {
  // uvu reports a failing hook without its error: say it here.
  await packAndInstall().catch((error) => {
    console.error('npm pack / install failed:', error.message, error.stderr ?? '');
    throw error;
  });
  if (hasChromium()) browser = await launchChromium();
});
Pack.after(async () => {
  await browser?.close();
});

Pack('the tarball holds the built widget, its types, the default model, the CLI and the licence, and no sources', () => {
  const installed = join(project, 'node_modules', 'convlens');
  const files = readdirSync(installed, { recursive: true }).map(String);
  for (const file of ['dist/convlens.js', 'dist/worker.js', 'dist/tfjs-backend-wasm-simd.wasm', 'dist/models/cifar10/model.json',
    'dist/types/src/convlens.d.ts', 'dist/node/convlens.mjs', 'dist/node/convert.mjs', 'dist/embed.html', 'LICENSE', 'README.md']) {
    assert.ok(files.includes(file), file);
  }
  assert.ok(!files.some((file) => /^(src|worker|test|cli|render)\//.test(file) || file.endsWith('.map')), files.filter((f) => !f.startsWith('dist/')).join(', '));
  const json = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
  assert.is(json.private, undefined);
  assert.is(json.bin.convlens, 'dist/node/convlens.mjs');
});

Pack('a page of the site, bundled with esbuild from `import \'convlens\'`, draws all six layers', async () => {
  const site = join(project, 'public');
  cpSync(join(project, 'node_modules', 'convlens', 'dist'), site, { recursive: true });
  cpSync(`${ROOT}examples/bundled/index.html`, join(site, 'index.html'));
  cpSync(`${ROOT}static/samples/chelsea.png`, join(site, 'chelsea.png'));
  cpSync(`${ROOT}examples/bundled/main.ts`, join(project, 'main.ts'));
  await esbuild.build({ absWorkingDir: project, entryPoints: ['main.ts'], bundle: true, format: 'esm', outfile: join(site, 'app.js'), logLevel: 'error' });
  if (!browser) return console.log('SKIP the browser half: /usr/bin/chromium is not installed');
  const server = await startServer({ root: site, isolated: false });
  try {
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    const { shapes, painted } = await drawn(page);
    assert.equal(shapes, LECTURE_SHAPES);
    assert.ok(painted >= 6, `${painted} painted canvases`);
    // main.ts's convlens:layer listener logged each layer.
    assert.match(await page.textContent('#log') ?? '', /conv2d_3 3×3×256/);
    assert.equal(errors, []);
  } finally {
    await server.close();
  }
});

/** tsc on `file` in the project, as its own tsconfig says; resolves with exit code and output. */
async function typecheck(file: string, moduleResolution: 'bundler' | 'nodenext'): Promise<{ code: number; output: string }> {
  const module = moduleResolution === 'bundler' ? 'es2022' : 'nodenext';
  const config = `tsconfig.${moduleResolution}.json`;
  writeFileSync(join(project, config), JSON.stringify({
    compilerOptions: { target: 'es2022', module, moduleResolution, lib: ['dom', 'es2022'], strict: true, noEmit: true, types: [] },
    files: [file],
  }));
  try {
    const { stdout } = await run(process.execPath, [TSC, '-p', config], { cwd: project });
    return { code: 0, output: stdout };
  } catch (error) {
    const failure = error as { code: number; stdout: string };
    return { code: failure.code, output: failure.stdout };
  }
}

Pack('tsc accepts the typed example (el.run, el.activations, convlens:layer) under bundler and nodenext resolution', async () => {
  for (const resolution of ['bundler', 'nodenext'] as const) {
    const { code, output } = await typecheck('main.ts', resolution);
    assert.is(code, 0, `${resolution}: ${output}`);
  }
});

Pack('tsc refuses a wrong call and a misspelt event detail', async () => {
  writeFileSync(join(project, 'wrong.ts'), [
    "import 'convlens';",
    "const el = document.querySelector('conv-lens')!;",
    'el.run(42);',
    "el.addEventListener('convlens:layer', (event) => console.log(event.detail.nmae));",
    'const layers: string[] = await el.activations();',
    'export {};',
  ].join('\n'));
  const { code, output } = await typecheck('wrong.ts', 'bundler');
  assert.is.not(code, 0);
  assert.match(output, /wrong\.ts\(3,8\): error TS2345: Argument of type 'number' is not assignable to parameter of type 'WidgetSource'/);
  assert.match(output, /wrong\.ts\(4,75\): error TS2339: Property 'nmae' does not exist on type 'LayerEventDetail'/);
  assert.match(output, /wrong\.ts\(5,7\): error TS2322: Type 'ActivationRecord\[\]' is not assignable to type 'string\[\]'/);
});

Pack('the installed `convlens` command runs with plain Node (a JPEG: mozjpeg from the installed dependencies)', async () => {
  const out = join(work, 'figures');
  const { stdout } = await run(join(project, 'node_modules', '.bin', 'convlens'), ['render', join(project, 'node_modules/convlens/dist/models/cifar10/model.json'), `${ROOT}static/samples/rocket.jpg`, '--out', out, '--layers', 'conv2d'], { cwd: project });
  assert.match(stdout, /01-conv2d\.png/);
});

Pack.run();

const Cdn = suite('the CDN form: the packed dist/ on a second origin with CORS, the page on the first');
Cdn.after(() => rmSync(work, { recursive: true, force: true }));

(hasChromium() ? Cdn : Cdn.skip)('examples/cdn.html draws all six layers from the other origin', async () => {
  const cdnRoot = join(work, 'cdn');
  mkdirSync(join(cdnRoot, 'npm'), { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', join(cdnRoot, 'npm')]);
  cpSync(join(cdnRoot, 'npm', 'package'), join(cdnRoot, 'npm', 'convlens@0.1.0'), { recursive: true });
  const cdn = await startServer({ root: cdnRoot, isolated: false, extraHeaders: () => ({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }) });
  const pageRoot = join(work, 'page');
  mkdirSync(pageRoot);
  const cdnBase = `http://127.0.0.1:${cdn.port}/`;
  writeFileSync(join(pageRoot, 'index.html'), readFileSync(`${ROOT}examples/cdn.html`, 'utf8').replaceAll('https://cdn.example/', cdnBase));
  cpSync(`${ROOT}static/samples/chelsea.png`, join(pageRoot, 'chelsea.png'));
  const site = await startServer({ root: pageRoot, isolated: false });
  const launched = await launchChromium();
  try {
    const page = await launched.context.newPage();
    const fromCdn: string[] = [];
    page.on('request', (request) => request.url().startsWith(cdnBase) && fromCdn.push(request.url().slice(cdnBase.length)));
    await page.goto(site.url);
    const { shapes, painted } = await drawn(page);
    assert.equal(shapes, LECTURE_SHAPES);
    assert.ok(painted >= 6, `${painted} painted canvases`);
    for (const file of ['npm/convlens@0.1.0/dist/convlens.js', 'npm/convlens@0.1.0/dist/worker.js', 'npm/convlens@0.1.0/dist/models/cifar10/model.json']) {
      assert.ok(fromCdn.includes(file), `${file} from the CDN origin (got ${fromCdn.join(', ')})`);
    }
  } finally {
    await launched.close();
    await site.close();
    await cdn.close();
  }
});

(hasChromium() ? Cdn : Cdn.skip)('examples/lms-iframe.md: the iframe snippet on a course page draws the layers and sizes its frame', async () => {
  const cdnRoot = join(work, 'cdn');
  const cdn = await startServer({ root: cdnRoot, isolated: false, extraHeaders: () => ({ 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' }) });
  const markdown = readFileSync(`${ROOT}examples/lms-iframe.md`, 'utf8');
  const snippets = [...markdown.matchAll(/```html\n([\s\S]*?)```/g)].map((match) => match[1]);
  assert.is(snippets.length, 2);
  const pageRoot = join(work, 'lms');
  mkdirSync(pageRoot);
  const frameHtml = snippets[0].replace('https://YOUR-HOST/convlens/', `http://127.0.0.1:${cdn.port}/npm/convlens@0.1.0/dist/`);
  writeFileSync(join(pageRoot, 'index.html'), `<!doctype html><meta charset="utf-8"><p>Week 3</p>${frameHtml}${snippets[1]}`);
  const site = await startServer({ root: pageRoot, isolated: false });
  const launched = await launchChromium();
  try {
    const page = await launched.context.newPage();
    await page.goto(site.url);
    const frame = await (await page.waitForSelector('iframe')).contentFrame();
    const layers = await frame!.evaluate(`(async () => {
      const el = document.querySelector('conv-lens');
      await el.ready;
      // The widget left alone is lazy (layers far below the fold wait); run() asks for all.
      await el.run(new URL('samples/chelsea.png', location.href).href);
      return (await el.activations()).map((layer) => layer.name);
    })()`);
    assert.equal(layers, ['conv2d', 'conv2d_1']);
    await page.waitForFunction(() => document.querySelector('iframe')!.style.height !== '1600px', undefined, { timeout: 20000 });
  } finally {
    await launched.close();
    await site.close();
    await cdn.close();
  }
});

Cdn.run();
