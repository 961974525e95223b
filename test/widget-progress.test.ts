import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as dom from './helpers/dom';
import { ProgressPanel } from '../src/views/progress';
import { MESSAGES } from '../src/languages/i18n';

dom.setup();

const panel = suite('status strip');
panel.before.each(dom.reset);

const parts = (p: ProgressPanel) => ({
  bar: p.element.querySelector('progress')!,
  busy: p.element.querySelector<HTMLElement>('.busy')!,
});

panel('shows the busy strip, not an indeterminate <progress>, while a phase has no byte counts', () => {
  const p = new ProgressPanel(MESSAGES.en);
  for (const status of [{ kind: 'backend' }, { kind: 'model' }, { kind: 'decoding' }] as const) {
    p.set(status);
    assert.is(parts(p).busy.hidden, false, status.kind);
    assert.ok(parts(p).bar.hidden, status.kind);
  }
});

panel('shows a real bar once bytes are counted', () => {
  const p = new ProgressPanel(MESSAGES.en);
  p.set({ kind: 'model', loaded: 10, total: 40 });
  assert.is(parts(p).bar.hidden, false);
  assert.is(parts(p).bar.value, 10);
  assert.ok(parts(p).busy.hidden);
  p.set({ kind: 'weights', layer: 'conv2d', loaded: 5, total: 10, allLoaded: 5, allTotal: 100 });
  assert.is(parts(p).bar.max, 100);
  assert.ok(parts(p).busy.hidden);
});

panel('shows neither when idle, after a layer or when done', () => {
  const p = new ProgressPanel(MESSAGES.en);
  for (const status of [{ kind: 'idle' }, { kind: 'layer', layer: 'conv2d', ms: 1 }, { kind: 'done', ms: 5 }] as const) {
    p.set(status);
    assert.ok(parts(p).bar.hidden && parts(p).busy.hidden, status.kind);
  }
});

panel('names the worker script and WASM downloads with their bytes, when the worker counts them', () => {
  const p = new ProgressPanel(MESSAGES.ko);
  const text = () => p.element.querySelector('.status-text')!.textContent;
  p.set({ kind: 'script', loaded: 0, total: 0 });
  assert.is(text(), MESSAGES.ko.scriptLoading, 'no byte count yet: the phase alone');
  assert.is(parts(p).busy.hidden, false);
  p.set({ kind: 'backend', loaded: 102_400, total: 409_600 });
  assert.is(text(), `${MESSAGES.ko.backendLoading} 100.0 KB / 400.0 KB`);
  assert.is(parts(p).bar.hidden, false);
  assert.is(parts(p).bar.value, 102_400);
});

panel('says when the visible work is done and the rest waits, not "loading"', () => {
  const p = new ProgressPanel(MESSAGES.en);
  p.set({ kind: 'visible', ms: 17.2 });
  assert.is(p.element.querySelector('.status-text')!.textContent, MESSAGES.en.visibleDone('17'));
  assert.ok(parts(p).bar.hidden && parts(p).busy.hidden, 'no bar, no moving strip');
  p.set({ kind: 'waiting' });
  assert.is(p.element.querySelector('.status-text')!.textContent, MESSAGES.en.waitingLayers);
  assert.ok(parts(p).bar.hidden && parts(p).busy.hidden);
});

panel('leaves no text of the old language in its live region', () => {
  const p = new ProgressPanel(MESSAGES.ko);
  p.set({ kind: 'layer', layer: 'conv2d', ms: 3 });
  const live = p.element.querySelector('[aria-live]')!;
  assert.is(live.textContent, MESSAGES.ko.layerDone('conv2d', '3.0'));
  p.translate(MESSAGES.en);
  assert.is(live.textContent, MESSAGES.en.layerDone('conv2d', '3.0'));
});

panel.run();
