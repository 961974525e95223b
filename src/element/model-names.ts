/**
 * Class names per language from a model.json's convlens metadata
 * (`userDefinedMetadata.convlens.classNamesByLang`). The worker's summary carries them
 * (worker/engine/load-model.ts); for a summary without them (a worker of an older build
 * through a cached page) the page reads the small, cached model.json itself, once per URL.
 */
import type { ModelSummary } from '../../worker/contract';

const asked = new Map<string, Promise<Record<string, string[]> | null>>();

/** `{ ko: [...], ... }` from the JSON at `url`, or null (none, not JSON, not reachable). */
export function namesByLang(url: string): Promise<Record<string, string[]> | null> {
  let names = asked.get(url);
  if (!names) {
    names = fetch(url, { credentials: 'same-origin' })
      .then((response) => (response.ok ? response.json() : null))
      .then((json) => pickNames(json?.userDefinedMetadata?.convlens?.classNamesByLang))
      .catch(() => null);
    asked.set(url, names);
  }
  return names;
}

/** Only lists of strings, by language code. */
function pickNames(value: unknown): Record<string, string[]> | null {
  if (!value || typeof value !== 'object') return null;
  const out: Record<string, string[]> = {};
  for (const [lang, names] of Object.entries(value)) {
    if (Array.isArray(names) && names.every((name) => typeof name === 'string')) out[lang] = names;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Fills `summary.metadata.classNamesByLang` from `url` when the worker did not; resolves true if it did now. */
export async function completeNames(summary: ModelSummary, url: string): Promise<boolean> {
  if (summary.metadata.classNamesByLang || !/^https?:/.test(url)) return false;
  const names = await namesByLang(url);
  if (!names) return false;
  summary.metadata.classNamesByLang = names;
  return true;
}
