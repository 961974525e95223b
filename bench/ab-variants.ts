/**
 * The variants ab-cold.ts pairs (`--variant NAME`): each names what it changes, with the
 * figures it gave where it was measured. A rewrite edits a copy of the built site
 * (bench/rewrite.ts); every replacement must match the build, which
 * test/bench-ab-variants.test.ts checks for each variant against the current dist/.
 */
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { disableFeatures } from '../test/browser/chromium';
// The stacks as built; static/demo.css spells the same (test/font-stacks.test.ts).
import { CODE_FONTS, KOREAN_FONTS, TEXT_FONTS } from '../src/views/styles/fonts';
import { rewriteFiles, rewriteStyles, rewriteWidget } from './rewrite';
import { EMBED_PAGE } from './root';
import type { Env } from './scenarios';

/** `isolated`: served with COOP/COEP or not (default: as the page is, the demo as `npm start` serves it: 'auto'). */
export interface Variant { name: string; env?: Partial<Env>; args?: string[]; rewrite?: (dir: string) => Promise<void>; isolated?: boolean | 'auto' }
export const VARIANTS: Record<string, Variant[]> = {
  motion: [{ name: 'as served', env: { reducedMotion: 'no-preference' } }, { name: 'prefers-reduced-motion', env: { reducedMotion: 'reduce' } }],
  // Headless Chromium 156 preloads two WebUI omnibox popups (a renderer) with every new window.
  omnibox: [{ name: 'omnibox WebUI preloaded', args: [disableFeatures([], false)] }, { name: 'without omnibox WebUI', args: [] }],
  // Every named family the system lacks costs a font lookup (on Linux, fontconfig in the browser process).
  fonts: [{ name: 'font stacks as served' }, { name: 'generic families only', rewrite: genericFontsOnly }],
  // Asking for the media devices makes the browser launch its audio and video-capture services. Since
  // 2026-12-01 16:29 the widget asks once the first screen is drawn; before, at start (4363 → 4053 ms).
  camera: [
    { name: 'asked after the first screen (as built)' },
    { name: 'never asked', rewrite: (dir) => rewriteWidget(dir, [{ from: 'if(!r?.enumerateDevices||', to: 'if(true||' }]) },
  ],
  // The worker as esbuild splits it (worker.js + ten chunks) or merged into one file (build.mjs).
  // Needs SPLIT_DIST: a build made with `CONVLENS_SPLIT_WORKER=1 node build.mjs`, copied aside.
  'worker-chunks': [
    { name: 'worker.js + its chunks', rewrite: async (dir) => {
      const split = process.env.SPLIT_DIST;
      if (!split) throw new Error('--variant worker-chunks needs SPLIT_DIST (a dist/ built with CONVLENS_SPLIT_WORKER=1)');
      await rm(join(dir, 'chunks'), { recursive: true });
      await cp(join(split, 'chunks'), join(dir, 'chunks'), { recursive: true });
      await cp(join(split, 'worker.js'), join(dir, 'worker.js'));
    } },
    { name: 'worker.js merged (as built)' },
  ],
  // Two builds paired: OTHER_DIST (a dist/ copied aside, e.g. from the previous commit) against
  // the current one, for a change the rewrites above cannot express.
  'other-build': [
    // OTHER_ISOLATED=1 serves the other build with COOP/COEP (the demo as `npm start` served it before 2026-12-01 21:15).
    { name: 'OTHER_DIST', isolated: process.env.OTHER_ISOLATED === '1' ? true : undefined, rewrite: async (dir) => {
      const other = process.env.OTHER_DIST;
      if (!other) throw new Error('--variant other-build needs OTHER_DIST (a dist/ built from another commit)');
      await cp(other, dir, { recursive: true, force: true });
    } },
    { name: 'dist/ (as built)' },
  ],
  // The grids after the first rendered from the start, or (as built) only once the first grid is painted.
  'other-grids': [
    { name: 'all grids rendered', rewrite: (dir) => rewriteWidget(dir, [{ from: FIRST_ONLY_RULE, to: '' }]) },
    { name: 'first grid first (as built)' },
  ],
  // The demo page in Korean (as served) or English: what its Korean text costs to lay out and draw.
  lang: [
    { name: 'demo in Korean (as served)' },
    { name: 'demo in English', rewrite: (dir) => rewriteFiles(dir, ['index.html'], [{ from: '<html lang="ko">', to: '<html lang="en">' }]) },
  ],
  // Hangul fonts named in the stacks (as built since 2026-12-01 19:50) or left to the browser's per-character
  // fallback, which searches the system's fonts (fontconfig on Linux). Before: 5302 → 4893 ms on the demo page.
  'ko-font': [
    { name: 'Hangul fonts named (as built)' },
    { name: 'Hangul by font fallback', rewrite: (dir) => rewriteStyles(dir, [
      { from: KOREAN_FONTS, to: 'system-ui, "Noto Sans KR", sans-serif' },
      { from: TEXT_FONTS, to: 'system-ui, "Noto Sans KR", sans-serif' },
    ]) },
  ],
  // Korean text's Latin letters drawn by the Hangul font (as built since 2026-12-02) or by the system's font
  // first, as before: then every size and weight is two strikes to look up, one for each font.
  // (Before, the installed Hangul font named right after system-ui was not a lever: 4801 / 4800 ms, 2026-12-01 20:25.)
  'ko-latin': [
    { name: 'one font in Korean (as built)' },
    { name: 'system font first in Korean', rewrite: (dir) => rewriteStyles(dir, [{ from: KOREAN_FONTS, to: TEXT_FONTS }]) },
  ],
  // An upper bound: the page's <img> of the photo never loaded, so what its second fetch and decode cost.
  // Not a lever (2026-12-01 19:45, embed, 7 loads: 3239 ms shown, 3432 never loaded; CPU 770 / 810 ms).
  'photo-img': [
    { name: 'photo shown (as built)' },
    { name: 'photo <img> never loaded', rewrite: (dir) => rewriteWidget(dir, [{ from: 'this.img.src!==t.url&&(this.img.src=t.url)', to: '0' }]) },
  ],
  // What COOP/COEP costs, opened from about:blank (as the benchmark does) or arriving from a page of
  // another site (as a student following a course page's link does, where the browser starts a
  // new renderer process for the widget's page either way).
  'coop-arrival': [
    { name: 'from about:blank', isolated: false },
    { name: 'from about:blank, COOP/COEP', isolated: true },
    { name: 'from another site', isolated: false, env: { arriveFromOtherSite: true } },
    { name: 'from another site, COOP/COEP', isolated: true, env: { arriveFromOtherSite: true } },
  ],
  // The demo page's SVG favicon: fetched and drawn by the browser process while the page loads.
  favicon: [
    { name: 'favicon (as served)' },
    { name: 'no favicon', rewrite: (dir) => rewriteFiles(dir, ['index.html'], [{ from: /<link rel="icon"[^>]*>/, to: '' }]) },
  ],
  // The busy strip's compositor animation: smooth (a new frame every vsync; before 2026-12-01 18:20)
  // or in 3 steps (as built: a frame each 0.4 s).
  'busy-steps': [
    { name: 'busy strip smooth', rewrite: (dir) => rewriteWidget(dir, [{ from: 'animation: cl-busy 1.2s steps(3, jump-none) infinite alternate', to: 'animation: cl-busy 1.2s ease-in-out infinite alternate' }]) },
    { name: 'busy strip in steps (as built)' },
  ],
  // An upper bound, not a design: the widget's panels below its first screen (instrument buttons,
  // model summary, model panel) not drawn at all, so what their layout and raster cost before the first tile.
  'below-fold': [
    { name: 'as built' },
    { name: 'panels below the grids not drawn', rewrite: (dir) => rewriteWidget(dir, [{ from: FIRST_ONLY_RULE, to: `${FIRST_ONLY_RULE} .instrument-buttons, .summary-panel, .model-panel, .about-slot { display: none !important; }` }]) },
  ],
  // The demo's widget script from the page's <head> (before 2026-12-01 21:45: it held the page's load event,
  // and the tab's loading indicator animates until then, a frame of the browser's own UI every ~70 ms at
  // ¼ core) or imported once the page has loaded (as built). Paired 21:35, 7 loads each: 5060 → 4609 ms, 5277 → 4657 ms.
  'after-load': [
    { name: 'convlens.js in <head>', rewrite: (dir) => rewriteFiles(dir, ['index.html'], [
      { from: "const loadWidget = () => import('./convlens.js')", to: 'const loadWidget = () => Promise.resolve()' },
      { from: '<script type="module">\nconst TITLES', to: '<script type="module" src="./convlens.js"></script>\n<script type="module">\nconst TITLES' },
    ]) },
    { name: 'convlens.js imported after load (as built)' },
  ],
  // The same on the embed page (a course page's two lines, `--page embed`): what a course page would
  // gain from loading the widget after its load event.
  'after-load-embed': [
    { name: 'convlens.js in <head> (the two lines)' },
    { name: 'convlens.js imported after load', rewrite: (dir) => rewriteFiles(dir, [EMBED_PAGE], [
      { from: EMBED_WIDGET_SCRIPT, to: '' },
      { from: EMBED_RUN_LINE, to: `<script type="module">addEventListener('load', () => import('../convlens.js').then(() => document.querySelector('conv-lens').run($1)), { once: true });</script>` },
    ]) },
  ],
  // An upper bound, not a design: every text of the page and the widget in one installed font at one size and
  // weight, so the renderer asks the browser for one font strike (bench/font-lookups.ts: on Linux a synchronous
  // FontService call per font, size and weight). 2026-12-01 23:10, demo, 7 loads, before the few sizes and one
  // Korean font: 3892 ms as built, 3505 ms with one strike (56 font calls before the first tile, 2).
  'one-strike': [
    { name: 'as built' },
    { name: 'one font, one size, one weight', rewrite: (dir) => rewriteStyles(dir, [
      { from: ':host { display: block; container-type: inline-size; }', to: `:host { display: block; container-type: inline-size; } ${ONE_STRIKE}` },
      { from: '</style>', to: `${ONE_STRIKE}</style>` },
    ]) },
  ],
  // The demo page's stories and footer (below the widget, never on the first screen) laid out only once
  // near the viewport (content-visibility: auto), or at once (as built): their fonts looked up in the
  // page's first layout or later (bench/font-lookups.ts: 14 font calls in that layout as built, 8 without them).
  // Not a lever: the calls move to the widget's first layout, as many before the first tile (2026-12-01 23:45,
  // demo, 7 loads: 4297 ms as built, 4320 near the viewport; CPU 1030 / 1000 ms).
  'stories-later': [
    { name: 'stories laid out at once (as built)' },
    { name: 'stories laid out near the viewport', rewrite: (dir) => rewriteFiles(dir, ['index.html'], [
      { from: '</style>', to: '.stories, main > .story, .page-foot { content-visibility: auto; contain-intrinsic-size: auto 600px; }</style>' },
    ]) },
  ],
  // A course page's two lines against its one line with convlens-lazy.js, which imports convlens.js once
  // the page has loaded (`--page embed`). 2026-12-02 00:11, 7 loads each: 3674 → 3261 ms, CPU 880 → 800 ms.
  'lazy-embed': [
    { name: 'convlens.js in <head> (the two lines)' },
    { name: 'convlens-lazy.js in <head> (one line)', rewrite: (dir) => rewriteFiles(dir, [EMBED_PAGE], [
      { from: EMBED_WIDGET_SCRIPT, to: '<script type="module" src="../convlens-lazy.js"></script>' },
      { from: EMBED_RUN_LINE, to: `<script type="module">customElements.whenDefined('conv-lens').then(() => document.querySelector('conv-lens').run($1));</script>` },
    ]) },
  ],
  // The grids' placeholders drawn striped (a gradient to raster) or as one flat tint.
  stripes: [
    { name: 'striped placeholders', rewrite: (dir) => rewriteWidget(dir, [{ from: /background: var\(--panel\); border: 1px dashed/g, to: 'background: repeating-linear-gradient(135deg, var(--panel) 0 10px, transparent 10px 20px); border: 1px dashed' }]) },
    { name: 'flat placeholders' },
  ],
};

/** The embed page's two lines (bench/root.ts): the widget's script in <head>, and the line that runs it on the photo ($1). */
const EMBED_WIDGET_SCRIPT = '<script type="module" src="../convlens.js"></script>';
const EMBED_RUN_LINE = /<script type="module">document\.querySelector\('conv-lens'\)\.run\(([^)]*)\);<\/script>/;

/** The rule that keeps the grids after the first from rendering until the first is painted (src/views/styles). */
const FIRST_ONLY_RULE = '.layers.first-only > .layer ~ .layer { content-visibility: hidden; }';

/** One installed font (this machine's Hangul font), one size, one weight, for everything. */
const ONE_STRIKE = '* { font: 400 15px/1.5 NanumGothic, sans-serif !important; }';

/** Rewrites the page's and the widget's font stacks to their generic family (sans-serif, monospace). */
async function genericFontsOnly(dir: string): Promise<void> {
  await rewriteStyles(dir, [
    { from: KOREAN_FONTS, to: 'sans-serif' },
    { from: TEXT_FONTS, to: 'sans-serif' },
    { from: CODE_FONTS, to: 'monospace' },
  ]);
}

