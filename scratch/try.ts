import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readOnnxModel } from '../worker/format/onnx/read-onnx';
for (const f of process.argv.slice(2)) {
  try {
    const r = readOnnxModel({ name: basename(f), bytes: new Uint8Array(readFileSync(f)) });
    console.log(f.split('/').slice(-2).join('/'), r.description, r.graph.nodes.length, 'nodes, weights', r.weights.size, [...r.weights.values()].reduce((s, w) => s + w.length, 0));
    if (process.env.V) for (const n of r.graph.nodes) console.log('  ', n.name, n.type, JSON.stringify(n.attributes), n.inputs.join(','), Object.values(n.weights).map(w => w.key + '[' + w.shape + ']').join(' '));
  } catch (e) { console.log(f.split('/').slice(-2).join('/'), 'ERR', (e as Error).message.slice(0, 300)); }
}
