/**
 * How many times the page's renderer asks the browser process for a font before the first
 * tile. On Linux and ChromeOS each is a synchronous call in the middle of layout (Windows has
 * its own font proxy): FontDataService for each family of a stack that the renderer meets,
 * FontService for each strike it draws with (family, size, weight; one size and one weight for
 * every text of the page gives 1). Under a ¼-core quota each costs 25-90 ms of the first
 * tile, as the renderer waits for the browser's turn (a trace of the demo, 2026-12-01: one
 * layout of 1.27 s of wall time, 34 ms of its own CPU, 28 such calls). The count does not depend
 * on speed, so this runs at full speed; `bench/ab-cold.ts` says what a change is worth in time.
 *
 *   tsx bench/font-lookups.ts [--dist DIR]     DIR: another build (a dist/ copied aside); default dist/
 */
import { chromium } from 'playwright-core';
import { cp } from 'node:fs/promises';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/chromium';
import { DEMO_PAGE, EMBED_PAGE, prepareRoot } from './root';
import { startServerProcess } from './server-process';
import { VIEWPORT } from './scenarios';

interface TraceEvent { name: string; ts: number; args?: { chrome_mojo_event_info?: { mojo_interface_tag?: string } } }

const distAt = process.argv.indexOf('--dist');
const root = await prepareRoot();
if (distAt > 0) await cp(process.argv[distAt + 1], root.dir, { recursive: true, force: true });
const server = await startServerProcess({ isolated: false, root: root.dir });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_FLAGS, '--disable-3d-apis'] });
try {
  for (const [name, path] of [['demo page (Korean)', DEMO_PAGE], ['demo page in English', `${DEMO_PAGE}?lang=en`], ['embed page (English)', EMBED_PAGE]]) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript({ content: root.probe });
    const page = await context.newPage();
    await browser.startTracing(page, { categories: ['toplevel', 'mojom', 'blink.user_timing'] });
    await page.goto(server.url + path);
    await page.waitForFunction("document.querySelector('conv-lens')?.shadowRoot?.querySelector('[data-painted]:not([data-painted=\"0\"])')", null, { timeout: 60_000, polling: 100 });
    const events = (JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] }).traceEvents;
    const firstTile = events.find((e) => e.name === 'first-tile')?.ts ?? Infinity;
    const calls = new Map<string, number>();
    for (const event of events) {
      const tag = event.args?.chrome_mojo_event_info?.mojo_interface_tag ?? '';
      if (event.name !== 'Receive mojo message' || !/^font/.test(tag) || event.ts > firstTile) continue;
      const kind = tag.split('.').pop()!;
      calls.set(kind, (calls.get(kind) ?? 0) + 1);
    }
    const total = [...calls.values()].reduce((a, b) => a + b, 0);
    console.log(`${name.padEnd(22)} ${String(total).padStart(3)} font calls before the first tile (${[...calls].map(([kind, n]) => `${kind} ${n}`).join(', ') || 'none'})`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await root.remove();
}
