/**
 * Debian's Chromium driven by playwright-core, with the flags this machine needs and a
 * fresh profile each launch. Never lets a tool download its own browser.
 */
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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
    args: [...CHROMIUM_FLAGS, ...extraFlags],
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
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_FLAGS, ...extraFlags] });
}
