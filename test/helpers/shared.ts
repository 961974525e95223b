/**
 * ../shared holds data that tests read but the repository must never contain (CIFAR-10,
 * fixture models, photos). Tests call sharedPath() and skip with a message when absent.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SHARED_DIR = fileURLToPath(new URL('../../../shared/', import.meta.url));

/** Absolute path of `relative` inside ../shared, or null when it is not there. */
export function sharedPath(relative: string): string | null {
  const path = SHARED_DIR + relative;
  return existsSync(path) ? path : null;
}
