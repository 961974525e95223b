import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cpuBetween, processKind, rendererThreadPart, statCpuMs, type CpuSnapshot } from '../bench/proc-cpu';

/** A /proc/<pid>/stat line as the kernel writes it, with utime and stime at fields 14 and 15. */
function statLine(pid: number, comm: string, utime: number, stime: number): string {
  const fields = ['S', '1', String(pid), String(pid), '0', '-1', '4194560', '100', '0', '0', '0', String(utime), String(stime), '0', '0', '20', '0', '12'];
  return `${pid} (${comm}) ${fields.join(' ')} 0 123456 1000000 200 18446744073709551615`;
}

test('statCpuMs reads utime + stime in clock ticks, with spaces and parentheses in the thread name', () => {
  assert.is(statCpuMs(statLine(42, 'chromium', 30, 12), 100), 420);
  assert.is(statCpuMs(statLine(43, 'DedicatedWorker thread) (x', 5, 1), 100), 60);
  assert.is(statCpuMs(statLine(44, 'a', 7, 3), 250), 40);
});

test('processKind from the command line: browser, renderer, gpu, the network service and other utilities', () => {
  const cmd = (...args: string[]) => ['/usr/lib/chromium/chromium', ...args].join('\0') + '\0';
  assert.is(processKind(cmd('--headless', '--remote-debugging-pipe')), 'browser');
  assert.is(processKind(cmd('--type=renderer', '--lang=en-US')), 'renderer');
  assert.is(processKind(cmd('--type=gpu-process')), 'gpu');
  assert.is(processKind(cmd('--type=utility', '--utility-sub-type=network.mojom.NetworkService')), 'network');
  assert.is(processKind(cmd('--type=utility', '--utility-sub-type=storage.mojom.StorageService')), 'utility');
  assert.is(processKind(cmd('--type=zygote')), 'other');
  // A zygote child's title, rewritten as one string with spaces.
  assert.is(processKind('/usr/lib/chromium/chromium --type=renderer --lang=en-US --num-raster-threads=1\0\0\0'), 'renderer');
  assert.is(processKind('/usr/lib/chromium/chromium --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US'), 'network');
  assert.is(processKind(''), 'other');
  assert.is(processKind(['/usr/lib/chromium/chrome_crashpad_handler', '--monitor-self'].join('\0')), 'other');
});

test('renderer threads: the main thread is the process itself, DedicatedWorker threads are workers', () => {
  assert.is(rendererThreadPart(100, 100, 'chromium'), 'renderer main');
  assert.is(rendererThreadPart(101, 100, 'DedicatedWorker'), 'renderer workers');
  assert.is(rendererThreadPart(102, 100, 'Compositor'), 'renderer compositor');
  assert.is(rendererThreadPart(103, 100, 'CompositorTileW'), 'renderer compositor');
  assert.is(rendererThreadPart(104, 100, 'ThreadPoolForeg'), 'renderer pool');
  assert.is(rendererThreadPart(105, 100, 'Chrome_ChildIOT'), 'renderer other');
});

test('cpuBetween: deltas per part; new processes count in full; exited renderer threads count as renderer other', () => {
  const before: CpuSnapshot = { at: 0, processes: new Map([
    [1, { kind: 'browser', ms: 1000, threads: new Map() }],
    [2, { kind: 'renderer', ms: 300, threads: new Map([[2, { part: 'renderer main', ms: 200 }], [5, { part: 'renderer other', ms: 100 }]]) }],
  ]) };
  const after: CpuSnapshot = { at: 1, processes: new Map([
    [1, { kind: 'browser', ms: 1140, threads: new Map() }],
    // Main +290, a new worker thread 70, thread 5 +10; the process +420, so 50 ms were in threads gone meanwhile.
    [2, { kind: 'renderer', ms: 720, threads: new Map([[2, { part: 'renderer main', ms: 490 }], [5, { part: 'renderer other', ms: 110 }], [9, { part: 'renderer workers', ms: 70 }]]) }],
    [3, { kind: 'network', ms: 130, threads: new Map() }],
  ]) };
  const cpu = cpuBetween(before, after);
  assert.is(cpu.browser, 140);
  assert.is(cpu['renderer main'], 290);
  assert.is(cpu['renderer workers'], 70);
  assert.is(cpu['renderer other'], 10 + 50);
  assert.is(cpu.network, 130);
  assert.is(cpu.gpu, 0);
  assert.is(cpu.total, 140 + 290 + 70 + 60 + 130);
});

test.run();
