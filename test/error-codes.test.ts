/**
 * Every error the worker can raise has a stable code and its own headline in both
 * languages. The codes are read from the source (every `new ConvlensError(code, …)` and
 * `new ModelFormatError(message, code?)` under worker/, parsed with the TypeScript compiler),
 * so a new code without a headline fails here rather than reaching a student as
 * "Something went wrong.".
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { HEADLINES, headlineKey } from '../src/languages/errors';
import { LANGS, MESSAGES } from '../src/languages/i18n';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
/** ModelFormatError's default code (worker/format/errors.ts). */
const DEFAULT_FORMAT_CODE = 'model-format';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

interface Found { codes: Map<string, string[]>; unreadable: string[] }

/** Codes by where they are thrown; `unreadable` lists constructions whose code is neither a literal nor a forwarded `.code`. */
function workerCodes(): Found {
  const found: Found = { codes: new Map(), unreadable: [] };
  for (const file of sources(join(ROOT, 'worker'))) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        const kind = node.expression.text;
        const at = `${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        const argument = kind === 'ConvlensError' ? node.arguments?.[0] : kind === 'ModelFormatError' ? node.arguments?.[1] : undefined;
        if (kind === 'ConvlensError' || kind === 'ModelFormatError') {
          if (argument === undefined && kind === 'ModelFormatError') add(found, DEFAULT_FORMAT_CODE, at);
          else if (argument && ts.isStringLiteralLike(argument)) add(found, argument.text, at);
          else if (!(argument && ts.isPropertyAccessExpression(argument) && argument.name.text === 'code')) found.unreadable.push(`${at} ${argument?.getText()}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

function add(found: Found, code: string, at: string): void {
  found.codes.set(code, [...(found.codes.get(code) ?? []), at]);
}

const test = suite('error codes');
const { codes, unreadable } = workerCodes();

test('are read from the source: dozens of them, each a literal or a forwarded code', () => {
  assert.ok(codes.size >= 30, `found ${codes.size}`);
  assert.ok(codes.has('weights-dtype') && codes.has('model-h5-damaged') && codes.has('image-empty'));
  assert.equal(unreadable, [], 'codes the test cannot read');
});

test('each has a stable form: family-kind in lower case', () => {
  for (const code of codes.keys()) assert.match(code, /^[a-z]+(-[a-z0-9]+)+$/, code);
});

test('each has its own headline, not the general one, in Korean and in English', () => {
  const missing = [...codes.keys()].filter((code) => !(code in HEADLINES));
  assert.equal(missing, [], 'codes without a headline in src/languages/errors.ts');
  for (const code of codes.keys()) {
    const key = headlineKey(code);
    assert.is.not(key, 'errGeneral', code);
    for (const lang of LANGS) {
      const headline = MESSAGES[lang][key];
      assert.type(headline, 'string', `${lang} ${key}`);
      assert.ok(headline.trim().length > 0 && headline !== MESSAGES[lang].errGeneral, `${lang} ${code}`);
    }
  }
});

test('the table lists no code that nothing raises (page-side worker-… codes aside)', () => {
  const stale = Object.keys(HEADLINES).filter((code) => !codes.has(code) && !code.startsWith('worker-'));
  assert.equal(stale, []);
});

test.run();
