/**
 * The setting of the one-load tools (timeline, profile-cold, profile-js): the bench root
 * served, one Chromium under the cgroup quota at `level`, and a clean-up that also runs on
 * Ctrl-C or `timeout`, so no cgroup or server is left behind.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/browser/chromium';
import { prepareRoot, type BenchRoot } from './root';
import { startServerProcess } from './server-process';
import { createThrottle, type Throttle } from './throttle';
import { VIEWPORT } from './scenarios';

export interface OneBrowser { root: BenchRoot; server: { url: string }; throttle: Throttle; browser: Browser }

/** Runs `work` with the setting ready, then takes it down. */
export async function withOneBrowser(level: number, isolated: boolean | 'auto', work: (setting: OneBrowser) => Promise<void>): Promise<void> {
  const root = await prepareRoot();
  const server = await startServerProcess({ isolated, root: root.dir });
  const throttle = await createThrottle(CHROMIUM_PATH);
  const browser = await chromium.launch({ executablePath: throttle.executablePath, args: [...CHROMIUM_FLAGS, '--disable-3d-apis'] });
  const cleanUp = async () => {
    await browser.close().catch(() => undefined);
    await throttle.remove();
    await server.close();
    await root.remove();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().then(() => process.exit(130)));
  try {
    await throttle.setLevel(level);
    await work({ root, server, throttle, browser });
  } finally {
    await cleanUp();
  }
}

/** A fresh context's page with the probe, and V8's sampling profiler enabled at `intervalUs` (not started). */
export async function profiledPage({ browser, root }: OneBrowser, intervalUs: number): Promise<{ page: Page; cdp: CDPSession }> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  await context.addInitScript({ content: root.probe });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
  return { page, cdp };
}
