// After the worker build: worker.js and every chunk it imports statically become one file.
// esbuild splits code shared between the worker and its lazy parts (Grad-CAM, the cpu
// fallback, ONNX, HDF5…) into a chunk per set of importers, so worker.js needed ten more
// requests before it could run; at ¼ core each module request costs ~6 ms of browser and
// network-service CPU (a floor page whose worker imports 12 tiny modules: +70 ms CPU, +140 ms).
//
// The lazy chunks then import what they share with the worker from worker.js itself. A
// module worker's script is in its module map under its URL, so `import('../worker.js')` in a
// chunk is the running worker module (evaluated once), not a second tfjs-core. Each shared
// export is re-exported from worker.js under a name prefixed with its chunk's index, and a
// lazy chunk's import of it is rewritten: the old clause blanked to spaces of the same length
// (columns, hence its source map, unchanged) and the new imports put on a line of their own
// in front (one ';' in front of the map's mappings). A build fails if any lazy chunk still
// names a merged chunk, so no second copy of the engine can slip through. This relies on the
// worker being started from worker.js's own final URL, as the element does (new URL('./worker.js',
// import.meta.url) from convlens.js's), so the chunks' '../worker.js' names the same module.
// Paired in one run at ¼ core (bench/ab-cold.ts --variant worker-chunks, 5 loads each): first
// tile 3982 → 3576 ms, CPU before it 1030 → 880 ms.
import * as esbuild from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';

/**
 * Merges `entry` (e.g. 'worker.js') and its static chunks in `outDir`, given the build's
 * metafile (its paths are relative to `workingDir`, esbuild's absWorkingDir) and the esbuild
 * options to bundle with.
 */
export async function mergeStaticChunks(outDir, metafile, entry, options, workingDir = process.cwd()) {
  const abs = (key) => resolve(workingDir, key);
  const outputs = new Map(Object.entries(metafile.outputs).filter(([key]) => key.endsWith('.js')).map(([key, value]) => [abs(key), value]));
  const entryPath = join(outDir, entry);
  const merged = staticClosure(outputs, entryPath, abs);
  const lazy = [...outputs.keys()].filter((path) => path !== entryPath && !merged.has(path));
  const chunks = [...merged].filter((path) => path !== entryPath);
  const index = new Map(chunks.map((path, i) => [path, i]));
  const rewrites = new Map();
  for (const path of lazy) rewrites.set(path, rewriteImports(await readFile(path, 'utf8'), path, index, entryPath));
  const needed = new Map(chunks.map((path) => [path, new Set()]));
  for (const { uses } of rewrites.values()) for (const [path, names] of uses) names.forEach((name) => needed.get(path).add(name));
  await bundleMerged(outDir, entryPath, chunks, needed, index, new Set(lazy), options);
  for (const [path, { text, lines }] of rewrites) {
    if (lines === 0) continue;
    await writeFile(path, text);
    const mapPath = `${path}.map`;
    const map = JSON.parse(await readFile(mapPath, 'utf8').catch(() => 'null'));
    if (map) await writeFile(mapPath, JSON.stringify({ ...map, mappings: ';'.repeat(lines) + map.mappings }));
  }
  for (const path of chunks) await Promise.all([rm(path), rm(`${path}.map`, { force: true })]);
}

/** The relative URL from folder `from` to file `to` ('./x.js' or '../x.js'), with forward slashes. */
function urlPath(from, to) {
  const path = relative(from, to).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

/** `entry` and every output it reaches through static imports. */
function staticClosure(outputs, entry, abs) {
  const seen = new Set([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    for (const { path, kind } of outputs.get(queue.shift())?.imports ?? []) {
      const target = abs(path);
      if (kind === 'import-statement' && outputs.has(target) && !seen.has(target)) (seen.add(target), queue.push(target));
    }
  }
  return seen;
}

const EXPORT_NAME = (i, name) => `c${i}$${name}`;

/** A lazy chunk's imports from merged chunks, moved to imports from the entry (see the header). */
function rewriteImports(text, path, index, entryPath) {
  const uses = new Map();
  const clauses = [];
  const entryUrl = urlPath(dirname(path), entryPath);
  const blanked = text.replace(/import\s*(?:\{([^}]*)\}\s*from\s*)?"(\.\.?\/[^"]+\.js)";?/g, (clause, names, specifier) => {
    const target = resolve(dirname(path), specifier);
    const i = index.get(target);
    if (i === undefined) return clause;
    const list = (names ?? '').split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
      const [imported, local = imported] = part.split(/\s+as\s+/);
      if (!uses.has(target)) uses.set(target, new Set());
      uses.get(target).add(imported);
      return `${EXPORT_NAME(i, imported)} as ${local}`;
    });
    if (list.length > 0) clauses.push(list.join(','));
    return ' '.repeat(clause.length);
  });
  for (const [target] of index) {
    if (blanked.includes(basename(target))) throw new Error(`${basename(path)} still refers to ${basename(target)}: an import form the merge does not rewrite`);
  }
  if (blanked === text) return { text, uses, lines: 0 };
  const head = `import{${clauses.join(',')}}from"${entryUrl}";`;
  return { text: `${head}\n${blanked}`, uses, lines: 1 };
}

/** Bundles the entry with its static chunks into the entry's file, re-exporting what lazy chunks use. */
async function bundleMerged(outDir, entryPath, chunks, needed, index, lazy, options) {
  const reexports = chunks.map((path) => {
    const names = [...needed.get(path)];
    return names.length === 0 ? '' : `export{${names.map((name) => `${name} as ${EXPORT_NAME(index.get(path), name)}`).join(',')}}from${JSON.stringify(urlPath(outDir, path))};`;
  });
  const result = await esbuild.build({
    ...options,
    // The entry first (its own exports kept), so the chunks evaluate in the order it imported them.
    stdin: { contents: `export * from ${JSON.stringify(`./${basename(entryPath)}`)};\n${reexports.join('\n')}`, resolveDir: outDir, sourcefile: 'merged-entry.js', loader: 'js' },
    outfile: entryPath,
    write: false,
    allowOverwrite: true,
    plugins: [{
      name: 'lazy-chunks-external',
      setup(build) {
        build.onResolve({ filter: /^\.\.?\// }, (args) => {
          const target = resolve(args.resolveDir, args.path);
          if (lazy.has(target)) return { path: urlPath(outDir, target), external: true };
          // The package's "sideEffects" list does not name build outputs: without this, esbuild
          // would drop the chunks imported only for what they do (tfjs' kernel registrations).
          return { path: target, sideEffects: true };
        });
      },
    }],
  });
  for (const file of result.outputFiles) await writeFile(file.path, file.contents);
}
