/**
 * The widget's languages: the string tables by language (en.ts, ko.ts), how the widget picks
 * its language, and the number formats every table uses.
 */
import { en, type Messages } from './en';
import { ko } from './ko';

export type { Messages };
export type Lang = 'ko' | 'en';
export const LANGS: readonly Lang[] = ['ko', 'en'];

/** The string tables, by language. */
export const MESSAGES: Readonly<Record<Lang, Messages>> = { ko, en };

/** `ko…` → 'ko', anything else → 'en'. */
export function toLang(value: string | null | undefined): Lang | null {
  if (!value) return null;
  return value.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/**
 * The widget's language: its own `lang` attribute, else the nearest ancestor's `lang`
 * (the page's), else the browser's language.
 */
export function resolveLang(element: Element): Lang {
  const own = toLang(element.getAttribute('lang'));
  if (own) return own;
  const ancestor = element.parentElement?.closest('[lang]')?.getAttribute('lang');
  return toLang(ancestor) ?? toLang(element.ownerDocument.documentElement.lang) ?? toLang(globalThis.navigator?.language) ?? 'en';
}

/** Bytes as a short size: 912 B, 72.3 KB, 2.7 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** An integer with thousands separators, as Keras prints parameter counts: 684,746. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A value to 3 significant digits (4.1, 0.0123, 1.23e+4), "0" for zero. */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e4 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}
