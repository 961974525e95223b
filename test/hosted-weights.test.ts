/**
 * A hosted model's weight files are checked against the manifest by their Content-Length
 * before their body is read: a file of another declared size is refused with the sizes and
 * without reading it; a compressed response (whose Content-Length counts encoded bytes) or
 * one without the header is checked by its bytes instead.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { loadModel } from '../worker/engine/load-model';
import { execute } from '../worker/engine/execute';
import { summarize } from '../worker/engine/summary';
import { rejects } from './helpers/assert';
import { DEFAULT_MODEL_URL, tf, useBackend } from './helpers/node-engine';

const MODEL = new URL('../models/cifar10/', import.meta.url);
const CONV2D = JSON.parse(readFileSync(new URL('model.json', MODEL), 'utf8')).weightsManifest[0].paths[0] as string;

/** Serves the default model from disk; conv2d's file gets the response `respond` makes of its bytes. */
function server(respond: (bytes: Uint8Array<ArrayBuffer>) => Response, read: string[]) {
  return async (url: string): Promise<Response> => {
    const name = url.split('/').pop()!;
    const bytes = new Uint8Array(readFileSync(new URL(name, MODEL))) as Uint8Array<ArrayBuffer>;
    if (name !== CONV2D) return new Response(bytes);
    const response = respond(bytes);
    const body = response.body!.pipeThrough(new TransformStream({ transform(chunk, c) { read.push(name); c.enqueue(chunk); } }));
    return new Response(body, { status: response.status, headers: response.headers });
  };
}

async function runFirstLayer(fetchFn: (url: string) => Promise<Response>) {
  const loaded = await loadModel(DEFAULT_MODEL_URL, fetchFn);
  const summary = summarize(loaded);
  try {
    return await execute(loaded, new Float32Array(32 * 32 * 3), {
      layers: ['conv2d'], probabilities: false, rowIndex: new Map(summary.rows.map((r, i) => [r.name, i])), isCancelled: () => false, onLayer: () => undefined,
    });
  } finally {
    await loaded.weights.dispose();
  }
}

const test = suite('hosted weight files and Content-Length');
test.before(() => useBackend('wasm'));

test('a declared length other than the manifest’s is refused before the body is read', async () => {
  const read: string[] = [];
  const error = await rejects(
    () => runFirstLayer(server((bytes) => new Response(bytes, { headers: { 'Content-Length': String(bytes.length - 4) } }), read)),
    (e) => (e as { code?: string }).code === 'weights-length',
  );
  assert.is(error.message, `Weight file ${CONV2D} is 3580 bytes, expected 3584.`);
  assert.equal(read, [], 'no byte of the body was read');
  assert.is(tf.memory().numTensors, 0);
});

test('the right declared length is read as usual', async () => {
  const read: string[] = [];
  await runFirstLayer(server((bytes) => new Response(bytes, { headers: { 'Content-Length': String(bytes.length) } }), read));
  assert.ok(read.length > 0);
});

test('a compressed response is checked by its bytes, not by its Content-Length', async () => {
  const read: string[] = [];
  await runFirstLayer(server((bytes) => new Response(bytes, { headers: { 'Content-Length': '100', 'Content-Encoding': 'gzip' } }), read));
  const short = await rejects(
    () => runFirstLayer(server((bytes) => new Response(bytes.slice(0, 1024), { headers: { 'Content-Encoding': 'br' } }), [])),
    (e) => (e as { code?: string }).code === 'weights-length',
  );
  assert.is(short.message, `Weight file ${CONV2D} is 1024 bytes, expected 3584.`);
});

test.run();
