/**
 * Two variants of the cold load, interleaved in one run so machine noise falls on both alike:
 * first tile and the CPU each Chromium part spent before it (medians). For testing one lever
 * before changing the code (e.g. `--variant motion`: the page with prefers-reduced-motion).
 *
 *   tsx bench/ab-cold.ts [--runs 5] [--level 4] [--page embed|demo] [--variant NAME]     NAME: a key of VARIANTS
 *
 * Run `node build.mjs` first. The full benchmark (npm run bench) gives the README's figures.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, disableFeatures } from '../test/browser/chromium';
import { describeScript, formatFrames, frameCosts, summariseFrames, type FrameFigure } from './frames';
import { formatCpu, medianCpu } from './proc-cpu';
import { EMBED_PAGE, prepareRoot } from './root';
import { pageRun, type Env } from './scenarios';
import { startServerProcess } from './server-process';
import { createThrottle } from './throttle';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const RUNS = Number(option('--runs', '5'));
const LEVEL = Number(option('--level', '4'));
const PAGE = option('--page', 'embed') === 'demo' ? 'demo' : 'convlens';
const VARIANT = option('--variant', 'motion');

/** `isolated`: served with COOP/COEP or not (default: as the page is, the demo as `npm start` serves it: 'auto'). */
interface Variant { name: string; env?: Partial<Env>; args?: string[]; rewrite?: (dir: string) => Promise<void>; isolated?: boolean | 'auto' }
const VARIANTS: Record<string, Variant[]> = {
  motion: [{ name: 'as served', env: { reducedMotion: 'no-preference' } }, { name: 'prefers-reduced-motion', env: { reducedMotion: 'reduce' } }],
  // Headless Chromium 156 preloads two WebUI omnibox popups (a renderer) with every new window.
  omnibox: [{ name: 'omnibox WebUI preloaded', args: [disableFeatures([], false)] }, { name: 'without omnibox WebUI', args: [] }],
  // Every named family the system lacks costs a font lookup (on Linux, fontconfig in the browser process).
  fonts: [{ name: 'font stacks as served' }, { name: 'generic families only', rewrite: genericFontsOnly }],
  // Asking for the media devices makes the browser launch its audio and video-capture services. Since
  // 2026-12-01 16:29 the widget asks once the first screen is drawn; before, at start (4363 → 4053 ms).
  camera: [
    { name: 'asked after the first screen (as built)' },
    { name: 'never asked', rewrite: (dir) => rewriteWidget(dir, (text) => text.replace('if(!r?.enumerateDevices||', 'if(true||')) },
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
    { name: 'all grids rendered', rewrite: (dir) => rewriteWidget(dir, (text) => text.replace('.layers.first-only > .layer ~ .layer { content-visibility: hidden; }', '')) },
    { name: 'first grid first (as built)' },
  ],
  // The demo page in Korean (as served) or English: what its Korean text costs to lay out and draw.
  lang: [
    { name: 'demo in Korean (as served)' },
    { name: 'demo in English', rewrite: (dir) => rewriteFiles(dir, ['index.html'], (text) => text.replace('<html lang="ko">', '<html lang="en">')) },
  ],
  // Hangul fonts named in the stacks (as built since 2026-12-01 19:50) or left to the browser's per-character
  // fallback, which searches the system's fonts (fontconfig on Linux). Before: 5302 → 4893 ms on the demo page.
  'ko-font': [
    { name: 'Hangul fonts named (as built)' },
    { name: 'Hangul by font fallback', rewrite: (dir) => rewriteStyles(dir, (text) => text
      .replaceAll(KOREAN_STACK, 'system-ui, "Noto Sans KR", sans-serif')
      .replaceAll(FONT_STACK, 'system-ui, "Noto Sans KR", sans-serif')) },
  ],
  // Korean text's Latin letters drawn by the Hangul font (as built since 2026-12-02) or by the system's font
  // first, as before: then every size and weight is two strikes to look up, one for each font.
  // (Before, the installed Hangul font named right after system-ui was not a lever: 4801 / 4800 ms, 2026-12-01 20:25.)
  'ko-latin': [
    { name: 'one font in Korean (as built)' },
    { name: 'system font first in Korean', rewrite: (dir) => rewriteStyles(dir, (text) => text.replaceAll(KOREAN_STACK, FONT_STACK)) },
  ],
  // An upper bound: the page's <img> of the photo never loaded, so what its second fetch and decode cost.
  // Not a lever (2026-12-01 19:45, embed, 7 loads: 3239 ms shown, 3432 never loaded; CPU 770 / 810 ms).
  'photo-img': [
    { name: 'photo shown (as built)' },
    { name: 'photo <img> never loaded', rewrite: (dir) => rewriteWidget(dir, (text) => text.replace('this.img.src!==t.url&&(this.img.src=t.url)', '0')) },
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
    { name: 'no favicon', rewrite: (dir) => rewriteFiles(dir, ['index.html'], (text) => text.replace(/<link rel="icon"[^>]*>/, '')) },
  ],
  // The busy strip's compositor animation: smooth (a new frame every vsync; before 2026-12-01 18:20)
  // or in 3 steps (as built: a frame each 0.4 s).
  'busy-steps': [
    { name: 'busy strip smooth', rewrite: (dir) => rewriteWidget(dir, (text) => text.replace('animation: cl-busy 1.2s steps(3, jump-none) infinite alternate', 'animation: cl-busy 1.2s ease-in-out infinite alternate')) },
    { name: 'busy strip in steps (as built)' },
  ],
  // An upper bound, not a design: the widget's panels below its first screen (instrument buttons,
  // model summary, model panel) not drawn at all, so what their layout and raster cost before the first tile.
  'below-fold': [
    { name: 'as built' },
    { name: 'panels below the grids not drawn', rewrite: (dir) => rewriteWidget(dir, (text) => text.replace('.layers.first-only > .layer ~ .layer { content-visibility: hidden; }', '.layers.first-only > .layer ~ .layer { content-visibility: hidden; } .instrument-buttons, .summary-panel, .model-panel, .about-slot { display: none !important; }')) },
  ],
  // The demo's widget script from the page's <head> (before 2026-12-01 21:45: it held the page's load event,
  // and the tab's loading indicator animates until then, a frame of the browser's own UI every ~70 ms at
  // ¼ core) or imported once the page has loaded (as built). Paired 21:35, 7 loads each: 5060 → 4609 ms, 5277 → 4657 ms.
  'after-load': [
    { name: 'convlens.js in <head>', rewrite: (dir) => rewriteFiles(dir, ['index.html'], (text) => text
      .replace("const loadWidget = () => import('./convlens.js')", 'const loadWidget = () => Promise.resolve()')
      .replace('<script type="module">\nconst TITLES', '<script type="module" src="./convlens.js"></script>\n<script type="module">\nconst TITLES')) },
    { name: 'convlens.js imported after load (as built)' },
  ],
  // The same on the embed page (a course page's two lines, `--page embed`): what a course page would
  // gain from loading the widget after its load event.
  'after-load-embed': [
    { name: 'convlens.js in <head> (the two lines)' },
    { name: 'convlens.js imported after load', rewrite: (dir) => rewriteFiles(dir, [EMBED_PAGE], (text) => text
      .replace(EMBED_WIDGET_SCRIPT, '')
      .replace(EMBED_RUN_LINE,
        `<script type="module">addEventListener('load', () => import('../convlens.js').then(() => document.querySelector('conv-lens').run($1)), { once: true });</script>`)) },
  ],
  // An upper bound, not a design: every text of the page and the widget in one installed font at one size and
  // weight, so the renderer asks the browser for one font strike (bench/font-lookups.ts: on Linux a synchronous
  // FontService call per font, size and weight). 2026-12-01 23:10, demo, 7 loads, before the few sizes and one
  // Korean font: 3892 ms as built, 3505 ms with one strike (56 font calls before the first tile, 2).
  'one-strike': [
    { name: 'as built' },
    { name: 'one font, one size, one weight', rewrite: (dir) => rewriteStyles(dir, (text) => text
      .replace(':host { display: block; container-type: inline-size; }', `:host { display: block; container-type: inline-size; } ${ONE_STRIKE}`)
      .replace('</style>', `${ONE_STRIKE}</style>`)) },
  ],
  // The demo page's stories and footer (below the widget, never on the first screen) laid out only once
  // near the viewport (content-visibility: auto), or at once (as built): their fonts looked up in the
  // page's first layout or later (bench/font-lookups.ts: 14 font calls in that layout as built, 8 without them).
  // Not a lever: the calls move to the widget's first layout, as many before the first tile (2026-12-01 23:45,
  // demo, 7 loads: 4297 ms as built, 4320 near the viewport; CPU 1030 / 1000 ms).
  'stories-later': [
    { name: 'stories laid out at once (as built)' },
    { name: 'stories laid out near the viewport', rewrite: (dir) => rewriteFiles(dir, ['index.html'], (text) => text
      .replace('</style>', '.stories, main > .story, .page-foot { content-visibility: auto; contain-intrinsic-size: auto 600px; }</style>')) },
  ],
  // A course page's two lines against its one line with convlens-lazy.js, which imports convlens.js once
  // the page has loaded (`--page embed`). 2026-12-02 00:11, 7 loads each: 3674 → 3261 ms, CPU 880 → 800 ms.
  'lazy-embed': [
    { name: 'convlens.js in <head> (the two lines)' },
    { name: 'convlens-lazy.js in <head> (one line)', rewrite: (dir) => rewriteFiles(dir, [EMBED_PAGE], (text) => text
      .replace(EMBED_WIDGET_SCRIPT, '<script type="module" src="../convlens-lazy.js"></script>')
      .replace(EMBED_RUN_LINE,
        `<script type="module">customElements.whenDefined('conv-lens').then(() => document.querySelector('conv-lens').run($1));</script>`)) },
  ],
  // The grids' placeholders drawn striped (a gradient to raster) or as one flat tint.
  stripes: [
    { name: 'striped placeholders', rewrite: (dir) => rewriteWidget(dir, (text) => text.replace(/background: var\(--panel\); border: 1px dashed/g, 'background: repeating-linear-gradient(135deg, var(--panel) 0 10px, transparent 10px 20px); border: 1px dashed')) },
    { name: 'flat placeholders' },
  ],
};

/**
 * Rewrites `files` (relative to `dir`) with `edit`. Fails when the edit changed none of them:
 * a build whose text moved on would otherwise compare the build with itself.
 */
async function rewriteFiles(dir: string, files: string[], edit: (text: string) => string): Promise<void> {
  let changed = 0;
  for (const file of files) {
    const path = join(dir, file);
    const text = await readFile(path, 'utf8');
    const edited = edit(text);
    if (edited !== text) (changed++, await writeFile(path, edited));
  }
  if (changed === 0) throw new Error(`the variant's rewrite matched nothing in ${files.join(', ')}: update it to the build`);
}

/** The widget's built code: convlens.js and the JavaScript chunks beside it. */
async function widgetFiles(dir: string): Promise<string[]> {
  return ['convlens.js', ...(await readdir(join(dir, 'chunks'))).filter((name) => name.endsWith('.js')).map((name) => join('chunks', name))];
}

/** Rewrites the widget's built code with `edit`. */
async function rewriteWidget(dir: string, edit: (text: string) => string): Promise<void> {
  await rewriteFiles(dir, await widgetFiles(dir), edit);
}

/** The embed page's two lines (bench/root.ts): the widget's script in <head>, and the line that runs it on the photo ($1). */
const EMBED_WIDGET_SCRIPT = '<script type="module" src="../convlens.js"></script>';
const EMBED_RUN_LINE = /<script type="module">document\.querySelector\('conv-lens'\)\.run\(([^)]*)\);<\/script>/;

/** The text font stack of the page and the widget, as built (src/views/styles/frame.ts, static/demo.css). */
const FONT_STACK = 'system-ui, "Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Apple SD Gothic Neo", sans-serif';

/** The stack of Korean text, Hangul fonts first, as built. */
const KOREAN_STACK = '"Malgun Gothic", "Noto Sans CJK KR", "Noto Sans KR", NanumGothic, "Apple SD Gothic Neo", system-ui, sans-serif';

/** One installed font (this machine's Hangul font), one size, one weight, for everything. */
const ONE_STRIKE = '* { font: 400 15px/1.5 NanumGothic, sans-serif !important; }';

/** Rewrites the styles of the demo page (inlined in its HTML) and of the widget's built code with `edit`. */
async function rewriteStyles(dir: string, edit: (text: string) => string): Promise<void> {
  await rewriteFiles(dir, ['index.html', ...(await widgetFiles(dir))], edit);
}

/** Rewrites the page's and the widget's font stacks to their generic family (sans-serif, monospace). */
async function genericFontsOnly(dir: string): Promise<void> {
  await rewriteStyles(dir, (text) => text
    .replaceAll(KOREAN_STACK, 'sans-serif')
    .replaceAll(FONT_STACK, 'sans-serif')
    .replace(/Menlo, monospace/g, 'monospace'));
}

const variants = VARIANTS[VARIANT];
if (!variants) throw new Error(`unknown variant ${VARIANT}: ${Object.keys(VARIANTS).join(', ')}`);
const root = await prepareRoot();
// A variant that rewrites the site gets a copy of the root and a server of its own.
const roots = await Promise.all(variants.map(async (variant) => {
  if (!variant.rewrite) return root.dir;
  const dir = await mkdtemp(join(tmpdir(), 'convlens-ab-'));
  await cp(root.dir, dir, { recursive: true });
  await variant.rewrite(dir);
  return dir;
}));
const servers = await Promise.all(roots.map((dir, i) => startServerProcess({ isolated: variants[i].isolated ?? (PAGE === 'demo' ? 'auto' : false), root: dir })));
const throttle = await createThrottle(CHROMIUM_PATH);
// One browser per variant (a variant's --disable-features replaces the standard one: Chromium keeps the last).
const launch = (args: string[]) => chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis', ...args] });
const browsers = await Promise.all(variants.map((variant) => launch(variant.args ?? [])));
try {
  await throttle.setLevel(LEVEL);
  const results = variants.map(() => ({ firstTile: [] as number[], cpu: [] as NonNullable<ReturnType<typeof medianCpu>>[], frames: [] as FrameFigure[] }));
  for (let run = 0; run < RUNS; run++) {
    for (const [i, variant] of variants.entries()) {
      const env: Env = { browser: browsers[i], throttle, level: LEVEL, probe: root.probe, timeoutMs: 60_000 * LEVEL, root: roots[i], ...variant.env };
      const { cold } = await pageRun(env, servers[i], PAGE, 0);
      results[i].firstTile.push(cold.firstTileMs);
      if (cold.cpuBeforeFirstTile) results[i].cpu.push(cold.cpuBeforeFirstTile);
      results[i].frames.push(cold.frames);
      // DETAIL=1: every convlens-dominated long frame of the load, with its scripts.
      if (process.env.DETAIL) {
        for (const frame of cold.longFrames.filter((f) => f.duration >= 50 && frameCosts(f).cause === 'convlens script')) {
          console.log(`  ${variant.name}: ${Math.round(frame.start)} ms +${Math.round(frame.duration)}: ${frame.scripts.map(describeScript).join(' | ')}`);
        }
      }
    }
    console.log(`run ${run + 1}/${RUNS}`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`\n${PAGE === 'demo' ? 'demo page' : 'embed page'} at ${LEVEL}×, ${RUNS} cold loads each, interleaved (${throttle.method})`);
  for (const [i, { name }] of variants.entries()) {
    const r = results[i];
    console.log(`${name.padEnd(28)} first tile ${median(r.firstTile).toFixed(0)} ms (${r.firstTile.map((x) => x.toFixed(0)).join(', ')}); CPU before it: ${formatCpu(medianCpu(r.cpu))}`);
    console.log(`${''.padEnd(28)} cold load: ${formatFrames(summariseFrames(r.frames))}`);
  }
} finally {
  await Promise.all(browsers.map((browser) => browser.close().catch(() => undefined)));
  await throttle.remove();
  await Promise.all(servers.map((server) => server.close()));
  await Promise.all(roots.filter((dir) => dir !== root.dir).map((dir) => rm(dir, { recursive: true, force: true })));
  await root.remove();
}
