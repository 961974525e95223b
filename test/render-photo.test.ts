/**
 * The photos `convlens render` decodes in Node (cli/photo.ts: fast-png, jpeg-js) against
 * what PIL reads from the same committed files (test/corpus/files/pil-expected.json, made
 * by make-files.py): exact, but for the CMYK JPEG (jpeg-js, within the widget's tolerance); and the
 * widget's refusals for what is not a photo.
 */
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { decodePhoto } from '../cli/photo';
import { PIL_EXPECTED } from './corpus/images';

const FILES = new URL('./corpus/files/', import.meta.url);
const read = (name: string) => new Uint8Array(readFileSync(new URL(name, FILES)));

const Photo = suite('render photos decoded in Node, as PIL reads them');

// gray16.png is left out: PIL clips 16-bit values to 255, browsers (and render) keep the high byte.
for (const [name, tolerance] of [['gray.png', 0], ['one-pixel.png', 0], ['rgba.png', 0], ['exif-rotated.jpg', 0], ['cmyk.jpg', 3]] as const) {
  Photo(`${name}: PIL's pixels within ${tolerance}, orientation as stored`, async () => {
    const expected = PIL_EXPECTED[name];
    const decoded = await decodePhoto(read(name), name);
    assert.equal([decoded.width, decoded.height, decoded.format], [expected.width, expected.height, 'RGBA']);
    let worst = 0;
    for (let p = 0; p < expected.width * expected.height; p++) {
      for (let k = 0; k < 3; k++) worst = Math.max(worst, Math.abs(decoded.pixels[p * 4 + k] - expected.rgb[p * 3 + k]));
    }
    assert.ok(worst <= tolerance, `largest difference ${worst}`);
  });
}

Photo('refuses what is not a photo with the widget\'s codes and words', async () => {
  const refusal = async (bytes: Uint8Array, name: string) => {
    try {
      await decodePhoto(bytes, name);
    } catch (error) {
      return [(error as { code: string }).code, (error as Error).message];
    }
    return null;
  };
  assert.equal(await refusal(new Uint8Array(0), 'empty.png'), ['image-empty', 'empty.png is empty (0 bytes).']);
  assert.equal(await refusal(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'd.svg'),
    ['image-svg', 'd.svg is an SVG drawing; convlens takes photos (PNG, JPEG, GIF, WebP). Export it as PNG first.']);
  const cut = read('rgba.png').subarray(0, 60);
  assert.is((await refusal(cut, 'cut.png'))![0], 'image-truncated');
  assert.is((await refusal(read('animated.gif'), 'a.gif'))![0], 'image-decode');
});

Photo.run();
