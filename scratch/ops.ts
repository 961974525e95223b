import { fromBinary } from '@bufbuild/protobuf';
import { ModelProtoSchema } from 'onnx-buf';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
const files = process.argv.slice(2);
for (const f of files) {
  const m = fromBinary(ModelProtoSchema, readFileSync(f));
  const ops = [...new Set(m.graph!.node.map(n => n.opType))];
  console.log(f.replace('/work/shared/fixtures/',''), 'opset', m.opsetImport.map(o=>`${o.domain}:${o.version}`).join(','), 'ir', m.irVersion, ops.join(' '));
}
