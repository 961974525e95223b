import * as esbuild from 'esbuild';
const ROOT = process.cwd() + '/';
const lean = { name: 'lean', setup(b) { b.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, () => ({ path: `${ROOT}worker/tfjs-core-lean.js` })); } };
const r = await esbuild.build({ entryPoints: { worker: 'worker/main.ts' }, bundle: true, format: 'esm', target: 'es2022', minify: true, platform: 'browser', splitting: true, chunkNames: 'chunks/[name]-[hash]', outdir: 'scratch/out', write: false, metafile: true, plugins: [lean], logLevel: 'silent' });
const outs = r.metafile.outputs; const entry = Object.keys(outs).find((p) => p.endsWith('/worker.js'));
const eager = new Set(); const visit = (p) => { if (eager.has(p)) return; eager.add(p); for (const i of outs[p].imports) if (i.kind === 'import-statement') visit(i.path); }; visit(entry);
const sizes = {};
for (const p of eager) for (const [src, v] of Object.entries(outs[p].inputs)) if (!src.includes('node_modules')) sizes[src] = (sizes[src] ?? 0) + v.bytesInOutput;
console.log(Object.entries(sizes).sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n} ${s}`).join('\n'));
