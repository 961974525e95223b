/** Narrow widgets (container queries): a phone keeps the lesson on its first screen. */
export const NARROW_STYLES = `
@container (max-width: 700px) {
  .stage { grid-template-columns: minmax(0, 1fr); grid-template-areas: "input" "prediction" "pickers"; }
  .prediction { min-height: 0; }
  .prediction .bars { min-height: 95px; gap: 1px; }
  .prediction li { min-height: 18px; font-size: var(--size-s); line-height: 1.3; }
  .prediction .track { height: 12px; }
}
@container (max-width: 480px) {
  .frame { padding: 8px; border-radius: 8px; }
  .top { margin-bottom: 4px; gap: 0 8px; }
  .top h2.title { font-size: var(--size-m); }
  .top .status { order: 3; flex-basis: 100%; }
  .stage .input-panel > h3 { display: none; }
  .meta .resized { display: none; }
  .status { font-size: var(--size-xs); }
  .status progress, .status .busy { width: 64px; }
  /* Name and shape on one line, inactive count and time on the next, from the start. */
  /* A line break after the shape: each line as wide as the header, the first keeping room for "⋯". */
  .layer-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 0 8px; padding-right: 0; }
  .layer-head::after { content: ''; order: 1; flex-basis: 100%; height: 0; }
  .layer-head .inactive, .layer-head .time { order: 2; min-height: 1.5em; }
  /* The time shares the second line with the inactive count and is cut short there, never wrapped (the tiles would move down). */
  .layer-head .time { flex: 1 1 0; min-width: 0; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .layer-head .shape { margin-right: 32px; }
  .stage { padding-top: 6px; gap: 6px; }
  .stage h3, .layers-panel h3 { font-size: var(--size-m); margin-bottom: 2px; }
  .readout { font-size: var(--size-xs); }
  .pickers { flex-wrap: nowrap; overflow-x: auto; margin: 6px 0 2px; padding-bottom: 2px; }
  .pickers > button { flex: none; }
  .gallery { flex-wrap: nowrap; }
  .samples-label { display: none; }
  .layers-head { margin-bottom: 4px; }
  .coords, .mode-note, .hint-long { display: none; }
  .hint-short { display: block; }
  .layer-head { gap: 0 8px; }
  .layer-head .shape { font-size: var(--size-xs); }
  /* Compact enough for one row at 375 px; on a narrower screen the choices wrap rather than run out of it. */
  .normalize { font-size: var(--size-xs); gap: 0 6px; }
  .normalize legend { margin-right: 2px; }
  .normalize label { min-height: 28px; gap: 2px; }
  .normalize input { margin: 0; }
  table.summary { font-size: var(--size-xs); }
  table.summary th, table.summary td { padding-right: 6px; }
  .figures { gap: 8px; }
  .figure-box { height: 94px; }
  /* Two lines kept from the start, so "Original photo · chelsea.png" is read whole (one line cut it short in English) and nothing moves when it arrives. */
  .input-panel figcaption { white-space: normal; line-height: 1.3; min-height: 2.6em; display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; }
  /* The backend pill is for the teacher: on a phone the lesson needs the room. */
  .backend { display: none; }
  .meta { font-size: var(--size-xs); margin-top: 2px; }
  .layers-head .hint { font-size: var(--size-s); }
  .layer-head .time { margin-left: 0; }
  .sample { padding: 2px; }
  .sample img { width: 40px; height: 30px; }
}
`;
