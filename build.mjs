// Builds the widget into dist/: the page module (convlens.js), the worker module
// (worker.js) with the tfjs WASM binaries beside it, and a copy of static/ and models/.
// `node build.mjs --watch` rebuilds on change. Exits 1 on any failure.
import * as esbuild from 'esbuild';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { mergeStaticChunks } from './worker/merge-static-chunks.mjs';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const DIST = `${ROOT}dist`;
const watch = process.argv.includes('--watch');
const { version } = JSON.parse(await readFile(`${ROOT}package.json`, 'utf8'));
// A one-off build writes to a fresh folder and swaps it in, so a server or test reading
// dist/ meanwhile never sees it half-written; --watch writes in place.
const OUT = watch ? DIST : `${ROOT}dist.building-${process.pid}`;
const WASM_DIR = `${ROOT}node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
const WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/** Shared esbuild options: one ES module per entry, minified, with a source map. */
const common = {
  bundle: true,
  format: 'esm',
  target: 'es2022',
  // CONVLENS_UNMINIFIED=1: readable function names in profiles (bench/profile-js.ts).
  minify: !watch && process.env.CONVLENS_UNMINIFIED !== '1',
  sourcemap: true,
  legalComments: 'none',
  logLevel: 'warning',
  metafile: true,
};

/**
 * The widget's styles are CSS in template strings, which esbuild cannot minify: their comments
 * (3.2 KB, the why of each rule) and indentation are dropped here, so they stay in the source only.
 */
const cssWithoutComments = {
  name: 'css-without-comments',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]views[\\/]styles[\\/][^\\/]+\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, 'utf8')).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s+/g, '\n'),
      loader: 'ts',
    }));
  },
};

/** Resolves the bare '@tensorflow/tfjs-core' (only that: deep paths stay tfjs-core's) to the lean entry. */
const leanTfjsCore = {
  name: 'lean-tfjs-core',
  setup(build) {
    // The cpu backend (lazy) gets tfjs-core's full helper namespaces; the two cpu helpers the
    // WASM kernels use on the default path stay on the lean ones.
    build.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, (args) => ({
      path: /tfjs-backend-cpu/.test(args.importer) && !/(kernels\/(Slice|Concat_impl)|cpu_util)\.js$/.test(args.importer)
        ? `${ROOT}worker/tfjs-core-lean-full.js` : `${ROOT}worker/tfjs-core-lean.js`,
    }));
  },
};

/**
 * tfjs-backend-wasm imports its threaded glue eagerly; the worker takes it only when it runs
 * threads (worker/wasm-threaded-glue.js says how), so the usual path does not download it.
 */
const lazyThreadedGlue = {
  name: 'lazy-threaded-glue',
  setup(build) {
    build.onResolve({ filter: /wasm-out\/tfjs-backend-wasm-threaded-simd(\.worker)?\.js$/ }, (args) =>
      args.importer.endsWith('backend_wasm.js') ? { path: `${ROOT}worker/wasm-threaded-glue.js` } : undefined);
  },
};

/** The WASM kernels' cpu helpers: only the two our kernels use (worker/wasm-cpu-shared.js). */
const fewCpuHelpers = {
  name: 'few-cpu-helpers',
  setup(build) {
    build.onResolve({ filter: /kernel_utils\/shared(\.js)?$/ }, (args) =>
      args.importer.includes('tfjs-backend-wasm') ? { path: `${ROOT}worker/wasm-cpu-shared.js` } : undefined);
  },
};

/** tfjs-core's int64 string hash and the `long` library it loads: never used (worker/no-int64-hash.js). */
const noInt64Hash = {
  name: 'no-int64-hash',
  setup(build) {
    build.onResolve({ filter: /^\.\/hash_util(\.js)?$/ }, (args) =>
      args.importer.includes('tfjs-core') ? { path: `${ROOT}worker/no-int64-hash.js` } : undefined);
  },
};

/**
 * The CLI imports the package's own dependencies from node_modules (installed beside it) by
 * their entry points; deep imports (tfjs-backend-wasm/dist/kernels/X, ES modules Node cannot
 * load by that path) are bundled, and import tfjs-core through its entry like the rest.
 */
const dependenciesExternal = {
  name: 'dependencies-external',
  setup(build) {
    build.onResolve({ filter: /^(@tensorflow\/[\w-]+|h5wasm|comlink|@jsquash\/jpeg\/decode\.js)$/ }, (args) => ({ path: args.path, external: true }));
  },
};

const builds = [
  // The page side: the element (convlens.js), split so the teaching instruments (Grad-CAM,
  // export, the filters' weights) are a chunk fetched on first use; the iframe embed page's
  // script (embed.js) on its own, sharing nothing with the element.
  { ...common, entryPoints: { convlens: `${ROOT}src/convlens.ts` }, outdir: OUT, platform: 'browser', splitting: true, chunkNames: 'chunks/[name]-[hash]', plugins: [cssWithoutComments] },
  // embed.js and convlens-lazy.js import convlens.js beside them at run time (after the page's load event): not bundled in.
  { ...common, entryPoints: { embed: `${ROOT}src/embed.ts`, 'convlens-lazy': `${ROOT}src/lazy.ts` }, outdir: OUT, platform: 'browser', external: ['./convlens.js'] },
  // Split so the cpu fallback backend is a chunk fetched only when WASM cannot start; tfjs-core
  // without io, optimizers and training (worker/tfjs-core-lean.js says why).
  {
    ...common, entryPoints: { worker: `${ROOT}worker/main.ts` }, outdir: OUT, platform: 'browser', splitting: true, chunkNames: 'chunks/[name]-[hash]',
    plugins: [leanTfjsCore, lazyThreadedGlue, fewCpuHelpers, noInt64Hash],
  },
  // The `convlens` command for Node (serve, render, convert): its own code and the small
  // libraries in one bundle, the package's dependencies from node_modules, so it runs with
  // plain `node` after `npm install convlens`. The WASM binaries are
  // the ones beside it in dist/. Emscripten's Node code calls require(), which an ES module
  // lacks: the banner gives it one, and __dirname.
  {
    ...common,
    entryPoints: { convlens: `${ROOT}cli/convlens.ts`, convert: `${ROOT}cli/convert-api.ts` },
    outdir: `${OUT}/node`,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    target: 'node20',
    minify: false,
    sourcemap: false,
    define: { CONVLENS_VERSION: JSON.stringify(version) },
    plugins: [dependenciesExternal],
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __convlensRequire } from 'node:module';\nconst require = __convlensRequire(import.meta.url);\nimport { fileURLToPath as __convlensPath } from 'node:url';\nconst __filename = __convlensPath(import.meta.url);\nconst __dirname = __convlensPath(new URL('.', import.meta.url));" },
  },
];

/**
 * The public API's declarations (dist/types/: the element, its events, the converter) from
 * tsc, with `.js` added to relative imports so they resolve under every moduleResolution
 * a user's project may have (node16/nodenext need the extension, bundler accepts it).
 */
async function emitTypes() {
  const tsc = `${ROOT}node_modules/typescript/bin/tsc`;
  await promisify(execFile)(process.execPath, [tsc, '-p', `${ROOT}tsconfig.types.json`, '--outDir', `${OUT}/types`]).catch((error) => {
    throw new Error(`declarations: ${error.stdout || error.message}`);
  });
  for (const entry of await readdir(`${OUT}/types`, { recursive: true })) {
    if (!entry.endsWith('.d.ts')) continue;
    const path = `${OUT}/types/${entry}`;
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+?)(?<!\.js)\2/g, '$1$2$3.js$2'));
  }
}

async function copyAssets() {
  await cp(`${ROOT}static`, OUT, { recursive: true });
  await inlineDemoFiles();
  await cp(`${ROOT}models`, `${OUT}/models`, { recursive: true });
  for (const file of WASM_FILES) await cp(WASM_DIR + file, `${OUT}/${file}`);
}

/**
 * The demo page's stylesheet and its two small scripts go into its HTML: three requests fewer
 * before the first tile (bench/ab-cold.ts, 2026-12-01, 7 cold loads at ¼ core: 6023 → 5879 ms).
 * static/ keeps them apart, to read.
 */
async function inlineDemoFiles() {
  const page = `${OUT}/index.html`;
  const inlined = [
    { tag: '<link rel="stylesheet" href="./demo.css">', file: 'demo.css', open: '<style>', close: '</style>' },
    { tag: '<script src="./lang.js"></script>', file: 'lang.js', open: '<script>', close: '</script>' },
    { tag: '<script type="module" src="./demo.js"></script>', file: 'demo.js', open: '<script type="module">', close: '</script>' },
  ];
  let html = await readFile(page, 'utf8');
  for (const { tag, file, open, close } of inlined) {
    if (!html.includes(tag)) throw new Error(`static/index.html no longer has ${tag}: update inlineDemoFiles in build.mjs`);
    const text = `${open}\n${withoutComments(await readFile(`${OUT}/${file}`, 'utf8'), file)}${close}`;
    html = html.replace(tag, () => text);
    await rm(`${OUT}/${file}`);
  }
  await writeFile(page, html);
}

/**
 * The comments of an inlined file, which every student would download with the page: whole-line
 * `//` comments of the scripts, `/* … *\/` of the stylesheet (static/ keeps them, to read).
 */
function withoutComments(text, file) {
  if (file.endsWith('.css')) return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\n\s*\n/g, '\n');
  return text.split('\n').filter((line) => !/^\s*\/\//.test(line)).join('\n');
}

try {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  if (watch) {
    for (const options of builds) {
      const context = await esbuild.context(options);
      await context.watch();
    }
    await copyAssets();
    console.log('watching src/ and worker/ (static/ and models/ are copied once)');
  } else {
    const results = await Promise.all([...builds.map((options) => esbuild.build(options)), emitTypes()]);
    // The worker and the chunks it needs before it runs: one file, one request (worker/merge-static-chunks.mjs).
    // CONVLENS_SPLIT_WORKER=1 keeps esbuild's split, for comparing the two (bench/ab-cold.ts).
    const workerBuild = builds.findIndex((options) => options.entryPoints.worker);
    if (process.env.CONVLENS_SPLIT_WORKER !== '1') await mergeStaticChunks(OUT, results[workerBuild].metafile, 'worker.js', { ...common, metafile: false, platform: 'browser' });
    await copyAssets();
    // CONVLENS_METAFILE=1: what each output is made of (esbuild's metafile), for size work.
    if (process.env.CONVLENS_METAFILE === '1') {
      const outputs = Object.assign({}, ...results.slice(0, builds.length).map((result) => result.metafile.outputs));
      await writeFile(`${OUT}/metafile.json`, JSON.stringify({ outputs }));
    }
    await rm(DIST, { recursive: true, force: true });
    await rename(OUT, DIST);
    console.log(`built ${DIST}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  if (!watch) await rm(OUT, { recursive: true, force: true });
  process.exit(1);
}
