import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { firstImageFile, nameOf, prepareSource } from '../src/inputs/sources';

const names = suite('nameOf');

names('takes the last path segment, without query or hash, decoded', () => {
  assert.is(nameOf('https://x.org/a/b/my%20cat.png?v=2#top'), 'my cat.png');
  assert.is(nameOf('https://x.org/photos/'), 'photos');
});

names.run();

const prepare = suite('prepareSource');

prepare('resolves a relative URL against the page and keeps it for the worker', async () => {
  const source = await prepareSource('samples/chelsea.png', 'https://course.example/week3/index.html');
  assert.is(source.image, 'https://course.example/week3/samples/chelsea.png');
  assert.is(source.name, 'chelsea.png');
});

prepare('keeps a File’s bytes and name (shown from the bytes, never through a blob: URL)', async () => {
  const file = new File([new Uint8Array([1, 2, 3])], 'snap.png', { type: 'image/png' });
  const source = await prepareSource(file, 'https://course.example/');
  assert.is(source.image, file);
  assert.is(source.name, 'snap.png');
});

prepare('refuses anything that is not an image source', async () => {
  try {
    await prepareSource(42 as never, 'https://course.example/');
    assert.unreachable();
  } catch (error) {
    assert.instance(error, TypeError);
  }
});

prepare.run();

const files = suite('firstImageFile');

files('picks the first image among dropped files, skipping others', () => {
  const text = new File(['x'], 'notes.txt', { type: 'text/plain' });
  const image = new File(['y'], 'cat.jpg', { type: 'image/jpeg' });
  assert.is(firstImageFile([text, image] as unknown as FileList), image);
  assert.is(firstImageFile([text] as unknown as FileList), null);
  assert.is(firstImageFile(null), null);
});

files.run();
