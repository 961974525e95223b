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

panel.run();
