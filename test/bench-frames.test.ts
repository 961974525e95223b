import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { frameCosts, framesIn, isConvlensScript, summariseFrames, type FrameScript, type LongFrame } from '../bench/frames';

const script = (over: Partial<FrameScript>): FrameScript => ({
  sourceURL: '', invoker: '', invokerType: 'event-listener', duration: 0, forcedStyleAndLayoutDuration: 0, ...over,
});
const frame = (start: number, duration: number, scripts: FrameScript[], styleAndLayoutStart = 0): LongFrame => ({
  start, duration, blockingDuration: Math.max(0, duration - 50), renderStart: styleAndLayoutStart, styleAndLayoutStart, scripts,
});

test('convlens script: its own file (query and hash ignored), or a handler it installed; not a file merely named like it', () => {
  assert.ok(isConvlensScript(script({ sourceURL: 'http://localhost:8080/convlens.js' })));
  assert.ok(isConvlensScript(script({ sourceURL: 'https://cdn.example/convlens/dist/convlens.js?v=3#x', invoker: 'Worker.onmessage' })));
  assert.ok(isConvlensScript(script({ sourceURL: '', invoker: 'http://localhost/convlens.js', invokerType: 'module-script' })));
  assert.not.ok(isConvlensScript(script({ sourceURL: 'http://localhost/demo.js', invoker: 'Worker.onmessage' })));
  assert.not.ok(isConvlensScript(script({ sourceURL: 'http://localhost/notconvlens.js' })));
  // Its chunks are its own too (the paint scheduler's frame callbacks run from one).
  assert.ok(isConvlensScript(script({ sourceURL: 'http://localhost/chunks/chunk-N3Q5ZUGE.js', invoker: 'FrameRequestCallback' })));
  assert.ok(isConvlensScript(script({ sourceURL: 'https://cdn.example/convlens/dist/chunks/instruments-XPC7LCJN.js?v=1' })));
  assert.not.ok(isConvlensScript(script({ sourceURL: 'http://localhost/vendor/chunks.js' })));
  assert.not.ok(isConvlensScript(script({ sourceURL: '', invoker: 'PerformanceObserverCallback', invokerType: 'user-callback' })));
});

test('a frame is split into convlens script, other script and the rest, and blamed on the largest', () => {
  // 120 ms frame: convlens 70 (of it 10 forced layout), the page 20, the rest 30; style+layout from 90 to the end at 120.
  const costs = frameCosts(frame(0, 120, [
    script({ sourceURL: 'http://h/convlens.js', duration: 50, forcedStyleAndLayoutDuration: 10 }),
    script({ sourceURL: 'http://h/convlens.js', invoker: 'Worker.onmessage', duration: 20 }),
    script({ sourceURL: 'http://h/page.html', invokerType: 'classic-script', duration: 20 }),
  ], 90));
  assert.equal(costs, {
    convlensScriptMs: 70, otherScriptMs: 20, forcedStyleAndLayoutMs: 10, renderingMs: 30, styleAndLayoutMs: 30, cause: 'convlens script',
  });
});

test('a frame with no listed script, or where the browser dominates, is rendering; a tie is not blamed on the script', () => {
  assert.is(frameCosts(frame(10, 80, [])).cause, 'rendering');
  assert.is(frameCosts(frame(10, 80, [])).renderingMs, 80);
  assert.is(frameCosts(frame(0, 100, [script({ sourceURL: 'http://h/convlens.js', duration: 50 })])).cause, 'rendering');
  assert.is(frameCosts(frame(0, 100, [script({ sourceURL: 'http://h/demo.js', duration: 60 })])).cause, 'other script');
});

test('framesIn keeps frames of 50 ms or more starting inside the window and counts them by cause', () => {
  const frames = [
    frame(5, 200, [script({ sourceURL: 'http://h/convlens.js', duration: 150 })]),
    frame(300, 60, []),
    frame(400, 49, [script({ sourceURL: 'http://h/convlens.js', duration: 49 })]), // under 50 ms: not long
    frame(500, 90, [script({ sourceURL: 'http://h/x.js', duration: 80 })]),
    frame(2000, 300, []), // after the window
  ];
  const f = framesIn(frames, 0, 1000);
  assert.is(f.count, 3);
  assert.equal(f.byCause, { 'convlens script': 1, 'other script': 1, rendering: 1 });
  assert.is(f.longestMs, 200);
  assert.is(f.longestConvlensMs, 200);
  assert.is(f.convlensScriptMs, 150);
  assert.is(f.otherScriptMs, 80);
  assert.is(f.renderingMs, 50 + 60 + 10);
  assert.is(f.longest?.scripts.length, 1);
});

test('summariseFrames: medians over runs, the worst run for convlens, the longest frame of all', () => {
  const quiet = framesIn([frame(0, 70, [])], 0, 1e9);
  const busy = framesIn([frame(0, 90, [script({ sourceURL: 'http://h/convlens.js', duration: 80 })]), frame(200, 55, [script({ sourceURL: 'http://h/convlens.js', duration: 50 })])], 0, 1e9);
  const s = summariseFrames([quiet, busy, quiet]);
  assert.is(s.runs, 3);
  assert.is(s.count, 1);
  assert.is(s.convlensScript, 0);
  assert.is(s.convlensScriptMax, 2);
  assert.is(s.longestConvlensMs, 90);
  assert.is(s.longestMs, 90);
  assert.is(s.longest?.duration, 90);
  assert.is(summariseFrames([]).runs, 0);
});

test.run();
