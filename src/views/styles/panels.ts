/** The model card and the summary table. */
export const PANELS_STYLES = `
.attribution { font-size: var(--size-xs); color: var(--muted); margin: 8px 0 0; }
.table-scroll { overflow-x: auto; }
.model-panel { margin: 0 0 8px; border-top: 1px solid var(--line); padding-top: 10px; }
.summary-panel summary { cursor: pointer; font-weight: 700; min-height: 32px; display: list-item; }
.summary-panel[open] summary { margin-bottom: 6px; }
button.to-grid { font: inherit; color: var(--accent); background: none; border: 0; padding: 0; min-height: 0; text-decoration: underline; text-underline-offset: 2px; text-align: start; }
.detail-fold { margin-top: 2px; font-size: var(--size-s); }
.detail-fold summary { cursor: pointer; }
.model-panel.dragging { outline: 3px dashed var(--accent); outline-offset: 4px; }
.model-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; }
.model-bar h3, .model-bar .hint { margin: 0; }
.model-bar h3 { font-size: var(--size-m); }
.model-bar button { min-height: 32px; padding: 2px 10px; }
.model-in-use { overflow-wrap: anywhere; }
.model-loading { color: var(--muted); font-size: var(--size-s); margin: 4px 0 0; }
.card-known { margin-top: 4px; font-size: var(--size-s); color: var(--muted); overflow-wrap: anywhere; }
.card-facts { display: inline; margin: 0 12px 0 0; padding: 0; }
.card-facts li { display: inline; }
.card-facts li + li::before { content: ' · '; }
.card-edit { font-size: var(--size-s); min-height: 32px; padding: 2px 10px; }
.card-ask { display: grid; gap: 8px; max-width: 640px; margin: 8px 0; padding: 8px 12px; border: 1px solid var(--accent); border-radius: 8px; }
.card-ask fieldset { display: grid; gap: 4px; margin: 0; padding: 0; border: 0; }
.card-ask legend { font-weight: 700; padding: 0; margin-bottom: 4px; }
.card-scale label { display: flex; align-items: baseline; gap: 6px; }
.card-names { display: grid; gap: 4px; }
.class-names { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 6px 8px; min-height: 40px; width: 100%; }
.card-error { color: var(--error); margin: 0; }
.card-apply, .card-edit { justify-self: start; }
table.summary { border-collapse: collapse; font-size: var(--size-s); min-width: 100%; }
table.summary caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
table.summary th, table.summary td { text-align: left; padding: 3px 10px 3px 0; border-bottom: 1px solid var(--line); white-space: nowrap; }
table.summary code { white-space: nowrap; }
table.summary .num { text-align: right; font-variant-numeric: tabular-nums; }
table.summary tr.shown td:first-child { font-weight: 700; }
table.summary td:first-child { white-space: normal; }
.mark { display: inline-block; width: 1.1em; color: var(--accent); }
.totals { font-size: var(--size-s); margin-top: 6px; }
.totals .legend { color: var(--muted); }
`;
