/**
 * Bringing your own model, the page's side, in Node with happy-dom: photo or model for
 * dropped files, the session's memory of card answers, the model card's DOM, and the
 * controller that loads given files and switches the widget (over a fake worker).
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as dom from './helpers/dom';
import { MESSAGES } from '../src/languages/i18n';
import {
  CARD_PREFIX, checkClassNames, classCount, filesOf, forgetCards, indexNames, isPhotoFile, looksLikeImage, parseClassNames,
  recallCard, rememberCard, routeFiles,
} from '../src/inputs/model-files';
import { ModelCard, PIXEL_SCALES, scaleKind } from '../src/views/model-card';
import { OwnModel, modelLabel, type OwnModelHost } from '../src/element/own-model';
import type { CardAnswer } from '../src/inputs/model-files';
import type { ModelMetadata, ModelSummary } from '../worker/contract';

const EVIL = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const HDF5 = new Uint8Array([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const text = (s: string) => new TextEncoder().encode(s);
const file = (bytes: Uint8Array, name: string, type = '') => new File([bytes as Uint8Array<ArrayBuffer>], name, { type });

/** LeNet-like summary with `classes` outputs and the given metadata. */
function summaryOf(metadata: ModelMetadata, classes = 10): ModelSummary {
  return {
    modelName: 'lenet', totalParams: 10, trainableParams: 10, nonTrainableParams: 0, weightBytes: 40, inputShape: [28, 28, 1],
    defaultLayers: ['Conv2D_1'], metadata,
    rows: [
      { name: 'Conv2D_1', type: 'Conv2D', outputShape: [null, 24, 24, 6], params: 156, drawable: true },
      { name: 'Softmax', type: 'Activation', outputShape: [null, classes], params: 0, drawable: false },
    ],
  };
}
const UNKNOWN = (): ModelMetadata => ({ classNames: null, pixelScale: 1, known: false });

/** A Storage over a Map; `broken` makes every call throw (storage disabled). */
function memoryStorage(broken = false): Storage {
  const map = new Map<string, string>();
  const check = () => {
    if (broken) throw new DOMException('denied', 'SecurityError');
  };
  return {
    get length() { return map.size; },
    clear: () => map.clear(),
    key: (i: number) => [...map.keys()][i] ?? null,
    getItem: (k: string) => (check(), map.get(k) ?? null),
    setItem: (k: string, v: string) => (check(), void map.set(k, v)),
    removeItem: (k: string) => void map.delete(k),
  };
}

const route = suite('routeFiles');

route('sends photos typed image/* to the photo path, the first one only', async () => {
  const cat = file(PNG, 'cat.png', 'image/png');
  const dog = file(PNG, 'dog.jpg', 'image/jpeg');
  assert.equal(await routeFiles([cat, dog]), { kind: 'photo', file: cat });
});

route('sends everything else, together, to the model path whatever the names', async () => {
  const json = file(text('{"format":"layers-model"}'), 'model.json', 'application/json');
  const shard = file(new Uint8Array([1, 2, 3, 4]), 'group1-shard1of1');
  assert.equal(await routeFiles([json, shard]), { kind: 'model', files: [json, shard] });
  const h5 = file(HDF5, 'mnist.h5');
  assert.equal(await routeFiles([h5]), { kind: 'model', files: [h5] });
  const notes = file(text('lecture notes'), 'notes.txt', 'text/plain');
  assert.equal(await routeFiles([notes]), { kind: 'model', files: [notes] });
  const renamed = file(HDF5, 'weights.png.h5', 'application/x-hdf5');
  assert.is((await routeFiles([renamed]))!.kind, 'model');
});

route('sends a photo and a text file dropped together to the model path (it refuses them)', async () => {
  const cat = file(PNG, 'cat.png', 'image/png');
  const notes = file(text('x'), 'notes.txt', 'text/plain');
  assert.equal(await routeFiles([cat, notes]), { kind: 'model', files: [cat, notes] });
});

route('recognises an untyped file by its bytes, and only then by an image name', async () => {
  assert.is((await routeFiles([file(PNG, 'pasted')]))!.kind, 'photo');
  assert.is((await routeFiles([file(HDF5, 'photo.jpg')]))!.kind, 'photo', 'an image name keeps an unrecognised file on the photo path');
  assert.is((await routeFiles([file(text('not a photo'), 'notes.jpg')]))!.kind, 'photo', 'so it gets the photo refusal');
  assert.is((await routeFiles([file(text('{}'), 'my_model')]))!.kind, 'model');
  assert.is(await routeFiles([]), null);
});

route('knows the magic numbers of PNG, JPEG, GIF, WebP and BMP', () => {
  assert.ok(looksLikeImage(PNG));
  assert.ok(looksLikeImage(new Uint8Array([0xff, 0xd8, 0xff, 0xe0])));
  assert.ok(looksLikeImage(text('GIF89a')));
  assert.ok(looksLikeImage(text('RIFF\0\0\0\0WEBPVP8 ')));
  assert.ok(looksLikeImage(text('BM')));
  assert.not.ok(looksLikeImage(HDF5));
  assert.not.ok(looksLikeImage(text('PK\x03\x04')));
  assert.ok(isPhotoFile({ type: 'image/heic', name: 'x.heic' }, new Uint8Array(0)));
  assert.not.ok(isPhotoFile({ type: 'application/octet-stream', name: 'x.png' }, PNG), 'a MIME type, when given, decides');
});

route.run();

const transfer = suite('filesOf');

transfer('takes only the file items of a drop or paste (a copied web image also brings HTML)', () => {
  const image = file(PNG, 'image.png', 'image/png');
  const items = [
    { kind: 'string', getAsFile: () => null },
    { kind: 'file', getAsFile: () => image },
  ] as unknown as DataTransferItemList;
  assert.equal(filesOf({ items, files: [] as unknown as FileList }), [image]);
  assert.equal(filesOf({ items: undefined as unknown as DataTransferItemList, files: [image] as unknown as FileList }), [image]);
  assert.equal(filesOf(null), []);
});

transfer.run();

const names = suite('class names');

names('counts classes from the last layer and names them by index by default', () => {
  assert.is(classCount(summaryOf(UNKNOWN(), 10)), 10);
  assert.is(classCount({ rows: [] }), null);
  assert.equal(indexNames(3), ['0', '1', '2']);
});

names('parses comma-separated names, and checks their number', () => {
  assert.equal(parseClassNames(' cat, dog ,bird '), ['cat', 'dog', 'bird']);
  assert.equal(parseClassNames('   '), []);
  assert.equal(checkClassNames(['cat', 'dog'], 2), { names: ['cat', 'dog'] });
  assert.equal(checkClassNames(['0', '1', '2'], 3), { names: null }, 'indices are the worker’s default');
  assert.equal(checkClassNames(['cat'], 2), { error: 'count' });
  assert.equal(checkClassNames(['cat', ''], 2), { error: 'empty' });
});

names.run();

const memory = suite('card memory');
memory.before.each(forgetCards);

memory('remembers an answer per model key in sessionStorage', () => {
  const storage = memoryStorage();
  const answer: CardAnswer = { pixelScale: 1 / 255, classNames: ['a', 'b'] };
  rememberCard('convlens-file://0123abcd/mnist.h5', answer, storage);
  assert.is(storage.getItem(`${CARD_PREFIX}convlens-file://0123abcd/mnist.h5`), JSON.stringify(answer));
  assert.equal(recallCard('convlens-file://0123abcd/mnist.h5', storage), answer);
  forgetCards();
  assert.equal(recallCard('convlens-file://0123abcd/mnist.h5', storage), answer, 'read back from storage');
  assert.is(recallCard('convlens-file://ffffffff/other.h5', storage), null);
});

memory('ignores what is stored when it is not an answer', () => {
  const storage = memoryStorage();
  for (const value of ['{', '{"pixelScale":0,"classNames":null}', '{"pixelScale":1,"classNames":[1]}', '[]']) {
    storage.setItem(`${CARD_PREFIX}k`, value);
    assert.is(recallCard('k', storage), null, value);
  }
});

memory('keeps answers in memory where storage throws (a sandboxed iframe)', () => {
  const broken = memoryStorage(true);
  rememberCard('k', { pixelScale: 1, classNames: null }, broken);
  assert.equal(recallCard('k', broken), { pixelScale: 1, classNames: null });
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'sessionStorage');
  Object.defineProperty(globalThis, 'sessionStorage', { configurable: true, get() { throw new DOMException('denied', 'SecurityError'); } });
  try {
    rememberCard('k2', { pixelScale: 1 / 255, classNames: ['x'] });
    assert.equal(recallCard('k2'), { pixelScale: 1 / 255, classNames: ['x'] });
  } finally {
    if (descriptor) Object.defineProperty(globalThis, 'sessionStorage', descriptor);
    else delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  }
});

memory.run();

const card = suite('ModelCard');
card.before(() => void dom.setup());
card.after(() => dom.teardown());
card.before.each(() => {
  dom.reset();
  delete (globalThis as { pwned?: number }).pwned;
});

function makeCard() {
  const applied: CardAnswer[] = [];
  const picked: File[][] = [];
  const view = new ModelCard({ messages: MESSAGES.en, onApply: (a) => applied.push(a), onFiles: (f) => picked.push(f) });
  document.body.append(view.element);
  const $ = <T extends Element>(selector: string) => view.element.querySelector<T>(selector)!;
  const submit = () => $('form.card-ask').dispatchEvent(new Event('submit', { cancelable: true }));
  return { view, applied, picked, $, submit };
}

card('asks, with 0–255 and index names as defaults, when the model does not know its metadata', () => {
  const { view, applied, $, submit } = makeCard();
  view.show(summaryOf(UNKNOWN()), 'mnist.h5', false);
  assert.ok(view.asking);
  assert.not.ok($<HTMLFormElement>('form.card-ask').hidden);
  assert.ok($<HTMLElement>('.card-known').hidden);
  assert.is($('.card-headline').textContent, 'This model does not say how its pixels were scaled or what its classes are');
  assert.ok($<HTMLInputElement>('input[value=raw]').checked);
  assert.is($('input[value=raw]').parentElement!.textContent, ' 0–255 (raw pixels, as in the lecture)');
  assert.is($<HTMLInputElement>('.class-names').value, '0, 1, 2, 3, 4, 5, 6, 7, 8, 9');
  submit();
  assert.equal(applied, [{ pixelScale: 1, classNames: null }]);
});

card('applies 0–1 and the class names typed', () => {
  const { view, applied, $, submit } = makeCard();
  view.show(summaryOf(UNKNOWN(), 3), 'x.h5', false);
  $<HTMLInputElement>('input[value=unit]').checked = true;
  $<HTMLInputElement>('.class-names').value = 'cat, dog, bird';
  submit();
  assert.equal(applied, [{ pixelScale: PIXEL_SCALES.unit, classNames: ['cat', 'dog', 'bird'] }]);
});

card('says so, and applies nothing, when the number of names is wrong', () => {
  const { view, applied, $, submit } = makeCard();
  view.show(summaryOf(UNKNOWN(), 3), 'x.h5', false);
  $<HTMLInputElement>('.class-names').value = 'cat, dog';
  submit();
  assert.equal(applied, []);
  assert.not.ok($<HTMLElement>('.card-error').hidden);
  assert.is($('.card-error').textContent, 'The model has 3 classes, but 2 names were given.');
  assert.is($('.class-names').getAttribute('aria-invalid'), 'true');
});

card('shows a known model card read-only: classes, pixel scale and source', () => {
  const { view, $ } = makeCard();
  const metadata = { classNames: ['airplane', 'automobile', 'bird'], pixelScale: 1 / 255, source: 'cifar10.h5' };
  view.show(summaryOf(metadata, 3), 'cifar10/model.json', false);
  assert.not.ok(view.asking);
  assert.ok($<HTMLFormElement>('form.card-ask').hidden);
  assert.is($('.card-classes').textContent, '3 classes: airplane, automobile, bird');
  assert.is($('.card-pixels').textContent, 'Pixel scale: 0–1 (divided by 255)');
  assert.is($('.card-source').textContent, 'Source: cifar10.h5');
  assert.ok($<HTMLButtonElement>('.card-edit').hidden, 'a file’s own card is not changed here');
  assert.is($('.model-in-use').textContent, 'In use: cifar10/model.json');
});

card('lets an answered card be changed', () => {
  const { view, $, applied, submit } = makeCard();
  view.show(summaryOf({ classNames: ['a', 'b'], pixelScale: 1, known: true }, 2), 'x.h5', true);
  assert.is($('.card-classes').textContent, '2 classes: a, b');
  assert.ok($('.card-answered'));
  $<HTMLButtonElement>('.card-edit').click();
  assert.ok(view.asking);
  assert.is($<HTMLInputElement>('.class-names').value, 'a, b');
  submit();
  assert.equal(applied, [{ pixelScale: 1, classNames: ['a', 'b'] }]);
});

card('shows class and file names from a model as text only', () => {
  const { view, $ } = makeCard();
  view.show(summaryOf({ classNames: [EVIL, 'b'], pixelScale: 1, source: EVIL }, 2), EVIL, false);
  assert.is(view.element.querySelector('b'), null);
  assert.is(view.element.querySelectorAll('img').length, 0);
  assert.ok($('.card-classes').textContent!.includes(EVIL));
  assert.is((globalThis as { pwned?: number }).pwned, undefined);
});

card('has a "Choose a model" picker for several files of any kind, and a loading line', () => {
  const { view, picked, $ } = makeCard();
  const input = $<HTMLInputElement>('input.model-file');
  assert.ok(input.multiple);
  assert.not.ok(input.hasAttribute('accept'));
  assert.is($('button.choose-model').textContent, 'Choose a model');
  const chosen = [file(HDF5, 'mnist.h5')];
  Object.defineProperty(input, 'files', { configurable: true, value: chosen });
  input.dispatchEvent(new Event('change'));
  assert.equal(picked, [chosen]);
  view.loading('mnist.h5');
  assert.not.ok($<HTMLElement>('.model-loading').hidden);
  assert.match($('.model-loading').textContent!, /mnist\.h5/);
  view.loading(null);
  assert.ok($<HTMLElement>('.model-loading').hidden);
});

card('speaks Korean too', () => {
  const { view, $ } = makeCard();
  view.show(summaryOf(UNKNOWN()), 'mnist.h5', false);
  view.translate(MESSAGES.ko);
  assert.is($('button.choose-model').textContent, MESSAGES.ko.chooseModel);
  assert.is($('.card-headline').textContent, MESSAGES.ko.cardAskHeadline);
});

card('lists the first class names of a long list, names the source file without its hash, and says why 0–1', () => {
  const { view, $ } = makeCard();
  const classNames = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
  const source = 'cifar10.h5 sha256:bea65f237d5de7aa450386195160607f2b79082b7615c8d5c8e621689781dca1';
  view.show(summaryOf({ classNames, pixelScale: 1 / 255, source }, 10), 'cifar10/model.json', false);
  assert.is($('.card-classes').textContent, '10 classes: airplane, automobile, bird, cat, deer, dog, …');
  assert.is($('.card-source').textContent, 'Source: cifar10.h5');
  assert.is($('.card-source').getAttribute('title'), source);
  assert.is($('.card-why').textContent, MESSAGES.en.cardUnitWhy);
  view.setNames(['비행기', '자동차', '새', '고양이', '사슴', '개', '개구리', '말', '배', '트럭']);
  assert.is($('.card-classes').textContent, '10 classes: 비행기, 자동차, 새, 고양이, 사슴, 개, …', 'the names of the widget’s language');
});

card('names the pixel scales', () => {
  assert.is(scaleKind(1), 'raw');
  assert.is(scaleKind(1 / 255), 'unit');
  assert.is(scaleKind(0.00392156862745098), 'unit');
  assert.is(scaleKind(2 / 255), null);
});

card.run();

/** A fake worker behind a fake session: records calls, answers like the real one. */
function fakeWorld(options: { refuse?: Error } = {}) {
  const calls: string[] = [];
  const events: unknown[][] = [];
  let metadata: ModelMetadata = UNKNOWN();
  const remote = {
    loadFiles: async (files: File[], _progress: unknown, channel?: string) => {
      calls.push(`loadFiles ${files.map((f) => f.name)}${channel ? ` for ${channel}` : ''}`);
      if (options.refuse) throw options.refuse;
      return { key: `convlens-file://0123abcd/${files[0].name}`, summary: summaryOf(metadata) };
    },
    load: async (url: string, _progress: unknown, channel?: string) => (calls.push(`load ${url}${channel ? ` for ${channel}` : ''}`), summaryOf(metadata)),
    setMetadata: async (url: string, answer: CardAnswer) => {
      calls.push(`setMetadata ${url} ${JSON.stringify(answer)}`);
      metadata = { ...metadata, ...answer, known: true };
      return summaryOf(metadata);
    },
    init: async () => ({ backend: 'wasm', simd: true, threads: 1, binary: null }),
  };
  const session = { channel: 'convlens-7', request: <T>(_what: string, call: (r: never, touch: () => void) => Promise<T>) => call(remote as never, () => undefined) };
  const host: OwnModelHost = {
    session: () => session,
    settled: async () => undefined,
    pick: (f) => events.push(['pick', f.name]),
    switchTo: (url, summary) => events.push(['switchTo', url, summary.metadata]),
    progress: () => undefined,
    fail: (error) => events.push(['fail', (error as Error).message]),
  };
  const view = new ModelCard({ messages: MESSAGES.en, onApply: () => undefined, onFiles: () => undefined });
  return { own: new OwnModel(host, view), calls, events, remote, view };
}

const own = suite('OwnModel');
own.before(() => void dom.setup());
own.after(() => dom.teardown());
own.before.each(forgetCards);

own('sends a dropped photo to the photo path and a model file to the worker, then switches to it', async () => {
  const { own: model, events, calls } = fakeWorld();
  await model.route([file(PNG, 'cat.png', 'image/png')]);
  await model.route([file(HDF5, 'mnist.h5')]);
  assert.equal(calls, ['loadFiles mnist.h5 for convlens-7'], 'the model is loaded for the widget’s channel');
  assert.equal(events, [['pick', 'cat.png'], ['switchTo', 'convlens-file://0123abcd/mnist.h5', UNKNOWN()]]);
  assert.is(model.url, 'convlens-file://0123abcd/mnist.h5');
});

own('applies a remembered card answer before showing the model', async () => {
  const { own: model, events, calls } = fakeWorld();
  rememberCard('convlens-file://0123abcd/mnist.h5', { pixelScale: 1 / 255, classNames: null }, null);
  await model.give([file(HDF5, 'mnist.h5')]);
  assert.equal(calls, ['loadFiles mnist.h5 for convlens-7', 'setMetadata convlens-file://0123abcd/mnist.h5 {"pixelScale":0.00392156862745098,"classNames":null}']);
  assert.equal(events[0][2], { classNames: null, pixelScale: 1 / 255, known: true });
});

own('shows a refusal and keeps the model in use', async () => {
  const { own: model, events } = fakeWorld({ refuse: new Error('notes.txt is not a model file: it is plain text.') });
  await model.give([file(text('x'), 'notes.txt', 'text/plain')]);
  assert.equal(events, [['fail', 'notes.txt is not a model file: it is plain text.']]);
  assert.is(model.url, null);
});

own('remembers a card answer and shows the model again with it', async () => {
  const { own: model, events, view } = fakeWorld();
  await model.give([file(HDF5, 'mnist.h5')]);
  model.shown(summaryOf(UNKNOWN()), model.url!);
  assert.ok(view.asking);
  await model.apply({ pixelScale: 1 / 255, classNames: indexNames(10).map((i) => `digit ${i}`) });
  assert.equal(recallCard('convlens-file://0123abcd/mnist.h5', null)?.pixelScale, 1 / 255);
  const last = events.at(-1)!;
  assert.is(last[0], 'switchTo');
  assert.equal((last[2] as ModelMetadata).classNames![7], 'digit 7');
});

own('gives the kept files again to a restarted worker, with the remembered answer', async () => {
  const { own: model, remote, calls } = fakeWorld();
  await model.give([file(HDF5, 'mnist.h5')]);
  rememberCard(model.url!, { pixelScale: 1, classNames: null }, null);
  calls.length = 0;
  const summary = await model.loader(model.url!)(remote as never, () => undefined, 'convlens-8');
  assert.equal(calls, ['loadFiles mnist.h5 for convlens-8', 'setMetadata convlens-file://0123abcd/mnist.h5 {"pixelScale":1,"classNames":null}']);
  assert.is(summary.metadata.known, true);
  calls.length = 0;
  await model.loader('https://x.org/models/cifar10/model.json')(remote as never, () => undefined, 'convlens-8');
  assert.equal(calls[0], 'load https://x.org/models/cifar10/model.json for convlens-8');
});

own('names models by their files or their URL', () => {
  assert.is(modelLabel('', [file(HDF5, 'w.h5'), file(text('{}'), 'topology.json')]), 'w.h5, topology.json');
  assert.is(modelLabel('https://x.org/a/models/cifar10/model.json'), 'cifar10/model.json');
  assert.is(modelLabel('https://x.org/a/my%20model.h5?v=1'), 'my model.h5');
});

own.run();
