/**
 * The iframe embed (static/embed.html), for course sites that strip <script> from their
 * pages but allow an <iframe>: `embed.html?model=...&src=...&layers=...&lang=ko` shows just
 * the widget, and tells the parent page its height whenever it changes, so the parent can
 * size the iframe to its content:
 *
 *   parent.postMessage({ type: 'convlens:height', height }, '*')
 *
 * This script does not import the element: embed.html loads convlens.js beside it, so the
 * two entry points share no code and each keeps `import.meta.url` pointing at itself.
 */

import { importWidgetAfterLoad } from './after-load';

/** The message the embed sends to its parent. `height` is in CSS pixels, an integer. */
export interface HeightMessage {
  type: 'convlens:height';
  height: number;
}

/** Query parameters copied onto <conv-lens>; anything else in the query is ignored. */
export const EMBED_PARAMS = ['model', 'src', 'layers', 'lang', 'normalize', 'columns'] as const;

/** Parameters that are URLs: resolved against the embed page, http(s) only (src may be a data: image). */
const URL_PARAMS: Record<string, readonly string[]> = {
  model: ['http:', 'https:'],
  src: ['http:', 'https:', 'data:'],
};

/**
 * The attributes for <conv-lens> from the embed page's query string. `model` and `src`
 * resolve against `base` (the embed page's own URL), so `?model=models/x/model.json` means
 * the folder beside embed.html; a URL of another scheme (javascript:, file:) is dropped.
 */
export function embedAttributes(search: string, base: string): Record<string, string> {
  const query = new URLSearchParams(search);
  const attributes: Record<string, string> = {};
  for (const name of EMBED_PARAMS) {
    const value = query.get(name)?.trim();
    if (!value) continue;
    const schemes = URL_PARAMS[name];
    if (!schemes) {
      attributes[name] = value;
      continue;
    }
    const url = safeUrl(value, base);
    if (url && schemes.includes(url.protocol)) attributes[name] = url.href;
  }
  return attributes;
}

function safeUrl(value: string, base: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

/** Height of the embed's content in CSS pixels (body has no margin in embed.html). */
export function contentHeight(body: HTMLElement): number {
  return Math.ceil(body.getBoundingClientRect().height);
}

/**
 * Creates the widget in `body` from `location`'s query and reports its height to the
 * parent on every change. Returns the element and a function that stops the reporting.
 */
export function mountEmbed(doc: Document = document, where: Location = location): { element: HTMLElement; stop(): void } {
  const attributes = embedAttributes(where.search, where.href);
  const element = doc.createElement('conv-lens');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (attributes.lang) doc.documentElement.lang = attributes.lang;
  doc.body.append(element);
  const view = doc.defaultView;
  const parent = view && view.parent !== view ? view.parent : null;
  let sent = -1;
  const report = () => {
    // Not before the widget's script has defined it (it loads after the page: after-load.ts): an empty
    // element's height would shrink the parent's frame to nothing, and then grow it again.
    if (!element.matches(':defined')) return;
    const height = contentHeight(doc.body);
    if (height === sent || !parent) return;
    sent = height;
    const message: HeightMessage = { type: 'convlens:height', height };
    // The height is not a secret and the embedding page's origin is unknown: any origin.
    parent.postMessage(message, '*');
  };
  const observer = typeof ResizeObserver === 'function' ? new ResizeObserver(report) : null;
  observer?.observe(doc.body);
  void view?.customElements?.whenDefined('conv-lens').then(report);
  return { element, stop: () => observer?.disconnect() };
}

if (typeof document !== 'undefined' && document.body) {
  mountEmbed();
  // convlens.js beside embed.js once the page has loaded; the element is in the page from the start
  // and its height is reported once it is defined.
  importWidgetAfterLoad(document);
}
