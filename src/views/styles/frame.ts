/** The frame (colours, fonts, every inherited property set again), buttons, the first screen's stage: photo, input, pickers. */
import { CODE_FONTS, KOREAN_FONTS, TEXT_FONTS } from './fonts';

export const FRAME_STYLES = `
:host { display: block; container-type: inline-size; }
.frame {
  --bg: #ffffff; --fg: #1b1b1f; --muted: #5b5b66; --line: #d9d9e0; --panel: #f5f5f8;
  --accent: #3451c7; --accent-fg: #ffffff; --error: #b3261e; --error-bg: #fdecea; --outline: #ff5a1f;
  --notice: #6b4e00; --notice-bg: #fff4d6;
  color: var(--fg);
  /* The stacks and why they are so: fonts.ts. */
  font: 15px/1.5 ${TEXT_FONTS};
  /* Four sizes and two weights for all text. On Linux and ChromeOS each size and weight of each font is a
     synchronous call to the browser process in the middle of layout (25-90 ms each at ¼ core, 2026-12-01). */
  --size-xs: 12px; --size-s: 13px; --size-m: 15px; --size-l: 17px;
  font-style: normal; font-weight: 400; letter-spacing: normal; word-spacing: normal; text-transform: none;
  text-align: start; text-indent: 0; text-shadow: none; white-space: normal; visibility: visible; cursor: auto;
  direction: ltr; writing-mode: horizontal-tb; font-variant: normal; font-kerning: auto; overflow-wrap: normal;
}
/* Korean breaks between words, never inside one (신경망, not 신⏎경망). Its Latin letters come from the Hangul
   font too: one font for a line of both, not two, each with its strikes to look up. */
.frame:lang(ko) {
  word-break: keep-all; overflow-wrap: break-word;
  font-family: ${KOREAN_FONTS};
}
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
h2.title { font-size: var(--size-l); }
h3 { font-size: var(--size-m); }
h4 { font-size: var(--size-m); font-family: ${CODE_FONTS}; }
code { font-family: ${CODE_FONTS}; font-size: var(--size-s); }
button {
  font: inherit; color: var(--fg); background: var(--panel); border: 1px solid var(--line);
  border-radius: 8px; padding: 6px 12px; min-height: 40px; cursor: pointer;
}
button.primary { background: var(--accent); color: var(--accent-fg); border-color: var(--accent); }
button:focus-visible, [tabindex]:focus-visible, a:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
a { color: var(--accent); }
.hint { color: var(--muted); font-size: var(--size-s); margin: 0 0 8px; }
.hint-short { display: none; }
.visually-hidden {
  position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap;
}
.pixelated { image-rendering: pixelated; image-rendering: crisp-edges; }
.top { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 4px 16px; margin-bottom: 8px; }
.top h2.title { margin: 0; }
/* Exactly two lines: a longer or shorter status never moves the lesson (no layout shift). */
.status { display: flex; flex-wrap: nowrap; align-items: flex-start; gap: 2px 10px; color: var(--muted); font-size: var(--size-s); line-height: 1.5; flex: 1 1 260px; height: 3em; overflow: hidden; }
.status-text { flex: 1 1 auto; min-width: 0; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
.status progress, .status .busy { flex: none; margin-top: .55em; }
.status progress { width: 110px; height: 10px; accent-color: var(--accent); }
.status .busy { width: 110px; }
.backend { order: 2; margin-left: auto; color: var(--muted); font-size: var(--size-xs); border: 1px solid var(--line); border-radius: 999px; padding: 0 8px; white-space: nowrap; }
.backend:empty { display: none; }
.top .status { order: 1; }
.error { border: 1px solid var(--error); background: var(--error-bg); color: var(--error); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.error strong, .notice strong { display: block; }
.notice { border: 1px solid var(--notice); background: var(--notice-bg); color: var(--notice); border-radius: 8px; padding: 8px 12px; margin: 8px 0; }
.notice ul { margin: 4px 0 0; padding-left: 1.2em; font-size: var(--size-s); overflow-wrap: anywhere; }
.error .detail { overflow-wrap: anywhere; }
.more { margin: 6px 0 0; color: var(--muted); font-size: var(--size-s); }
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
figcaption { color: var(--muted); font-size: var(--size-s); margin-top: 4px; overflow-wrap: anywhere; }
/* An empty caption (the model's input size is not known yet) keeps its line: the photo's facts below do not move when it arrives. */
.figures figcaption:empty::before { content: "\\200b"; }
/* Both pictures in boxes of one height, so their captions line up. */
.figure-box { height: 190px; background: var(--panel); border-radius: 6px; display: flex; justify-content: center; align-items: center; overflow: hidden; }
.photo { display: block; max-width: 100%; max-height: 100%; image-orientation: none; }
canvas.photo { width: auto; height: auto; }
.zoom-photo { image-orientation: none; }
.model-input { display: block; height: 100%; max-width: 100%; aspect-ratio: 1; border-radius: 2px; cursor: crosshair; touch-action: none; }
.meta { margin: 6px 0 0; font-size: var(--size-s); min-height: 1.5em; }
/* The tensor's monospace line box is taller than the line's own: it would push the grids down a pixel when it arrives. */
.meta code { line-height: 1; font-size: inherit; }
.readout { margin: 2px 0 0; font-size: var(--size-s); color: var(--muted); font-variant-numeric: tabular-nums; min-height: 1.5em; }
.pickers { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; margin: 8px 0 4px; }
.gallery { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; min-height: 44px; flex-basis: 100%; }
/* One line whatever comes beside it (the camera button appears once a camera is found): nothing below moves. */
.pickers .drop-hint { flex: 1 1 160px; min-width: 0; margin: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.samples-label { color: var(--muted); font-size: var(--size-s); }
.sample { display: flex; align-items: center; gap: 6px; padding: 2px 8px 2px 2px; min-height: 40px; font-size: var(--size-s); }
.sample img { width: 44px; height: 34px; object-fit: cover; border-radius: 4px; display: block; }
/* Touch screens have no drag and drop from the desktop and no Ctrl+V: no hints for them. */
@media (hover: none) and (pointer: coarse) { .drop-hint { display: none; } }
`;
