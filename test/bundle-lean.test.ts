/**
 * The worker bundle is our own engine over tfjs-core: no tfjs-layers code in dist/worker.js
 * or any of its chunks (read from the source maps esbuild writes, which list every module
 * bundled), none in the package's dependencies, and the worker JavaScript within its budget.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const DIST = new URL('../dist/', import.meta.url);
const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
/** issue 10: worker JavaScript ≤ 100 KB gzip (it was 164 KB with tfjs-layers). */
const WORKER_BUDGET = 100 * 1024;

const sources = (file: string): string[] => JSON.parse(readFileSync(new URL(`${file}.map`, DIST), 'utf8')).sources;
const test = suite('the lean worker bundle');

if (!existsSync(new URL('worker.js.map', DIST))) {
  console.log('SKIP bundle checks: dist/ is not built (npm test builds it first)');
} else {
  const chunks = readdirSync(new URL('chunks/', DIST)).filter((name) => name.endsWith('.js')).map((name) => `chunks/${name}`);

  test("the widget's styles ship without their comments (build.mjs drops them from the CSS strings)", () => {
    const page = readFileSync(new URL('convlens.js', DIST), 'utf8');
    assert.ok(page.includes('.layer-head{') || page.includes('.layer-head {'), 'the styles are in convlens.js: the check reads them');
    assert.is(page.match(/\*\//g)?.length ?? 0, 0, 'a CSS comment in convlens.js');
  });

  test('no module of @tensorflow/tfjs-layers is in worker.js or its chunks', () => {
    for (const file of ['worker.js', ...chunks]) {
      const layers = sources(file).filter((path) => path.includes('tfjs-layers'));
      assert.equal(layers, [], `${file} bundles ${layers.slice(0, 3).join(', ')}`);
    }
    const all = ['worker.js', ...chunks].flatMap(sources);
    assert.ok(all.some((path) => path.includes('tfjs-core')), 'the maps list tfjs-core: the check reads real module paths');
  });

  test('the package does not depend on tfjs-layers (tests may use it as a reference)', () => {
    assert.not.ok('@tensorflow/tfjs-layers' in (PACKAGE.dependencies ?? {}));
    assert.not.ok('@tensorflow/tfjs-layers' in (PACKAGE.peerDependencies ?? {}));
  });

  test(`the worker JavaScript of the default path (worker.js and the chunks it imports statically) is at most ${WORKER_BUDGET / 1024} KB gzip`, () => {
    // Static imports load with the worker; import() chunks (h5wasm, the cpu backend, readers) only when needed.
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const code = readFileSync(new URL(file, DIST), 'utf8');
      for (const [, chunk] of code.matchAll(/from\s*"\.\/(?:chunks\/)?([^"]+\.js)"/g)) visit(`chunks/${chunk}`);
    };
    visit('worker.js');
    const gzip = [...loaded].reduce((sum, file) => sum + gzipSync(readFileSync(new URL(file, DIST))).length, 0);
    console.log(`  default-path worker JS: ${[...loaded].join(' + ')} = ${(gzip / 1024).toFixed(1)} KB gzip`);
    // worker.js is one file since worker/merge-static-chunks.mjs: the engine must be in what is counted.
    const counted = [...loaded].flatMap(sources);
    assert.ok(counted.some((path) => path.includes('tfjs-core/')) && counted.some((path) => path.includes('tfjs-backend-wasm/')), 'tfjs-core and the WASM backend are counted');
    assert.ok(gzip <= WORKER_BUDGET, `${gzip} bytes`);
  });

  test("every backend_util member the default path's modules read is in the lean namespace (worker/tfjs-backend-util-lean.js)", () => {
    // build.mjs gives the cpu backend (except the two helpers the WASM kernels use) the full
    // namespace; every other module gets the lean one, where a missing member is undefined.
    const lean = readFileSync(new URL('../worker/tfjs-backend-util-lean.js', import.meta.url), 'utf8');
    const exported = new Set([
      ...[...lean.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((name) => name.trim()).filter(Boolean)),
      ...[...lean.matchAll(/export const (\w+)/g)].map((m) => m[1]),
    ]);
    const fullNamespace = (path: string) => /tfjs-backend-cpu/.test(path) && !/(kernels\/(Slice|Concat_impl)|cpu_util)\.js$/.test(path);
    const used = new Map<string, string>();
    for (const file of ['worker.js', ...chunks]) {
      const map = JSON.parse(readFileSync(new URL(`${file}.map`, DIST), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      map.sources.forEach((path, i) => {
        if (fullNamespace(path) || path.endsWith('tfjs-backend-util-lean.js')) return;
        // Members read at run time; `: backend_util.TypedArray`, `as backend_util.X` are TypeScript types (the maps hold tfjs' .ts sources).
        const code = (map.sourcesContent?.[i] ?? '').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const [, name] of code.matchAll(/(?<!(?::|<|\bas|\|)\s*)\bbackend_util\.(\w+)/g)) used.set(name, path);
      });
    }
    assert.ok(used.has('computeConv2DInfo'), 'the WASM kernels were read: the check sees real sources');
    const missing = [...used].filter(([name]) => !exported.has(name)).map(([name, path]) => `${name} (${path})`);
    assert.equal(missing, [], 'members read but not in the lean backend_util');
  });

  test.run();
}
