/**
 * The browser flags: our --disable-features replaces Playwright's own switch (Chromium keeps
 * the last one), so it must repeat every feature the installed playwright-core turns off.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CHROMIUM_FLAGS, PLAYWRIGHT_DISABLED_FEATURES, withFlags } from './browser/chromium';

/** Playwright's list, read from its source: the strings in the `disabledFeatures = [...]` array. */
function playwrightDisabledFeatures(): string[] {
  const root = dirname(createRequire(import.meta.url).resolve('playwright-core/package.json'));
  const bundle = readFileSync(join(root, 'lib', 'coreBundle.js'), 'utf8');
  const array = /disabledFeatures = \[([\s\S]*?)\]/.exec(bundle);
  assert.ok(array, 'playwright-core has no disabledFeatures list where this test looks: read its chromiumSwitches again');
  return [...array[1].replace(/\/\/.*$/gm, '').matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

test("repeats every feature playwright-core turns off, and turns off the omnibox popups", () => {
  const theirs = playwrightDisabledFeatures();
  assert.ok(theirs.length >= 5, `found ${theirs.length} features`);
  assert.equal(theirs.filter((feature) => !PLAYWRIGHT_DISABLED_FEATURES.includes(feature)), [], 'features Playwright turns off that our switch would turn on again');
  const switches = CHROMIUM_FLAGS.filter((flag) => flag.startsWith('--disable-features='));
  assert.is(switches.length, 1, 'one --disable-features switch');
  const ours = switches[0].slice('--disable-features='.length).split(',');
  for (const feature of [...theirs, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup']) assert.ok(ours.includes(feature), feature);
});

test("a test's own --disable-features is merged into the one switch, not appended after it", () => {
  const flags = withFlags(['--disable-features=LocalNetworkAccessChecks,Foo', '--disable-3d-apis']);
  const switches = flags.filter((flag) => flag.startsWith('--disable-features='));
  assert.is(switches.length, 1);
  const features = switches[0].split('=')[1].split(',');
  for (const feature of ['LocalNetworkAccessChecks', 'Foo', 'WebUIOmniboxPopup', 'PaintHolding']) assert.ok(features.includes(feature), feature);
  assert.ok(flags.includes('--disable-3d-apis') && flags.includes('--headless'));
});

test.run();
