/**
 * The ONNX reader and its protobuf library stay off the default path: the worker bundle is
 * built as build.mjs builds it (esbuild, ESM, code splitting) and its metafile shows which
 * source files end up in worker.js and the chunks it imports statically. The reader must be
 * in a chunk reached only through a dynamic import, as h5wasm is.
 */
import * as esbuild from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const ONNX_SOURCES = /(^|\/)(worker\/format\/onnx\/|node_modules\/onnx-buf\/|node_modules\/@bufbuild\/protobuf\/)/;

const test = suite('onnx bundle split');

test('worker.js and its static imports hold none of the ONNX reader or protobuf; a lazy chunk holds them', async () => {
  const result = await esbuild.build({
    entryPoints: { worker: `${ROOT}worker/main.ts` },
    bundle: true, format: 'esm', target: 'es2022', minify: true, platform: 'browser', splitting: true,
    chunkNames: 'chunks/[name]-[hash]', outdir: `${ROOT}bundle-check`, write: false, metafile: true, logLevel: 'silent',
  });
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith('/worker.js'))!;
  const eager = new Set<string>();
  const visit = (path: string) => {
    if (eager.has(path)) return;
    eager.add(path);
    for (const imported of outputs[path].imports) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  const sourcesOf = (path: string) => Object.keys(outputs[path].inputs);
  const eagerOnnx = [...eager].flatMap(sourcesOf).filter((source) => ONNX_SOURCES.test(source));
  assert.equal(eagerOnnx, [], 'no ONNX source on the default path');
  const lazy = Object.keys(outputs).filter((path) => path.endsWith('.js') && !eager.has(path) && sourcesOf(path).some((source) => ONNX_SOURCES.test(source)));
  assert.ok(lazy.length > 0, 'the reader is in a lazily imported chunk');
  const files = new Map(result.outputFiles.map((file) => [file.path.slice(ROOT.length), file.contents]));
  const gzip = (path: string) => gzipSync(files.get(path)!).length;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`  default path: ${[...eager].map((p) => `${p} ${kb(gzip(p))}`).join(', ')} (gzip)`);
  console.log(`  ONNX reader chunk(s): ${lazy.map((p) => `${p} ${kb(gzip(p))}`).join(', ')} (gzip)`);
  assert.ok(files.get(lazy[0])!.length > 10_000, 'the chunk really holds the decoder');
});

test.run();
