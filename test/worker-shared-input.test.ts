/**
 * One decode per image per channel (worker/image/shared-input.ts): runs of one image key
 * share the decode in flight and its model-size copies; a new key, a failed decode or a
 * released channel decode again. The decode is a counting stand-in; the pixels each run gets
 * are checked against PIL's nearest rule written out here.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { DecodedImage } from '../worker/image/decode';
import { releaseInput, sizedInput } from '../worker/image/shared-input';

/** A w×h BGRA image (as Chromium's decoder hands it over) whose red is x, green y, blue 7. */
function photo(width: number, height: number): DecodedImage {
  const pixels = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) pixels.set([7, y, x, 255], (y * width + x) * 4);
  }
  return { width, height, pixels, format: 'BGRA' };
}

/** RGBA at out×out by floor((i + 0.5) · in / out), from the coordinates `photo` put in. */
function expected(width: number, height: number, outWidth: number, outHeight: number): number[] {
  const values: number[] = [];
  for (let i = 0; i < outHeight; i++) {
    for (let j = 0; j < outWidth; j++) {
      values.push(Math.floor(((j + 0.5) * width) / outWidth), Math.floor(((i + 0.5) * height) / outHeight), 7, 255);
    }
  }
  return values;
}

/** A decode that counts its calls and settles when told. */
function countingDecode(image: DecodedImage) {
  let calls = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    decode: async () => {
      calls++;
      await gate;
      return image;
    },
    open: () => release(),
    get calls() {
      return calls;
    },
  };
}

const Shared = suite('shared input');

Shared('two runs of one key started together decode once and both get the right pixels', async () => {
  const source = countingDecode(photo(40, 30));
  const first = sizedInput('a', 'k1', 8, 6, source.decode);
  const second = sizedInput('a', 'k1', 8, 6, source.decode);
  source.open();
  const [one, two] = await Promise.all([first, second]);
  assert.is(source.calls, 1);
  assert.equal(Array.from(one.rgba), expected(40, 30, 8, 6));
  assert.equal(Array.from(two.rgba), expected(40, 30, 8, 6));
  assert.equal([one.sourceWidth, one.sourceHeight], [40, 30]);
  releaseInput('a');
});

Shared('a later run of the key gets its copy without decoding, and copies are its own to transfer', async () => {
  const source = countingDecode(photo(20, 20));
  source.open();
  const one = await sizedInput('b', 'k1', 4, 4, source.decode);
  one.rgba.fill(0); // as if transferred away or written over
  const two = await sizedInput('b', 'k1', 4, 4, source.decode);
  assert.is(source.calls, 1);
  assert.equal(Array.from(two.rgba), expected(20, 20, 4, 4));
  releaseInput('b');
});

Shared('a new size of the same key decodes again (the photo itself is not kept)', async () => {
  const source = countingDecode(photo(20, 20));
  source.open();
  await sizedInput('c', 'k1', 4, 4, source.decode);
  const other = await sizedInput('c', 'k1', 5, 3, source.decode);
  assert.is(source.calls, 2);
  assert.equal(Array.from(other.rgba), expected(20, 20, 5, 3));
  releaseInput('c');
});

Shared('a new key, another channel, no key or a released channel decode again', async () => {
  const source = countingDecode(photo(10, 10));
  source.open();
  await sizedInput('d', 'k1', 2, 2, source.decode);
  await sizedInput('d', 'k2', 2, 2, source.decode);
  assert.is(source.calls, 2, 'new key');
  await sizedInput('e', 'k2', 2, 2, source.decode);
  assert.is(source.calls, 3, 'another channel');
  await sizedInput('d', undefined, 2, 2, source.decode);
  await sizedInput('d', undefined, 2, 2, source.decode);
  assert.is(source.calls, 5, 'no key');
  releaseInput('d');
  await sizedInput('d', 'k2', 2, 2, source.decode);
  assert.is(source.calls, 6, 'released');
  releaseInput('d');
  releaseInput('e');
});

Shared('a failed decode fails every run that shared it, and the next run tries again', async () => {
  let calls = 0;
  const failing = async (): Promise<DecodedImage> => {
    calls++;
    throw new Error('not an image');
  };
  const outcomes = await Promise.allSettled([sizedInput('f', 'k1', 2, 2, failing), sizedInput('f', 'k1', 2, 2, failing)]);
  assert.equal(outcomes.map((o) => o.status), ['rejected', 'rejected']);
  assert.is(calls, 1);
  const good = countingDecode(photo(4, 4));
  good.open();
  const retried = await sizedInput('f', 'k1', 2, 2, good.decode);
  assert.is(good.calls, 1);
  assert.equal(Array.from(retried.rgba), expected(4, 4, 2, 2));
  releaseInput('f');
});

Shared.run();
