/**
 * CPU time of the throttled Chromium tree, per process kind, read from /proc: under a cgroup
 * quota every thread is throttled all the time, so the time to the first tile is about the
 * CPU spent before it divided by the quota, and this is where that CPU goes. The processes
 * are the cgroup's (cgroup.procs); a process's time is utime + stime of /proc/<pid>/stat
 * (its threads, the exited ones too); the renderer's main thread and its DedicatedWorker
 * threads are told apart by /proc/<pid>/task/<tid>/comm and timed from their own stat.
 * Parsers are pure and tested (test/bench-proc-cpu.test.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export type ProcessKind = 'browser' | 'renderer' | 'gpu' | 'network' | 'utility' | 'other';
/**
 * Where the CPU went: process kinds, with the renderers split by thread: main thread,
 * DedicatedWorker threads (the inference worker), the compositor and its raster workers,
 * the thread pool (V8's background compiles of scripts and WASM, decoding) and the rest.
 */
export type CpuPart = Exclude<ProcessKind, 'renderer'> | 'renderer main' | 'renderer workers' | 'renderer compositor' | 'renderer pool' | 'renderer other';
export const CPU_PARTS: CpuPart[] = [
  'renderer main', 'renderer workers', 'renderer compositor', 'renderer pool', 'renderer other', 'browser', 'gpu', 'network', 'utility', 'other',
];

/** Clock ticks per second (USER_HZ) of /proc's stat times. */
const TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime in ms from a /proc/<pid>/stat or task stat line (the comm field may hold spaces and parentheses). */
export function statCpuMs(stat: string, ticksPerSecond = TICKS): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ", field 3 (state) is index 0: utime is field 14, stime field 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / ticksPerSecond;
}

/**
 * The kind of a Chromium process from its command line: NUL-separated, or one string with
 * spaces for the zygote's children, which rewrite their title (setproctitle).
 */
export function processKind(cmdline: string): ProcessKind {
  const args = cmdline.split(/[\0 ]/);
  const type = args.find((a) => a.startsWith('--type='))?.slice('--type='.length);
  // The crash reporter (chrome_crashpad_handler) has no --type either, but is not the browser.
  if (type === undefined) return args[0] && !args[0].includes('crashpad') ? 'browser' : 'other';
  if (type === 'renderer') return 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility') return args.some((a) => a.includes('network.mojom.NetworkService')) ? 'network' : 'utility';
  return 'other';
}

/** The part a renderer thread belongs to, by its thread name. */
export function rendererThreadPart(tid: number, pid: number, comm: string): CpuPart {
  if (tid === pid) return 'renderer main';
  if (comm.startsWith('DedicatedWorker')) return 'renderer workers';
  if (comm.startsWith('Compositor')) return 'renderer compositor';
  if (comm.startsWith('ThreadPool')) return 'renderer pool';
  return 'renderer other';
}

/** CPU ms per part at one moment; keyed by pid (and tid) so a later snapshot can be subtracted. */
export interface CpuSnapshot { at: number; processes: Map<number, { kind: ProcessKind; ms: number; threads: Map<number, { part: CpuPart; ms: number }> }> }

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** Reads every process of `cgroupProcs` (a cgroup.procs file) now. A process gone meanwhile is left out. */
export function snapshotCpu(cgroupProcs: string): CpuSnapshot {
  const processes: CpuSnapshot['processes'] = new Map();
  const pids = (read(cgroupProcs) ?? '').split('\n').filter(Boolean).map(Number);
  for (const pid of pids) {
    const stat = read(`/proc/${pid}/stat`);
    const cmdline = read(`/proc/${pid}/cmdline`);
    if (stat === null || cmdline === null) continue;
    const kind = processKind(cmdline);
    const threads = new Map<number, { part: CpuPart; ms: number }>();
    if (kind === 'renderer') {
      let tids: string[] = [];
      try {
        tids = readdirSync(`/proc/${pid}/task`);
      } catch { /* gone */ }
      for (const tid of tids.map(Number)) {
        const taskStat = read(join(`/proc/${pid}/task`, String(tid), 'stat'));
        const comm = read(join(`/proc/${pid}/task`, String(tid), 'comm'));
        if (taskStat !== null && comm !== null) threads.set(tid, { part: rendererThreadPart(tid, pid, comm.trim()), ms: statCpuMs(taskStat) });
      }
    }
    processes.set(pid, { kind, ms: statCpuMs(stat), threads });
  }
  return { at: Date.now(), processes };
}

export type CpuByPart = Record<CpuPart, number> & { total: number };

/**
 * CPU ms spent between two snapshots, per part. A process (or thread) new in `after`
 * counts in full; one that ended before `after` is lost (none should, within one load).
 * A renderer's threads that exited meanwhile count as "renderer other".
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuByPart {
  const parts = Object.fromEntries(CPU_PARTS.map((part) => [part, 0])) as CpuByPart;
  for (const [pid, process] of after.processes) {
    const earlier = before.processes.get(pid);
    const spent = process.ms - (earlier?.ms ?? 0);
    if (process.kind !== 'renderer') {
      parts[process.kind as Exclude<ProcessKind, 'renderer'>] += spent;
      continue;
    }
    let threadsSpent = 0;
    for (const [tid, thread] of process.threads) {
      const delta = thread.ms - (earlier?.threads.get(tid)?.ms ?? 0);
      parts[thread.part] += delta;
      threadsSpent += delta;
    }
    parts['renderer other'] += Math.max(0, spent - threadsSpent);
  }
  parts.total = CPU_PARTS.reduce((sum, part) => sum + parts[part], 0);
  return parts;
}

/** Median per part over runs. */
export function medianCpu(runs: CpuByPart[]): CpuByPart | null {
  if (runs.length === 0) return null;
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  return Object.fromEntries([...CPU_PARTS, 'total'].map((part) => [part, median(runs.map((r) => r[part as CpuPart]))])) as CpuByPart;
}

/** "total 700 ms: renderer main 290, renderer workers 70, …" (parts under 1 ms left out). */
export function formatCpu(cpu: CpuByPart | null): string {
  if (!cpu) return 'not measured (no cgroup)';
  const parts = CPU_PARTS.filter((part) => cpu[part] >= 1).map((part) => `${part} ${Math.round(cpu[part])}`);
  return `${Math.round(cpu.total)} ms (${parts.join(', ')})`;
}

/** Snapshots at navigation start (`start()`) and when the page calls `__benchFirstTile()` (the probe does, at its first tile). */
export interface CpuWatch {
  start(): void;
  /**
   * Resolves when the page calls the binding after start(), or rejects after `ms`. Waiting on
   * it instead of polling keeps Playwright's own script out of the page until the first tile.
   */
  reached(ms: number): Promise<void>;
  /** CPU per part from start() to the first tile; null without a cgroup or before the first tile. */
  firstTile(): CpuByPart | null;
}

/** Exposes the `__benchFirstTile` binding in `context`; call before its pages are created. */
export async function watchCpu(context: BrowserContext, cgroupProcs: string | null): Promise<CpuWatch> {
  let before: CpuSnapshot | null = null;
  let atFirstTile: CpuSnapshot | null = null;
  let called = false;
  let wake = () => {};
  await context.exposeBinding('__benchFirstTile', () => {
    // Synchronous reads in the binding's callback: /proc is read the moment the message arrives.
    if (cgroupProcs && before && !atFirstTile) atFirstTile = snapshotCpu(cgroupProcs);
    called = true;
    wake();
  });
  return {
    start() {
      if (cgroupProcs) before = snapshotCpu(cgroupProcs);
      atFirstTile = null;
      called = false;
    },
    reached: (ms) => new Promise<void>((resolve, reject) => {
      if (called) return resolve();
      const timer = setTimeout(() => reject(new Error(`no first tile within ${ms} ms`)), ms);
      wake = () => (clearTimeout(timer), resolve());
    }),
    firstTile: () => (before && atFirstTile ? cpuBetween(before, atFirstTile) : null),
  };
}
