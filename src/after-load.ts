/**
 * The widget's script (convlens.js, beside the file this is bundled into) once the page has
 * loaded, not from <head>: a script there holds the page's load event (a course page's too,
 * which waits for its iframes), and until then the browser animates the tab's loading
 * indicator, a frame of its own UI every ~70 ms, which a slow device pays for in the widget's
 * first seconds (bench/ab-cold.ts --variant after-load-embed, ¼ core: 3837 → 3358 ms to the
 * first tile). Used by embed.js and convlens-lazy.js; the demo page inlines the same lines.
 */

/** Runs `start` once `doc` has loaded (at once if it has). */
export function afterLoad(doc: Document, start: () => unknown): void {
  if (doc.readyState === 'complete') start();
  else doc.defaultView?.addEventListener('load', () => start(), { once: true });
}

/** Imports convlens.js, which defines <conv-lens>, once `doc` has loaded. */
export function importWidgetAfterLoad(doc: Document): void {
  afterLoad(doc, () => import('./convlens.js').catch((error) => console.error('convlens: the widget\'s script could not be loaded', error)));
}
