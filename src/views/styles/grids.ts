/** The layers' grids: header, atlas, tile cells, placeholder; the prediction's bars; print. */
export const GRIDS_STYLES = `
.layers { display: flex; flex-direction: column; gap: 14px; }
/* Space kept for the grids until the model's summary says how large they are. */
.layers:empty { min-height: 900px; }
.layers-head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 4px 20px; margin-bottom: 6px; }
.layers-head > :first-child { flex: 1 1 380px; }
/* Room for the three colour-range choices on one line in English ("all layers" wrapped alone at 340 and 400 px). */
.layers-head > .modes { flex: 0 1 460px; min-width: 0; }
.layers-head .hint { margin: 0; }

.normalize { display: flex; flex-wrap: wrap; align-items: center; gap: 2px 12px; border: 0; margin: 0; padding: 0; font-size: var(--size-s); min-inline-size: 0; }
.normalize legend { float: left; font-weight: 700; padding: 0; margin-right: 4px; }
.normalize label { display: inline-flex; align-items: center; gap: 4px; min-height: 32px; cursor: pointer; }
.mode-note { margin: 0; color: var(--muted); font-size: var(--size-s); }
/* Off-screen layers skip style, layout and paint: 640 tiles cost little until seen. */
/* The estimate: the first grid's header as measured (--layer-head, layers-view.ts; one row until then) and
   this grid's atlas (--atlas-height, grid-layout.ts), so a grid shown at last moves nothing below it. */
.layer { min-width: 0; content-visibility: auto; contain-intrinsic-block-size: auto calc(var(--layer-head, 28px) + var(--atlas-height, 372px)); }
/* Until the first grid is painted the others keep their room but are not rendered: their
   placeholders' layout, raster and compositing come out of the first tile's CPU (bench/ab-cold.ts --variant other-grids). */
.layers.first-only > .layer ~ .layer { content-visibility: hidden; }
/* The first grid is on the first screen: rendered at once, not first laid out at its estimated
   height and then at its real one (which moved every grid below it). */
.layers > .layer:first-child { content-visibility: visible; }
.atlas { contain: layout paint; }
.layer-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 12px; margin-bottom: 4px; line-height: 1.5; min-height: 1.6em; }
.layer-head h4 { line-height: inherit; }
.layer-head h4 { margin: 0; }
.layer-head .inactive { font-weight: 700; }
.layer-head .time { color: var(--muted); font-size: var(--size-s); margin-left: auto; }
.atlas { position: relative; width: 100%; }
.atlas-canvas { position: absolute; inset: 0; width: 100%; height: 100%; image-rendering: pixelated; }
.tiles { position: absolute; inset: 0; }
.tile-row { display: contents; }
.tile { position: absolute; cursor: zoom-in; border-radius: 1px; }
.tile:hover { outline: 2px solid var(--fg); outline-offset: 0; }
.tile:focus-visible { outline: 3px solid var(--outline); outline-offset: 1px; z-index: 1; }
.tile.dead { box-shadow: inset 0 0 0 1px color-mix(in srgb, var(--muted) 70%, transparent); }
/* One flat tint, not stripes: a gradient over six placeholders is raster the first screen pays for (bench/ab-cold.ts --variant stripes). */
.placeholder {
  position: absolute; inset: 0; display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 6px;
  color: var(--muted); font-size: var(--size-s); text-align: center; padding: 8px; border-radius: 6px;
  background: var(--panel); border: 1px dashed var(--line);
}
.placeholder[hidden] { display: none; }
.placeholder progress, .placeholder .busy { width: min(60%, 240px); accent-color: var(--accent); }
.busy { display: inline-block; position: relative; height: 6px; border-radius: 3px; overflow: hidden; background: var(--line); }
.busy[hidden] { display: none; }
/* In steps, not smooth: a moving strip makes the compositor and the display draw a frame every
   vsync while the widget loads, CPU a slow device spends before the first tile
   (bench/ab-cold.ts --variant busy-steps, 2026-12-01: -80 ms of CPU, -190 ms of first tile at ¼ core). */
.busy > span { position: absolute; inset: 0; width: 40%; border-radius: 3px; background: var(--accent); animation: cl-busy 1.2s steps(3, jump-none) infinite alternate; will-change: transform; }
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
.instrument-buttons button { font-size: var(--size-s); }
.about-slot { border-top: 1px solid var(--line); padding-top: 8px; }
/* A narrow header keeps room from the start for the "⋯" that folds its buttons (PNG, Filters): their arrival moves nothing. */
@container (max-width: 600px) { .layer-head { position: relative; padding-right: 32px; } }
/* An instrument's bar above the grids (the comparison's) stays in view while they scroll by; empty, it is nothing. */
.layers-bar { position: sticky; top: 0; z-index: 4; }
/* A comparison's marks over the first row: "A", "B", "A − B" above each map of a pair. */
.tile-marks { position: relative; width: 100%; height: 16px; font-size: var(--size-xs); line-height: 16px; color: var(--muted); font-weight: 700; }
.tile-mark { position: absolute; text-align: center; white-space: nowrap; overflow: hidden; }
.layer[data-panels="2"] .tile, .layer[data-panels="3"] .tile { scroll-margin-top: 140px; }
/* A pair is not "inactive" as a whole: the mark is photo A's alone, so it goes while comparing. */
.layer[data-panels="2"] .tile.dead, .layer[data-panels="3"] .tile.dead { box-shadow: none; }
.prediction .track { height: 14px; background: var(--panel); border-radius: 7px; overflow: hidden; }
.prediction .fill { display: block; height: 100%; background: #21918c; border-radius: 7px; }
.prediction li.best .fill { background: #fde725; box-shadow: inset 0 0 0 1px #b8a600; }
.prediction .pct { text-align: right; font-variant-numeric: tabular-nums; }
@media print {
  /* Bars, tiles and the input print in their colours, not as empty outlines. */
  .frame, .prediction .fill, .prediction .track, canvas { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  .pickers, .normalize, .status .busy { display: none; }
  .layer, .layers.first-only > .layer ~ .layer { content-visibility: visible; break-inside: avoid; }
}
`;
