import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { readFileSync } from 'node:fs';
const m = fromBinary(ModelProtoSchema, readFileSync(process.argv[2]));
const g = m.graph!;
console.log('producer', m.producerName, m.producerVersion, 'graph', g.name, 'inits', g.initializer.length, g.initializer.slice(0,3).map(i=>[i.name,i.dims.join('x'),i.dataType,i.rawData.length, i.floatData.length, i.dataLocation]));
for (const n of g.node.slice(0, Number(process.argv[3] ?? 200))) console.log(n.opType, JSON.stringify(n.name), n.input.join(','), '->', n.output.join(','), n.attribute.map(a => `${a.name}=${a.type}:${a.ints.length?a.ints.join(','):a.i} ${a.f} ${a.t? 't'+a.t.dims.join('x')+' dt'+a.t.dataType:''}`).join(' | '));
