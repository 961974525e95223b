/**
 * Text rewrites of a copy of the built site, for ab-cold's variants (bench/ab-variants.ts).
 * Every replacement must match: a variant whose text the build no longer has would otherwise
 * compare the build with itself, or with half of the variant, and say nothing.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** `from` → `to` in every file given; a string or a /g pattern replaces every occurrence, another pattern the first. */
export interface Replacement {
  from: string | RegExp;
  to: string;
}

function replace(text: string, { from, to }: Replacement): string {
  return typeof from === 'string' ? text.replaceAll(from, () => to) : text.replace(from, to);
}

/** Applies `replacements` to `texts` (by file); throws naming each replacement that matched in none of them. */
export function applyReplacements(texts: Map<string, string>, replacements: Replacement[]): Map<string, string> {
  const edited = new Map(texts);
  const unmatched: Replacement[] = [];
  for (const replacement of replacements) {
    let matched = false;
    for (const [file, text] of edited) {
      const next = replace(text, replacement);
      if (next !== text) (matched = true, edited.set(file, next));
    }
    if (!matched) unmatched.push(replacement);
  }
  if (unmatched.length > 0) {
    const names = unmatched.map((r) => (typeof r.from === 'string' ? JSON.stringify(r.from.slice(0, 80)) : String(r.from))).join(', ');
    throw new Error(`the variant's rewrite found ${names} in none of ${[...texts.keys()].join(', ')}: update it to the build`);
  }
  return edited;
}

/** Rewrites `files` (relative to `dir`) with `replacements`, each of which must match in one of them at least. */
export async function rewriteFiles(dir: string, files: string[], replacements: Replacement[]): Promise<void> {
  const texts = new Map(await Promise.all(files.map(async (file) => [file, await readFile(join(dir, file), 'utf8')] as const)));
  const edited = applyReplacements(texts, replacements);
  await Promise.all([...edited].filter(([file, text]) => text !== texts.get(file)).map(([file, text]) => writeFile(join(dir, file), text)));
}

/** The widget's built code: convlens.js and the JavaScript chunks beside it. */
export async function widgetFiles(dir: string): Promise<string[]> {
  return ['convlens.js', ...(await readdir(join(dir, 'chunks'))).filter((name) => name.endsWith('.js')).map((name) => join('chunks', name))];
}

/** Rewrites the widget's built code. */
export async function rewriteWidget(dir: string, replacements: Replacement[]): Promise<void> {
  await rewriteFiles(dir, await widgetFiles(dir), replacements);
}

/** Rewrites the styles of the demo page (inlined in its HTML) and of the widget's built code. */
export async function rewriteStyles(dir: string, replacements: Replacement[]): Promise<void> {
  await rewriteFiles(dir, ['index.html', ...(await widgetFiles(dir))], replacements);
}
