/**
 * The setting most browser suites of the demo page share: the built dist/ served by serve.mjs
 * and one Chromium, opened before the suite's tests and closed after them. Without Chromium the
 * suite is reported skipped (test/helpers/skip.ts) and registers no test.
 */
import * as assert from 'uvu/assert';
import type { Test } from 'uvu';
import { existsSync } from 'node:fs';
import { startServer } from '../../serve.mjs';
import { CHROMIUM_PATH, hasChromium, launchChromium, type LaunchedBrowser } from './chromium';
import { skipPart } from '../helpers/skip';

export interface ServedDemo { browser: LaunchedBrowser; server: Awaited<ReturnType<typeof startServer>> }

/**
 * Registers the suite's before/after hooks and returns the setting they fill in, or null (and a
 * SKIP line naming `what`) when there is no Chromium. `isolated` as startServer's option.
 */
export function servedDemo(test: Test, what: string, isolated?: boolean | 'auto'): ServedDemo | null {
  if (!hasChromium()) {
    skipPart(`${what} browser test: no Chromium at ${CHROMIUM_PATH}`);
    return null;
  }
  const setting = {} as ServedDemo;
  test.before(async () => {
    assert.ok(existsSync(new URL('../../dist/convlens.js', import.meta.url)), 'dist/convlens.js is missing: run node build.mjs first');
    setting.server = await startServer(isolated === undefined ? {} : { isolated });
    setting.browser = await launchChromium();
  });
  test.after(async () => {
    await setting.browser?.close();
    await setting.server?.close();
  });
  return setting;
}
