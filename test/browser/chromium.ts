/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs and a
 * fresh profile each launch. Never lets a tool download its own browser.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The features playwright-core turns off itself. Chromium keeps only the last
 * --disable-features switch and ours comes after Playwright's, so they are repeated here
 * (test/chromium-flags.test.ts checks the list against the installed playwright-core).
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync', 'DestroyProfileOnBrowserClose', 'HttpsUpgrades', 'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay', 'MediaRouter', 'PaintHolding', 'ThirdPartyStoragePartitioning', 'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin', 'OptimizationHints', 'NetworkTimeServiceQuerying', 'AimEnabled', 'PreconnectToSearch',
  'msForceBrowserSignIn', 'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * The guide's flags, and two features off: headless Chromium 156 preloads two WebUI omnibox
 * popups, in a renderer of their own, with every new window (each test or benchmark context).
 * That is ~0.7 s of CPU per context, which under the benchmark's quota lands on the page being
 * measured (bench/ab-cold.ts --variant omnibox: first tile 7.6 s → 4.5 s at ¼ core, 2026-12-01).
 * A student's browser builds its address bar once, not with each page it loads.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  disableFeatures(),
];

/** The one --disable-features switch: Playwright's, the omnibox popups, and `more` (a test's own). */
export function disableFeatures(more: string[] = [], omnibox = true): string {
  return `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...(omnibox ? ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup'] : []), ...more].join(',')}`;
}

/** CHROMIUM_FLAGS and `extra`, an extra --disable-features merged into ours (a second switch would replace the first). */
export function withFlags(extra: string[] = []): string[] {
  const prefix = '--disable-features=';
  const more = extra.filter((flag) => flag.startsWith(prefix)).flatMap((flag) => flag.slice(prefix.length).split(','));
  const rest = extra.filter((flag) => !flag.startsWith(prefix));
  return [...CHROMIUM_FLAGS.map((flag) => (flag.startsWith(prefix) ? disableFeatures(more) : flag)), ...rest];
}

/** True when the browser is installed; tests skip with a message otherwise. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launches a persistent context in a new, empty user-data-dir, removed on close. */
export async function launchChromium(extraFlags: string[] = []): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'convlens-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: withFlags(extraFlags),
    viewport: { width: 1100, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

export type { Browser };

/**
 * Launches a browser (Playwright gives it a fresh temporary profile) for tests that need
 * contexts of their own: a phone's viewport with touch, a desktop's.
 */
export async function launchBrowser(extraFlags: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: withFlags(extraFlags) });
}
