/**
 * worker/merge-static-chunks.mjs: the worker and every chunk it imports statically become
 * one file, and the lazy chunks import what they share with it from that file. Checked on a
 * small split build made here (a stateful module shared by the entry and a lazy module must
 * stay one instance, evaluated once, with live bindings), and on dist/ as built: worker.js
 * imports nothing statically, every relative import of a chunk exists, and every name a
 * chunk takes from worker.js is exported by it.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as esbuild from 'esbuild';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// @ts-expect-error: a plain .mjs build helper without declarations
import { mergeStaticChunks } from '../worker/merge-static-chunks.mjs';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const STATIC_IMPORT = /(?:^|[;}\s])(?:import|export)\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*as\s*[\w$]+)?\s*(?:from\s*)?"(\.\.?\/[^"]+)"/g;

async function splitBuild(dir: string) {
  const src = join(dir, 'src');
  await mkdir(src, { recursive: true });
  await writeFile(join(src, 'state.js'), 'export let count = 0; export const evaluated = (globalThis.evaluations = (globalThis.evaluations ?? 0) + 1); export function bump() { count++; }');
  await writeFile(join(src, 'util.js'), 'export const double = (x) => 2 * x;');
  await writeFile(join(src, 'entry.js'), "import { bump, count } from './state.js'; import { double } from './util.js'; bump(); globalThis.entrySaw = double(count); export const lazy = () => import('./lazy.js');");
  await writeFile(join(src, 'lazy.js'), "import { bump, count, evaluated } from './state.js'; import { double } from './util.js'; export function run() { bump(); return { count, evaluated, doubled: double(count) }; }");
  const out = join(dir, 'out');
  const result = await esbuild.build({
    entryPoints: { entry: join(src, 'entry.js') }, bundle: true, format: 'esm', splitting: true, outdir: out,
    chunkNames: 'chunks/[name]-[hash]', entryNames: '[name]', minify: true, sourcemap: true, metafile: true, logLevel: 'silent', absWorkingDir: dir,
  });
  return { out, metafile: result.metafile };
}

test('a shared stateful module stays one instance across the merged entry and a lazy chunk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'convlens-merge-'));
  try {
    const { out, metafile } = await splitBuild(dir);
    const before = readdirSync(join(out, 'chunks')).filter((name) => name.endsWith('.js'));
    assert.ok(before.some((name) => name.startsWith('chunk-')), `esbuild made a shared chunk: ${before}`);
    await mergeStaticChunks(out, metafile, 'entry.js', { bundle: true, format: 'esm', minify: true, sourcemap: true, logLevel: 'silent' }, dir);
    const entry = readFileSync(join(out, 'entry.js'), 'utf8');
    assert.equal([...entry.matchAll(STATIC_IMPORT)].map((m) => m[1]), [], 'the entry imports nothing statically');
    assert.not.ok(readdirSync(join(out, 'chunks')).some((name) => name.startsWith('chunk-')), 'the shared chunk is gone');
    const g = globalThis as any;
    const module = await import(pathToFileURL(join(out, 'entry.js')).href);
    assert.is(g.entrySaw, 2, 'the entry ran with its own bump');
    const lazy = await module.lazy();
    assert.equal(lazy.run(), { count: 2, evaluated: 1, doubled: 4 }, 'the lazy chunk saw the same state, evaluated once');
    assert.is(g.evaluations, 1);
    const map = JSON.parse(readFileSync(join(out, 'entry.js.map'), 'utf8'));
    assert.ok(map.sources.some((source: string) => source.endsWith('state.js')), `the merged map points at the sources: ${map.sources}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('dist/worker.js is one file; the chunks import only what exists and what worker.js exports', () => {
  const worker = readFileSync(join(DIST, 'worker.js'), 'utf8');
  assert.equal([...worker.matchAll(STATIC_IMPORT)].map((m) => m[1]), [], 'worker.js imports no other file statically');
  const exported = new Set([...worker.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((part) => part.trim().split(/\s+as\s+/).pop()!)));
  let fromWorker = 0;
  for (const name of readdirSync(join(DIST, 'chunks')).filter((file) => file.endsWith('.js'))) {
    const path = join(DIST, 'chunks', name);
    const text = readFileSync(path, 'utf8');
    for (const [, specifier] of text.matchAll(STATIC_IMPORT)) assert.ok(existsSync(join(dirname(path), specifier)), `${name} imports ${specifier}, which is not there`);
    for (const [, names] of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"\.\.\/worker\.js"/g)) {
      for (const part of names.split(',').map((p) => p.trim()).filter(Boolean)) {
        fromWorker++;
        assert.ok(exported.has(part.split(/\s+as\s+/)[0]), `${name} imports ${part} from worker.js, which does not export it`);
      }
    }
  }
  assert.ok(fromWorker > 0, 'the lazy chunks take shared code from worker.js');
});

test.run();
