/**
 * The folder the benchmark serves: a copy of dist/ (so a concurrent `node build.mjs`
 * cannot pull files away mid-run) plus /__bench/ with the baseline page, the worker-level
 * page, the VGG-16 page and its generated model. Nothing here ships.
 */
import * as esbuild from 'esbuild';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeVgg16, type GeneratedModel } from './vgg16';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PAGES = fileURLToPath(new URL('./pages/', import.meta.url));

/**
 * The cold-load page: the README's two-line embed at the top of a page, and one line of
 * script that asks for every layer (el.run), so "all six layers painted" is defined in an
 * ordinary viewport. (The demo page draws only the layers near the viewport until the
 * reader scrolls.)
 */
export const EMBED_PAGE = '__bench/embed.html';
/** The demo page as `npm start` serves it (dist/index.html, from static/). */
export const DEMO_PAGE = 'index.html';
export const BASELINE_PAGE = '__bench/baseline.html';
export const MATRIX_PAGE = '__bench/worker-matrix.html';
export const VGG_PAGE = '__bench/vgg.html';
/** The image every run uses, relative to the site root. */
export const IMAGE = 'samples/chelsea.png';

export interface BenchRoot {
  dir: string;
  /** The probe, as a script to inject before every page's own scripts. */
  probe: string;
  vgg: GeneratedModel;
  remove(): Promise<void>;
}

async function bundle(name: string, format: 'esm' | 'iife'): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [join(PAGES, `${name}.ts`)], bundle: true, format, write: false, target: 'es2022', minify: true,
    legalComments: 'none', logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

function html(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>\n<body>\n${body}\n</body></html>\n`;
}

/** The cold-load page (EMBED_PAGE). */
export function embedPage(): string {
  return html('convlens embed', [
    '<script type="module" src="../convlens.js"></script>',
    '<conv-lens model="../models/cifar10/model.json" lang="en"></conv-lens>',
    `<script type="module">document.querySelector('conv-lens').run('../${IMAGE}');</script>`,
  ].join('\n'));
}

/** Copies dist/ into a temp folder and adds the benchmark's pages and the VGG-16 model. */
export async function prepareRoot(): Promise<BenchRoot> {
  const dir = await mkdtemp(join(tmpdir(), 'convlens-bench-root-'));
  await cp(join(ROOT, 'dist'), dir, { recursive: true });
  const bench = join(dir, '__bench');
  const [probe, baseline, matrix] = await Promise.all([bundle('probe', 'iife'), bundle('baseline', 'esm'), bundle('worker-matrix', 'esm')]);
  const vgg = await writeVgg16(join(bench, 'vgg16'));
  await writeFile(join(bench, 'baseline.js'), baseline);
  await writeFile(join(bench, 'baseline.html'), html('baseline: tfjs cpu on the main thread', '<script type="module" src="./baseline.js"></script>'));
  await writeFile(join(bench, 'worker-matrix.js'), matrix);
  await writeFile(join(bench, 'worker-matrix.html'), html('worker-level figures', '<script type="module" src="./worker-matrix.js"></script>'));
  await writeFile(join(bench, 'embed.html'), embedPage());
  // The 4,224 conv channels, no photo yet: the benchmark calls el.run() itself.
  await writeFile(join(bench, 'vgg.html'), html('VGG-16 scale', [
    '<script type="module" src="../convlens.js"></script>',
    `<conv-lens model="./vgg16/model.json" layers="${vgg.convLayers.join(' ')}" lang="en"></conv-lens>`,
  ].join('\n')));
  return { dir, probe, vgg, remove: () => rm(dir, { recursive: true, force: true }) };
}
