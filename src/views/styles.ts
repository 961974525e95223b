/**
 * The widget's styles, scoped by its shadow root. Sizes follow the widget's own width
 * (container queries), from 320 px phones to desktops; colours follow
 * `prefers-color-scheme`. Every inherited property is set on `.frame`, inside the shadow
 * root, so a page's CSS (which can reach the host element, and what inherits from it) cannot
 * restyle the widget.
 */
export const STYLES = `
:host { display: block; container-type: inline-size; }
.frame {
  --bg: #ffffff; --fg: #1b1b1f; --muted: #5b5b66; --line: #d9d9e0; --panel: #f5f5f8;
  --accent: #3451c7; --accent-fg: #ffffff; --error: #b3261e; --error-bg: #fdecea; --outline: #ff5a1f;
  --notice: #6b4e00; --notice-bg: #fff4d6;
  color: var(--fg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", sans-serif;
  font-style: normal; font-weight: 400; letter-spacing: normal; word-spacing: normal; text-transform: none;
  text-align: start; text-indent: 0; text-shadow: none; white-space: normal; visibility: visible; cursor: auto;
  direction: ltr; writing-mode: horizontal-tb; font-variant: normal; font-kerning: auto; overflow-wrap: normal;
}
/* Korean breaks between words, never inside one (신경망, not 신⏎경망). */
.frame:lang(ko) { word-break: keep-all; overflow-wrap: break-word; }
@media (prefers-color-scheme: dark) {
  .frame {
    --bg: #17171b; --fg: #ececf1; --muted: #a3a3ae; --line: #34343c; --panel: #202026;
    --accent: #93a5ff; --accent-fg: #10101a; --error: #ffb4ab; --error-bg: #3a1512; --outline: #ff8a50;
    --notice: #ffd98a; --notice-bg: #2e2510;
  }
}
:host([hidden]) { display: none; }
[hidden] { display: none !important; }
* { box-sizing: border-box; }
.frame { background: var(--bg); border: 1px solid var(--line); border-radius: 12px; padding: 12px; }
h2, h3, h4 { margin: 0 0 6px; line-height: 1.25; }
h2.title { font-size: 1.15em; }
h3 { font-size: 1.05em; }
h4 { font-size: 1em; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9em; }
button {
  font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; padding: 6px 12px; min-height: 40px; cursor: pointer;
}
button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
button:focus-visible, [tabindex]:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
a { color: var(--accent); }
.hint { color: var(--muted); font-size: .9em; margin: 0 0 8px; }
.hint-short { display: none; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap;
}
.pixelated { image-rendering: pixelated; image-rendering: crisp-edges; }
.top { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 4px 16px; margin-bottom: 8px; }
.top h2.title { margin: 0; }
/* Exactly two lines: a longer or shorter status never moves the lesson (no layout shift). */
.status { display: flex; flex-wrap: nowrap; align-items: flex-start; gap: 2px 10px; color: var(--muted); font-size: .88em; line-height: 1.5; flex: 1 1 260px; height: 3em; overflow: hidden; }
.status-text { flex: 1 1 auto; min-width: 0; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
.status progress, .status .busy { flex: none; margin-top: .55em; }
.status progress { width: 110px; height: 10px; accent-color: var(--accent); }
.status .busy { width: 110px; }
.backend { order: 2; margin-left: auto; color: var(--muted); font-size: .82em; border: 1px solid var(--line); border-radius: 999px; padding: 0 8px; white-space: nowrap; }
.backend:empty { display: none; }
.top .status { order: 1; }
.error { border: 1px solid var(--error); background: var(--error-bg); color: var(--error); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.error strong, .notice strong { display: block; }
.notice { border: 1px solid var(--notice); background: var(--notice-bg); color: var(--notice); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.notice ul { margin: 4px 0 0; padding-left: 1.2em; font-size: .9em; overflow-wrap: anywhere; }
.error .detail { overflow-wrap: anywhere; }
.more { margin: 6px 0 0; color: var(--muted); font-size: .9em; }
.panel { border-top: 1px solid var(--line); padding: 12px 0 8px; }
.frame.dragging { outline: 3px dashed var(--accent); outline-offset: -3px; }
/* The lesson at a glance: the photo and what the network sees, beside the prediction. */
.stage {
  display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); grid-template-areas: "input prediction" "pickers prediction";
  gap: 4px 20px; align-items: start; border-top: 1px solid var(--line); padding-top: 10px;
}
.stage > .input-panel { grid-area: input; }
.stage > .prediction { grid-area: prediction; }
.stage > .pickers { grid-area: pickers; }
.stage h3 { margin-bottom: 4px; }
.stage .panel { border-top: 0; padding: 0; }
figcaption { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.figures { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 12px; align-items: start; }
figure { margin: 0; }
figcaption { color: var(--muted); font-size: .85em; margin-top: 4px; overflow-wrap: anywhere; }
/* Both pictures in boxes of one height, so their captions line up. */
.figure-box { height: 190px; background: var(--panel); border-radius: 6px; display: flex; justify-content: center; align-items: center; overflow: hidden; }
.photo { display: block; max-width: 100%; max-height: 100%; image-orientation: none; }
canvas.photo { width: auto; height: auto; }
.zoom-photo { image-orientation: none; }
.model-input { display: block; height: 100%; max-width: 100%; aspect-ratio: 1; border-radius: 2px; cursor: crosshair; touch-action: none; }
.meta { margin: 6px 0 0; font-size: .9em; min-height: 1.5em; }
.readout { margin: 2px 0 0; font-size: .9em; color: var(--muted); font-variant-numeric: tabular-nums; min-height: 1.5em; }
.pickers { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin: 8px 0 4px; }
.gallery { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; min-height: 44px; flex-basis: 100%; }
/* One line whatever comes beside it (the camera button appears once a camera is found): nothing below moves. */
.pickers .drop-hint { flex: 1 1 160px; min-width: 0; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.samples-label { color: var(--muted); font-size: .9em; }
.sample { display: flex; align-items: center; gap: 6px; padding: 2px 8px 2px 2px; min-height: 40px; font-size: .85em; }
.sample img { width: 44px; height: 34px; object-fit: cover; border-radius: 4px; display: block; }
/* Touch screens have no drag and drop from the desktop and no Ctrl+V: no hints for them. */
@media (hover: none) and (pointer: coarse) { .drop-hint { display: none; } }
.attribution { font-size: .8em; color: var(--muted); margin: 8px 0 0; }
.table-scroll { overflow-x: auto; }
.model-panel { margin: 0 0 8px; border-top: 1px solid var(--line); padding-top: 10px; }
.summary-panel summary { cursor: pointer; font-weight: 600; min-height: 32px; display: list-item; }
.summary-panel[open] summary { margin-bottom: 6px; }
button.to-grid { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; min-height: 0; text-decoration: underline; text-underline-offset: 2px; text-align: start; }
.detail-fold { margin-top: 2px; font-size: .9em; }
.detail-fold summary { cursor: pointer; }
.model-panel.dragging { outline: 3px dashed var(--accent); outline-offset: 4px; }
.model-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.model-bar h3, .model-bar .hint { margin: 0; }
.model-bar h3 { font-size: 1em; }
.model-bar button { min-height: 32px; padding: 2px 10px; }
.model-in-use { overflow-wrap: anywhere; }
.model-loading { color: var(--muted); font-size: .9em; margin: 4px 0 0; }
.card-known { margin-top: 4px; font-size: .9em; color: var(--muted); overflow-wrap: anywhere; }
.card-facts { display: inline; margin: 0 12px 0 0; padding: 0; }
.card-facts li { display: inline; }
.card-facts li + li::before { content: ' · '; }
.card-edit { font-size: .9em; min-height: 32px; padding: 2px 10px; }
.card-ask { display: grid; gap: 8px; max-width: 640px; margin: 8px 0; padding: 8px 12px; border: 1px solid var(--accent); border-radius: 8px; }
.card-ask fieldset { display: grid; gap: 4px; margin: 0; padding: 0; border: 0; }
.card-ask legend { font-weight: 600; padding: 0; margin-bottom: 4px; }
.card-scale label { display: flex; align-items: baseline; gap: 6px; }
.card-names { display: grid; gap: 4px; }
.class-names { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; min-height: 40px; width: 100%; }
.card-error { color: var(--error); margin: 0; }
.card-apply, .card-edit { justify-self: start; }
table.summary { border-collapse: collapse; font-size: .88em; min-width: 100%; }
table.summary caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
table.summary th, table.summary td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.summary code { white-space: nowrap; }
table.summary .num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tr.shown td:first-child { font-weight: 600; }
table.summary td:first-child { white-space: normal; }
.mark { display: inline-block; width: 1.1em; color: var(--accent); }
.totals { font-size: .88em; margin-top: 6px; }
.totals .legend { color: var(--muted); }
.layers { display: flex; flex-direction: column; gap: 14px; }
/* Space kept for the grids until the model's summary says how large they are. */
.layers:empty { min-height: 900px; }
.layers-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 20px; margin-bottom: 6px; }
.layers-head > :first-child { flex: 1 1 380px; }
.layers-head > .modes { flex: 0 1 340px; min-width: 0; }
.layers-head .hint { margin: 0; }

.normalize { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 12px; border: 0; margin: 0; padding: 0; font-size: .9em; min-inline-size: 0; }
.normalize legend { float: left; font-weight: 600; padding: 0; margin-right: 4px; }
.normalize label { display: inline-flex; align-items: center; gap: 4px; min-height: 32px; cursor: pointer; }
.mode-note { margin: 0; color: var(--muted); font-size: .85em; }
/* Off-screen layers skip style, layout and paint: 640 tiles cost little until seen. */
.layer { min-width: 0; content-visibility: auto; contain-intrinsic-block-size: auto var(--layer-height, 400px); }
.atlas { contain: layout paint; }
.layer-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 12px; margin-bottom: 4px; line-height: 1.5; min-height: 1.6em; }
.layer-head h4 { line-height: inherit; }
.layer-head h4 { margin: 0; }
.layer-head .inactive { font-weight: 600; }
.layer-head .time { color: var(--muted); font-size: .85em; margin-left: auto; }
.atlas { position: relative; width: 100%; }
.atlas-canvas { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; }
.tiles { position: absolute; inset: 0; }
.tile-row { display: contents; }
.tile { position: absolute; cursor: zoom-in; border-radius: 1px; }
.tile:hover { outline: 2px solid var(--fg); outline-offset: 0; }
.tile:focus-visible { outline: 3px solid var(--outline); outline-offset: 1px; z-index: 1; }
.tile.dead { box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--muted) 70%, transparent); }
.placeholder {
  position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px;
  color: var(--muted); font-size: .9em; text-align: center; padding: 8px; border-radius: 6px;
  background: repeating-linear-gradient(135deg, var(--panel) 0 10px, transparent 10px 20px); border: 1px dashed var(--line);
}
.placeholder[hidden] { display: none; }
.placeholder progress, .placeholder .busy { width: min(60%, 240px); accent-color: var(--accent); }
.busy { display: inline-block; position: relative; height: 6px; border-radius: 3px; overflow: hidden; background: var(--line); }
.busy[hidden] { display: none; }
.busy > span { position: absolute; inset: 0; width: 40%; border-radius: 3px; background: var(--accent); animation: cl-busy 1.2s ease-in-out infinite alternate; will-change: transform; }
@keyframes cl-busy { from { transform: translateX(0); } to { transform: translateX(150%); } }
@media (prefers-reduced-motion: reduce) { .busy > span { animation: none; width: 100%; opacity: .5; } }
.prediction .bars { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; max-width: 560px; }
/* Room for five bars from the start: the prediction arriving moves nothing. */
.prediction { min-height: 190px; }
/* The waiting line lies over the bars' room: the bars replace it without moving anything. */
.prediction { position: relative; }
.prediction .hint { margin: 0; position: absolute; }
.prediction li { display: grid; grid-template-columns: minmax(5.5em, auto) minmax(0, 1fr) 4em; align-items: center; gap: 8px; min-height: 24px; }
.prediction .name { overflow-wrap: anywhere; }
.instrument-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
.instrument-buttons button { font-size: .88em; }
.about-slot { border-top: 1px solid var(--line); padding-top: 8px; }
/* The first screen has no room for the grids' header buttons on a phone (they would wrap it). */
@media (max-width: 600px) { .layer-head .grid-export, .layer-head .filters-toggle { display: none; } }
.prediction .track { height: 14px; background: var(--panel); border-radius: 7px; overflow: hidden; }
.prediction .fill { display: block; height: 100%; background: #21918c; border-radius: 7px; }
.prediction li.best .fill { background: #fde725; box-shadow: inset 0 0 0 1px #b8a600; }
.prediction .pct { text-align: right; font-variant-numeric: tabular-nums; }
@media print {
  /* Bars, tiles and the input print in their colours, not as empty outlines. */
  .frame, .prediction .fill, .prediction .track, canvas { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .pickers, .normalize, .status .busy { display: none; }
  .layer { content-visibility: visible; break-inside: avoid; }
}
dialog { color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 12px; padding: 12px; }
dialog::backdrop { background: rgb(0 0 0 / .55); }
dialog.zoom { width: min(96vw, 900px); max-height: 94vh; overflow: auto; }
.zoom-head { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: center; gap: 8px; }
.zoom-nav { display: flex; flex-wrap: wrap; gap: 6px; }
.zoom-body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; margin-top: 8px; }
@media (max-width: 600px) { .zoom-body { grid-template-columns: 1fr; } }
.zoom-map-box { position: relative; width: 100%; max-width: 460px; cursor: crosshair; touch-action: none; }
.zoom-map { display: block; width: 100%; height: 100%; image-rendering: pixelated; }
.cell-cursor { position: absolute; outline: 2px solid #fff; box-shadow: 0 0 0 3px #000; pointer-events: none; }
.colour-bar-box { position: relative; height: 14px; margin-top: 10px; max-width: 460px; }
.colour-bar { display: block; width: 100%; height: 100%; image-rendering: pixelated; border-radius: 2px; }
.bar-marker { position: absolute; top: -4px; bottom: -4px; width: 3px; margin-left: -1px; background: var(--fg); border: 1px solid var(--bg); }
.bar-labels { display: flex; justify-content: space-between; max-width: 460px; font-size: .85em; color: var(--muted); font-variant-numeric: tabular-nums; }
.cell-value { font-variant-numeric: tabular-nums; margin: 4px 0; }
.zoom-side { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-content: start; }
.zoom-side .field-text { grid-column: 1 / -1; margin: 0; font-size: .9em; }
.rf-frame { position: relative; align-self: start; }
.rf-frame canvas, .rf-frame img { display: block; width: 100%; }
.zoom-side figure { margin: 0; }
.rf-frame img[hidden] { display: none; }
.rf-box { position: absolute; outline: 2px solid var(--outline); box-shadow: 0 0 0 1px #000, inset 0 0 0 1px #000; pointer-events: none; }
.rf-box[hidden] { display: none; }
dialog.camera video { display: block; width: min(90vw, 480px); border-radius: 8px; background: #000; }
dialog.camera .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 8px; }
@container (max-width: 700px) {
  .stage { grid-template-columns: minmax(0, 1fr); grid-template-areas: "input" "prediction" "pickers"; }
  .prediction { min-height: 0; }
  .prediction .bars { min-height: 95px; gap: 1px; }
  .prediction li { min-height: 18px; font-size: .88em; line-height: 1.3; }
  .prediction .track { height: 12px; }
}
@container (max-width: 480px) {
  .frame { padding: 8px; border-radius: 8px; }
  .top { margin-bottom: 4px; gap: 0 8px; }
  .top h2.title { font-size: 1.05em; }
  .top .status { order: 3; flex-basis: 100%; }
  .stage .input-panel > h3 { display: none; }
  .meta .resized { display: none; }
  .status { font-size: .82em; }
  .status progress, .status .busy { width: 64px; }
  /* Name and shape on one line, inactive count and time on the next, from the start. */
  .layer-head { display: grid; grid-template-columns: max-content minmax(0, 1fr); align-items: baseline; gap: 0 8px; }
  .layer-head .inactive, .layer-head .time { min-height: 1.5em; }
  .layer-head .time { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .stage { padding-top: 6px; gap: 6px; }
  .stage h3, .layers-panel h3 { font-size: .95em; margin-bottom: 2px; }
  .readout { font-size: .82em; }
  .pickers { flex-wrap: nowrap; overflow-x: auto; margin: 6px 0 2px; padding-bottom: 2px; }
  .pickers > button { flex: none; }
  .gallery { flex-wrap: nowrap; }
  .samples-label { display: none; }
  .layers-head { margin-bottom: 4px; }
  .layers-head .hint { font-size: .82em; }
  .coords, .mode-note, .hint-long { display: none; }
  .hint-short { display: block; }
  .layer-head { gap: 0 8px; }
  .layer-head .shape { font-size: .8em; }
  /* Compact enough for one row at 375 px; on a narrower screen the choices wrap rather than run out of it. */
  .normalize { font-size: .8em; gap: 0 6px; }
  .normalize legend { margin-right: 2px; }
  .normalize label { min-height: 28px; gap: 2px; }
  .normalize input { margin: 0; }
  table.summary { font-size: .8em; }
  table.summary th, table.summary td { padding-right: 6px; }
  .figures { gap: 8px; }
  .figure-box { height: 94px; }
  /* The backend pill is for the teacher: on a phone the lesson needs the room. */
  .backend { display: none; }
  .meta { font-size: .8em; margin-top: 2px; }
  .layers-head .hint { font-size: .85em; }
  .layer-head .time { margin-left: 0; }
  .sample { padding: 2px; }
  .sample img { width: 40px; height: 30px; }
}
`;

let shared: CSSStyleSheet | null = null;

/**
 * Gives `root` the styles as a constructed style sheet (one for all widgets), which a
 * Content-Security-Policy without 'unsafe-inline' styles still allows; a <style> element
 * where constructed sheets are missing.
 */
export function applyStyles(root: ShadowRoot): void {
  const constructable = typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in root;
  if (constructable) {
    try {
      if (!shared) {
        shared = new CSSStyleSheet();
        shared.replaceSync(STYLES);
      }
      root.adoptedStyleSheets = [shared];
      return;
    } catch {
      shared = null;
    }
  }
  const style = root.ownerDocument.createElement('style');
  style.textContent = STYLES;
  root.append(style);
}
