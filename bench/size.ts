/**
 * Loading cost of the built widget: raw and gzip (level 9) sizes of the page script, the
 * worker script with the chunks it imports statically (the ones fetched before it can run),
 * its lazily imported chunks, and each WASM binary; then the total a page really fetches
 * before the first tile: page JS + worker JS + the one WASM binary the browser picks. The
 * page runs also gzip what each cold load really requested before its first tile
 * (codeGzipBefore), which counts the HTML and CSS too and any chunk fetched on the way.
 *
 *   tsx bench/size.ts                 sizes of dist/ (run `node build.mjs` first)
 *   tsx bench/size.ts --before HEAD   also bundles worker/ as it is at a git ref, for a before/after
 *   tsx bench/size.ts --json out.json writes the figures as JSON
 *
 * KB here is 1024 bytes.
 */
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Issue 10: page + worker + WASM before the first tile, and the worker's JavaScript alone. */
export const TARGET_GZIP_BYTES = 250 * 1024;
export const TARGET_WORKER_GZIP_BYTES = 100 * 1024;

export interface FileSize { file: string; raw: number; gzip: number }

export interface Sizes {
  /** convlens.js and the chunks it imports statically (and embed.js, the iframe page's script). */
  page: FileSize[];
  /** worker.js and the chunks it imports statically. */
  worker: FileSize[];
  /** Chunks the worker imports only on demand (the cpu fallback). */
  workerLazy: FileSize[];
  wasm: FileSize[];
  /** gzip bytes of convlens.js with its static chunks + worker JS + one binary, per binary. */
  totals: Record<string, number>;
}

export function gzipSize(bytes: Uint8Array): number {
  return gzipSync(bytes, { level: 9 }).byteLength;
}

function sizeOf(dist: string, file: string): FileSize {
  const bytes = readFileSync(join(dist, file));
  return { file, raw: bytes.byteLength, gzip: gzipSize(bytes) };
}

/** gzip bytes of what a page requested before its first tile, by what it is. */
export interface CodeGzip { document: number; pageJs: number; workerJs: number; wasm: number; total: number; files: string[] }

const gzipCache = new Map<string, number>();
const pageChunks = new Map<string, Set<string>>();

/** The chunks of the page script (convlens.js's graph, eager or lazy) in a served folder: the other chunks are the worker's. */
function pageChunksOf(root: string): Set<string> {
  if (!pageChunks.has(root)) {
    const graph = existsSync(join(root, 'convlens.js')) ? moduleGraph(root, 'convlens.js') : { eager: [], lazy: [] };
    pageChunks.set(root, new Set([...graph.eager, ...graph.lazy].map((file) => join(root, file))));
  }
  return pageChunks.get(root)!;
}

/** `paths` (URL paths of 200 responses) gzipped from the served folder `root`; data (weights, images, JSON) left out. */
export function codeGzipBefore(root: string, paths: string[]): CodeGzip {
  const result: CodeGzip = { document: 0, pageJs: 0, workerJs: 0, wasm: 0, total: 0, files: [] };
  for (const path of new Set(paths)) {
    const file = join(root, decodeURIComponent(path.endsWith('/') ? `${path}index.html` : path));
    const kind = /\.(html|css)$/.test(file) ? 'document' : file.endsWith('.wasm') ? 'wasm'
      : pageChunksOf(root).has(file) ? 'pageJs'
        : /(^|\/)(worker\.js|chunks\/[^/]+\.js)$/.test(file) ? 'workerJs' : file.endsWith('.js') ? 'pageJs' : null;
    if (!kind || !existsSync(file)) continue;
    if (!gzipCache.has(file)) gzipCache.set(file, gzipSize(readFileSync(file)));
    result[kind] += gzipCache.get(file)!;
    result.files.push(path.slice(path.lastIndexOf('/') + 1) || 'index.html');
  }
  result.total = result.document + result.pageJs + result.workerJs + result.wasm;
  return result;
}

/** Relative module paths a minified ES module imports: static (`from"./x.js"`, `import"./x.js"`) and dynamic (`import("./x.js")`). */
export function importsOf(code: string): { static: string[]; dynamic: string[] } {
  const dynamic = [...code.matchAll(/import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g)].map((m) => m[1]);
  const staticImports = [...code.matchAll(/(?:from|import)\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => m[1]);
  return { static: [...new Set(staticImports)], dynamic: [...new Set(dynamic)] };
}

/** `entry` and every module it reaches through static imports; apart, every module only reached through a dynamic import. */
function moduleGraph(dist: string, entry: string): { eager: string[]; lazy: string[] } {
  const eager = new Set<string>();
  const lazy = new Set<string>();
  const walk = (file: string, into: Set<string>) => {
    if (eager.has(file) || into.has(file)) return;
    into.add(file);
    const found = importsOf(readFileSync(join(dist, file), 'utf8'));
    const resolve = (path: string) => relative(dist, join(dist, dirname(file), path));
    found.static.map(resolve).forEach((path) => walk(path, into));
    found.dynamic.map(resolve).forEach((path) => pendingLazy.push(path));
  };
  const pendingLazy: string[] = [];
  walk(entry, eager);
  while (pendingLazy.length > 0) walk(pendingLazy.shift()!, lazy);
  return { eager: [...eager], lazy: [...lazy].filter((file) => !eager.has(file)) };
}

/** Sizes of a built dist/ folder. */
export function measureSizes(dist = join(ROOT, 'dist')): Sizes {
  const pageGraph = moduleGraph(dist, 'convlens.js');
  const page = [...pageGraph.eager, 'embed.js'].filter((file) => existsSync(join(dist, file))).map((file) => sizeOf(dist, file));
  const graph = moduleGraph(dist, 'worker.js');
  const worker = graph.eager.map((file) => sizeOf(dist, file));
  const workerLazy = graph.lazy.map((file) => sizeOf(dist, file));
  const wasm = readdirSync(dist).filter((file) => file.endsWith('.wasm')).sort().map((file) => sizeOf(dist, file));
  // The page script with the chunks it cannot run without (the iframe's embed.js is another page).
  const pageGzip = page.filter((f) => pageGraph.eager.includes(f.file)).reduce((sum, f) => sum + f.gzip, 0);
  const workerGzip = worker.reduce((sum, f) => sum + f.gzip, 0);
  const totals = Object.fromEntries(wasm.map((binary) => [binary.file, pageGzip + workerGzip + binary.gzip]));
  return { page, worker, workerLazy, wasm, totals };
}

/** Bundles worker/main.ts as it is at git `ref` with build.mjs' options; gzip bytes of the result. */
export async function workerAtRef(ref: string): Promise<FileSize[]> {
  const dir = mkdtempSync(join(tmpdir(), 'convlens-size-'));
  try {
    const archive = execFileSync('git', ['archive', ref, 'worker', 'src', 'tsconfig.json'], { cwd: ROOT });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    const out = join(dir, 'out');
    await esbuild.build({
      entryPoints: { worker: join(dir, 'worker/main.ts') }, outdir: out, bundle: true, format: 'esm', target: 'es2022',
      minify: true, legalComments: 'none', logLevel: 'error', platform: 'browser', splitting: true, chunkNames: 'chunks/[name]-[hash]',
    });
    const graph = moduleGraph(out, 'worker.js');
    return graph.eager.map((file) => sizeOf(out, file));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function formatSizes(sizes: Sizes): string {
  const rows: string[][] = [['file', 'raw', 'gzip']];
  const add = (label: string, files: FileSize[]) => files.forEach((f) => rows.push([`${label}${f.file}`, kb(f.raw), kb(f.gzip)]));
  add('page    ', sizes.page);
  add('worker  ', sizes.worker);
  add('lazy    ', sizes.workerLazy);
  add('wasm    ', sizes.wasm);
  const workerGzip = sizes.worker.reduce((sum, f) => sum + f.gzip, 0);
  rows.push(['worker JS before it can run (gzip)', '', `${kb(workerGzip)} (${workerGzip <= TARGET_WORKER_GZIP_BYTES ? 'within' : 'OVER'} the ${kb(TARGET_WORKER_GZIP_BYTES)} target)`]);
  for (const [binary, total] of Object.entries(sizes.totals)) {
    const verdict = total <= TARGET_GZIP_BYTES ? 'within' : 'OVER';
    rows.push([`page JS + worker JS + ${binary}`, '', `${kb(total)} (${verdict} the ${kb(TARGET_GZIP_BYTES)} target)`]);
  }
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map((r) => `${r[0].padEnd(width)}  ${r[1].padStart(10)}  ${r[2]}`).join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const sizes = measureSizes();
  console.log(formatSizes(sizes));
  const output: Record<string, unknown> = { sizes };
  const ref = option('--before');
  if (ref) {
    const before = await workerAtRef(ref);
    const beforeGzip = before.reduce((sum, f) => sum + f.gzip, 0);
    const afterGzip = sizes.worker.reduce((sum, f) => sum + f.gzip, 0);
    console.log(`\nworker JS at ${ref}: ${before.map((f) => `${f.file} ${kb(f.gzip)}`).join(', ')} = ${kb(beforeGzip)} gzip`);
    console.log(`worker JS now: ${kb(afterGzip)} gzip (${afterGzip >= beforeGzip ? '+' : ''}${kb(afterGzip - beforeGzip)}, ${((afterGzip / beforeGzip - 1) * 100).toFixed(1)} %)`);
    output.before = { ref, files: before, gzip: beforeGzip };
  }
  const json = option('--json');
  if (json) writeFileSync(json, `${JSON.stringify(output, null, 2)}\n`);
}
