/**
 * ../shared holds data that tests read but the repository must never contain (CIFAR-10,
 * fixture models, photos). Tests call sharedPath() and skip with a message when absent.
 * CONVLENS_SHARED=DIR points the tests at another folder (an empty one: every test that
 * needs the data skips), which is how test/runner.test.ts checks the skip counts.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const given = process.env.CONVLENS_SHARED;
export const SHARED_DIR = given ? (given.endsWith('/') ? given : `${given}/`) : fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Absolute path of `relative` inside ../shared, or null when it is not there. */
export function sharedPath(relative: string): string | null {
  const path = SHARED_DIR + relative;
  return existsSync(path) ? path : null;
}
