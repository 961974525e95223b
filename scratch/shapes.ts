import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema, TensorProtoSchema } from 'onnx-buf';
import { readFileSync, existsSync } from 'node:fs';
for (const f of process.argv.slice(2)) {
  const m = fromBinary(ModelProtoSchema, readFileSync(f));
  const g = m.graph!;
  const inits = new Set(g.initializer.map(i => i.name));
  const dims = (v: any) => v.type?.value?.value?.shape?.dim.map((d: any) => d.value.case === 'dimValue' ? Number(d.value.value) : d.value.value).join('x');
  const ins = g.input.filter(i => !inits.has(i.name)).map(i => `${i.name}:${dims(i)}`);
  const outs = g.output.map(i => `${i.name}:${dims(i)}`);
  const dir = f.replace(/model\.onnx$/, 'test_data_set_0/');
  let pb = '';
  if (existsSync(dir + 'input_0.pb')) { const t = fromBinary(TensorProtoSchema, readFileSync(dir+'input_0.pb')); pb = 'in.pb ' + t.dims.join('x'); }
  console.log(f.split('/').slice(-2,-1)[0] || f, ins.join(','), '->', outs.join(','), pb, 'nodes', g.node.length, 'attrs', g.node.map(n=>n.opType+'{'+n.attribute.map(a=>a.name).join(',')+'}').slice(0,3).join(' '));
}
