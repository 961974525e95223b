/**
 * Slows the whole browser, not just the page's main thread: a cgroup (v1) CPU quota on the
 * Chromium process tree, so the inference worker, the renderer's other threads and the GPU
 * and network processes all get ¼ or ⅙ of one core, as on a weak device. CDP's
 * Emulation.setCPUThrottlingRate slows only the page's main thread, which would flatter a
 * worker design; it is used only when the cgroup cannot be created, and the run says so.
 *
 * The quota period is 24 ms, not the kernel's 100 ms: with a 100 ms period a ¼ quota runs
 * the browser for 25 ms and then freezes it for 75 ms, which turns any short task that
 * straddles a freeze into a "long task" that no slow CPU would show; at 24 ms a freeze
 * lasts at most 20 ms. Shorter periods (12 ms: 2 ms of quota at ⅙) throttle about twice
 * harder than nominal on this kernel, measured with a fixed busy loop; 24 ms is on target.
 */
import { chmod, mkdir, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const CGROUP_ROOT = '/sys/fs/cgroup/cpu';
export const DEFAULT_PERIOD_US = 24_000;

export type ThrottleMethod = 'cgroup' | 'cdp';

export interface Throttle {
  method: ThrottleMethod;
  /** The executable to launch: a wrapper that joins the cgroup, or Chromium itself. */
  executablePath: string;
  /** What the run prints about how it throttles. */
  description: string;
  /** The cgroup's process list (every Chromium process, for bench/proc-cpu.ts); null without a cgroup. */
  cgroupProcs: string | null;
  /** Sets the slow-down for everything launched through `executablePath` (cgroup), or nothing (cdp). */
  setLevel(level: number): Promise<void>;
  /** Applies the level to one page when the method is cdp; a no-op for the cgroup. */
  applyToPage(page: Page, level: number): Promise<void>;
  /** Removes the cgroup and the wrapper. Call after the browser has closed. */
  remove(): Promise<void>;
}

/** A cgroup quota when /sys/fs/cgroup/cpu is writable, CDP otherwise. */
export async function createThrottle(chromiumPath: string, periodUs = DEFAULT_PERIOD_US): Promise<Throttle> {
  const group = join(CGROUP_ROOT, `convlens-bench-${process.pid}`);
  try {
    await mkdir(group);
    await writeFile(join(group, 'cpu.cfs_period_us'), String(periodUs));
    await writeFile(join(group, 'cpu.cfs_quota_us'), '-1');
  } catch (error) {
    await rmdir(group).catch(() => undefined);
    return cdpThrottle(chromiumPath, (error as Error).message);
  }
  const dir = mkdtempSync(join(tmpdir(), 'convlens-bench-'));
  const wrapper = join(dir, 'chromium-in-cgroup.sh');
  // Children inherit the cgroup, so every Chromium process lands in it.
  await writeFile(wrapper, `#!/bin/sh\necho $$ > ${join(group, 'cgroup.procs')}\nexec ${chromiumPath} "$@"\n`);
  await chmod(wrapper, 0o755);
  return {
    method: 'cgroup',
    executablePath: wrapper,
    cgroupProcs: join(group, 'cgroup.procs'),
    description: `cgroup v1 CPU quota on the whole Chromium process tree (${group}, period ${periodUs / 1000} ms; 4× = ¼ core, 6× = ⅙ core)`,
    async setLevel(level) {
      const quota = level <= 1 ? -1 : Math.round(periodUs / level);
      await writeFile(join(group, 'cpu.cfs_quota_us'), String(quota));
    },
    async applyToPage() {},
    async remove() {
      await evacuate(group);
      await rmdir(group).catch((error) => console.warn(`could not remove ${group}: ${error.message}`));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Moves any process still in `group` (a straggler) back to the root so the group can be removed. */
async function evacuate(group: string): Promise<void> {
  const pids = (await readFile(join(group, 'cgroup.procs'), 'utf8').catch(() => '')).split('\n').filter(Boolean);
  for (const pid of pids) await writeFile(join(CGROUP_ROOT, 'cgroup.procs'), pid).catch(() => undefined);
}

function cdpThrottle(chromiumPath: string, reason: string): Throttle {
  return {
    method: 'cdp',
    executablePath: chromiumPath,
    cgroupProcs: null,
    description: `CDP Emulation.setCPUThrottlingRate (cgroup not writable: ${reason}). ` +
      'CAUTION: this slows only the page main thread, not the worker, so it flatters convlens.',
    async setLevel() {},
    async applyToPage(page, level) {
      if (level <= 1) return;
      const session = await page.context().newCDPSession(page);
      await session.send('Emulation.setCPUThrottlingRate', { rate: level });
    },
    async remove() {},
  };
}
