/** The instruments' own styles, added to a widget's shadow root when they are first used. */
const STYLES = `
.instruments:empty { display: none; }
/* Buttons added to a layer's header once the page is idle: no taller than its text, so nothing moves. */
.layer-head .grid-export, .layer-head .filters-toggle { height: 24px; min-height: 0; padding: 0 8px; font-size: var(--size-xs); line-height: 22px; border-radius: 6px; }
.instruments { border-top: 1px solid var(--line); }
.explain-controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: end; margin: 6px 0 10px; }
.explain-controls label { display: flex; flex-direction: column; gap: 2px; font-size: var(--size-s); color: var(--muted); }
.explain-controls select { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; min-height: 40px; max-width: 100%; }
.explain-figures { display: grid; grid-template-columns: minmax(0, 260px) minmax(0, 200px) auto; justify-content: start; gap: 12px; align-items: start; }
.explain-figures figure { margin: 0; }
.explain-figures figcaption { white-space: normal; overflow: visible; text-overflow: clip; }
.explain-photo, .explain-input-frame { touch-action: none; }
.explain .heat { position: absolute; inset: 0; width: 100%; height: 100%; opacity: .55; image-rendering: auto; pointer-events: none; }
.explain-photo .explain-photo-img { image-orientation: none; }
.explain-bar { display: flex; flex-direction: column; align-items: center; gap: 4px; font-size: var(--size-xs); color: var(--muted); height: 200px; }
.explain-colour-bar { display: block; width: 14px; flex: 1 1 0; min-height: 0; image-rendering: auto; border: 1px solid var(--line); }
.explain-caption { margin: 8px 0 2px; font-weight: 700; }
.filters { margin: 6px 0 10px; }
.filters[hidden] { display: none; }
.filter-tiles { display: grid; grid-template-columns: repeat(var(--columns, 8), minmax(0, 1fr)); gap: 4px; max-width: 100%; }
.filter-tiles figure { margin: 0; text-align: center; }
.filter-tiles canvas { width: 100%; max-width: 40px; aspect-ratio: 1; image-rendering: pixelated; border: 1px solid var(--line); }
.filter-tiles figcaption { margin: 0; font-size: var(--size-xs); }
.kernel-weights { margin-top: 12px; }
.kernel-grid { display: flex; flex-wrap: wrap; gap: 6px; }
.kernel-grid figure { margin: 0; text-align: center; }
.kernel-grid canvas { width: 44px; height: 44px; image-rendering: pixelated; border: 1px solid var(--line); }
.kernel-grid figcaption { margin: 0; font-size: var(--size-xs); }
/* The comparison's bar above the grids (its slot stays in view while the grids scroll by). */
.compare-bar { margin: 0 0 10px; padding: 6px 10px; border: 1px solid var(--accent); border-radius: 8px; background: var(--bg); box-shadow: 0 2px 6px rgb(0 0 0 / .12); }
.compare-bar-head { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 16px; }
.compare-bar-heading { margin: 0; font-family: inherit; font-size: var(--size-m); }
.compare-photos { display: flex; flex-wrap: wrap; gap: 2px 16px; min-width: 0; }
.compare-photo { display: flex; align-items: center; gap: 6px; margin: 0; min-width: 0; font-size: var(--size-s); }
.compare-thumb { width: 32px; height: 32px; border-radius: 3px; flex: none; }
.compare-letter { font-size: var(--size-l); }
.compare-photo-text { overflow-wrap: anywhere; }
.compare-bar-controls { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; }
.compare-diff-label { display: inline-flex; align-items: center; gap: 6px; min-height: 40px; cursor: pointer; font-size: var(--size-s); }
.compare-end { min-height: 36px; padding: 2px 12px; font-size: var(--size-s); }
.compare-bar-about { margin: 0; font-size: var(--size-xs); }
@container (max-width: 480px) { .compare-bar-about { display: none; } .compare-bar-heading { display: none; } }
/* The zoom while comparing: A, B (and A − B) side by side above the inputs. */
dialog.zoom.comparing { width: min(96vw, 1100px); }
dialog.zoom.comparing .zoom-body { grid-template-columns: minmax(0, 1fr); }
dialog.zoom.comparing .zoom-maps { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; align-items: start; }
dialog.zoom.comparing[data-panels="3"] .zoom-maps { grid-template-columns: repeat(3, minmax(0, 1fr)); }
dialog.zoom.comparing .zoom-side { grid-template-columns: repeat(2, minmax(0, 180px)); }
.zoom-compare { display: contents; }
.zoom-compare figure { margin: 0; }
.zoom-compare figure[hidden] { display: none; }
.zoom-compare figcaption, .zoom-a-caption { white-space: normal; }
/* A grid's header buttons; in a narrow widget folded behind "⋯" (the header keeps room for it). */
.grid-tools { display: inline-flex; gap: 6px; align-items: center; }
.grid-actions { display: inline-flex; gap: 6px; align-items: center; }
.grid-more { display: none; height: 24px; min-height: 0; padding: 0 6px; line-height: 22px; border-radius: 6px; font-weight: 700; }
@container (max-width: 600px) {
  .grid-tools { position: absolute; top: 0; right: 0; }
  .grid-more { display: inline-block; }
  .grid-actions { display: none; }
  .grid-tools.open .grid-actions {
    display: flex; flex-direction: column; align-items: stretch; position: absolute; top: 28px; right: 0; z-index: 5; min-width: 150px;
    padding: 6px; background: var(--bg); border: 1px solid var(--line); border-radius: 8px; box-shadow: 0 4px 12px rgb(0 0 0 / .18);
  }
  .grid-tools.open .grid-actions button { height: auto; min-height: 40px; line-height: 1.3; font-size: var(--size-s); text-align: start; }
}
.about { margin: 6px 0; }
.about summary { cursor: pointer; min-height: 32px; }
.about p { margin: 4px 0 8px; font-size: var(--size-s); }
.copy-note { color: var(--muted); font-size: var(--size-s); margin-left: 6px; }
@media (max-width: 560px) {
  .explain-figures { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr) auto; gap: 8px; }
  .explain-bar { height: 150px; }
}
`;

const added = new WeakSet<Node>();

/** Adds the styles to the shadow root (or document) holding `element`, once. */
export function addInstrumentStyles(element: Element): void {
  const root = element.getRootNode() as ShadowRoot | Document;
  if (added.has(root)) return;
  added.add(root);
  // A constructed sheet, as views/styles.ts does: a strict CSP blocks <style> elements, not these.
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(STYLES);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
      return;
    } catch {
      // fall through to a <style> element
    }
  }
  const style = document.createElement('style');
  style.textContent = STYLES;
  (root instanceof Document ? root.head : root).append(style);
}
