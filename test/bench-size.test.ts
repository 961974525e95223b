import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { codeGzipBefore, measureSizes } from '../bench/size';

test('codeGzipBefore gzips the documents, page JS, worker JS and WASM a load requested, once each, and no data', () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-size-'));
  try {
    const files: Record<string, string> = {
      'index.html': '<!doctype html>'.repeat(40), 'demo.css': 'body{margin:0}'.repeat(30), 'convlens.js': 'export const a=1;'.repeat(90),
      'worker.js': 'import"./chunks/c-1.js";'.repeat(50), 'chunks/c-1.js': 'let x=2;'.repeat(70), 'b.wasm': '\0asm'.repeat(300),
      'models/m/model.json': '{"a":1}'.repeat(20), 'models/m/w.bin': 'x'.repeat(999),
    };
    mkdirSync(join(root, 'chunks'));
    mkdirSync(join(root, 'models/m'), { recursive: true });
    for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
    const gz = (path: string) => gzipSync(Buffer.from(files[path]), { level: 9 }).byteLength;
    const paths = ['/', '/demo.css', '/convlens.js', '/worker.js', '/chunks/c-1.js', '/chunks/c-1.js', '/b.wasm', '/models/m/model.json', '/models/m/w.bin', '/gone.js'];
    const result = codeGzipBefore(root, paths);
    assert.is(result.document, gz('index.html') + gz('demo.css'));
    assert.is(result.pageJs, gz('convlens.js'));
    assert.is(result.workerJs, gz('worker.js') + gz('chunks/c-1.js'));
    assert.is(result.wasm, gz('b.wasm'));
    assert.is(result.total, result.document + result.pageJs + result.workerJs + result.wasm);
    assert.equal(result.files, ['index.html', 'demo.css', 'convlens.js', 'worker.js', 'c-1.js', 'b.wasm']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the page script's own chunks count as page JS, in the requested bytes and in the page + worker + WASM total", () => {
  const root = mkdtempSync(join(tmpdir(), 'bench-size-'));
  try {
    const files: Record<string, string> = {
      'convlens.js': 'import{a}from"./chunks/shared-1.js";import("./chunks/lazy-2.js");'.repeat(20), 'chunks/shared-1.js': 'export const a=1;'.repeat(60),
      'chunks/lazy-2.js': 'export const b=2;'.repeat(40), 'worker.js': 'import"./chunks/w-3.js";'.repeat(30), 'chunks/w-3.js': 'let w=3;'.repeat(50),
      'x.wasm': '\0asm'.repeat(200),
    };
    mkdirSync(join(root, 'chunks'));
    for (const [path, text] of Object.entries(files)) writeFileSync(join(root, path), text);
    const gz = (path: string) => gzipSync(Buffer.from(files[path]), { level: 9 }).byteLength;
    const requested = codeGzipBefore(root, ['/convlens.js', '/chunks/shared-1.js', '/chunks/lazy-2.js', '/worker.js', '/chunks/w-3.js']);
    assert.is(requested.pageJs, gz('convlens.js') + gz('chunks/shared-1.js') + gz('chunks/lazy-2.js'));
    assert.is(requested.workerJs, gz('worker.js') + gz('chunks/w-3.js'));
    const sizes = measureSizes(root);
    assert.equal(sizes.page.map((f) => f.file), ['convlens.js', 'chunks/shared-1.js']);
    assert.is(sizes.totals['x.wasm'], gz('convlens.js') + gz('chunks/shared-1.js') + gz('worker.js') + gz('chunks/w-3.js') + gz('x.wasm'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test.run();
