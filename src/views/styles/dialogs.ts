/** The zoom dialog (map, colour bar, receptive fields) and the camera. */
export const DIALOGS_STYLES = `
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
.bar-labels { display: flex; justify-content: space-between; max-width: 460px; font-size: var(--size-s); color: var(--muted); font-variant-numeric: tabular-nums; }
.cell-value { font-variant-numeric: tabular-nums; margin: 4px 0; }
.zoom-side { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; align-content: start; }
.zoom-side .field-text { grid-column: 1 / -1; margin: 0; font-size: var(--size-s); }
.rf-frame { position: relative; align-self: start; }
.rf-frame canvas, .rf-frame img { display: block; width: 100%; }
.zoom-side figure { margin: 0; }
.rf-frame img[hidden] { display: none; }
.rf-box { position: absolute; outline: 2px solid var(--outline); box-shadow: 0 0 0 1px #000, inset 0 0 0 1px #000; pointer-events: none; }
.rf-box[hidden] { display: none; }
dialog.camera video { display: block; width: min(90vw, 480px); border-radius: 8px; background: #000; }
dialog.camera .actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 8px; }
`;
