/**
 * The image half of the bad-input corpus: each case is a file (made here, or a small
 * committed one in files/ with what PIL reads from it in files/pil-expected.json) and
 * either the exact message the student sees or what a good decode must give.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { chunk, encodePng } from '../helpers/png';

const FILES = fileURLToPath(new URL('./files/', import.meta.url));
const STATIC = fileURLToPath(new URL('../../static/samples/', import.meta.url));

export interface PilExpectation {
  mode: string;
  width: number;
  height: number;
  rgb: number[];
}
export const PIL_EXPECTED: Record<string, PilExpectation> = JSON.parse(readFileSync(`${FILES}pil-expected.json`, 'utf8'));

export interface ImageCase {
  name: string;
  /** File name the student would drop. */
  file: string;
  bytes: () => Uint8Array;
  /** The message shown, for refused inputs. */
  error?: RegExp;
  /** For accepted inputs: the committed file whose PIL pixels the decode must match, and the tolerance. */
  pil?: { file: string; tolerance: number };
}

const committed = (file: string) => () => new Uint8Array(readFileSync(FILES + file));
const sample = (file: string) => new Uint8Array(readFileSync(STATIC + file));
const text = (s: string) => () => new TextEncoder().encode(s);

/** A PNG whose header declares width×height but whose data is a few bytes: a decompression bomb. */
function declaredPng(width: number, height: number): Uint8Array {
  const png = encodePng({ width: 1, height: 1, colorType: 2, pixels: new Uint8Array(3) });
  const view = new DataView(png.buffer, png.byteOffset);
  view.setUint32(16, width);
  view.setUint32(20, height);
  // Fix IHDR's CRC so only the size is "wrong", as in a real bomb.
  const ihdr = chunk('IHDR', png.subarray(16, 29));
  png.set(ihdr, 8);
  return png;
}

/** A real 12000×12000 grey PNG (all black, so it compresses to ~140 KB). */
function hugePng(): Uint8Array {
  const width = 12000, height = 12000;
  const raw = new Uint8Array((width + 1) * height); // filter byte 0 + black pixels, every row
  const header = new Uint8Array(13);
  new DataView(header.buffer).setUint32(0, width);
  new DataView(header.buffer).setUint32(4, height);
  header[8] = 8;
  header[9] = 0;
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 1 })), chunk('IEND', new Uint8Array(0))]);
}

export const IMAGE_CASES: ImageCase[] = [
  { name: 'zero-byte file', file: 'empty.png', bytes: () => new Uint8Array(0), error: /^empty\.png is empty \(0 bytes\)\.$/ },
  { name: 'truncated JPEG', file: 'cut.jpg', bytes: () => sample('rocket.jpg').slice(0, 20000), error: /^cut\.jpg is cut off \(the JPEG file ends before the image does\)/ },
  { name: 'truncated PNG', file: 'cut.png', bytes: () => sample('chelsea.png').slice(0, 50000), error: /^cut\.png is cut off \(the PNG file ends before the image does\)/ },
  { name: 'text file renamed .jpg', file: 'notes.jpg', bytes: text('These are my notes, not a photo.\n'), error: /^notes\.jpg is a text file, not a picture\./ },
  { name: 'random bytes renamed .png', file: 'noise.png', bytes: () => Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251), error: /^noise\.png is not an image file, not a picture\./ },
  { name: 'SVG drawing', file: 'drawing.svg', bytes: text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'), error: /^drawing\.svg is an SVG drawing; convlens takes photos/ },
  { name: 'SVG with a script inside', file: 'evil.svg', bytes: text('<svg xmlns="http://www.w3.org/2000/svg"><script>parent.hacked=1</script></svg>'), error: /^evil\.svg is an SVG drawing/ },
  { name: 'decompression bomb (tiny file declaring 100000×100000)', file: 'bomb.png', bytes: () => declaredPng(100000, 100000), error: /^bomb\.png is 100000×100000 pixels; the limit is 50 megapixels\./ },
  { name: 'a real 12000×12000 PNG', file: 'huge.png', bytes: hugePng, error: /^huge\.png is 12000×12000 pixels; the limit is 50 megapixels\./ },
  { name: 'animated GIF: the first frame is used', file: 'animated.gif', bytes: committed('animated.gif'), pil: { file: 'animated.gif', tolerance: 0 } },
  { name: '1×1 pixel PNG', file: 'one-pixel.png', bytes: committed('one-pixel.png'), pil: { file: 'one-pixel.png', tolerance: 0 } },
  { name: 'grayscale PNG', file: 'gray.png', bytes: committed('gray.png'), pil: { file: 'gray.png', tolerance: 0 } },
  { name: 'RGBA PNG: colour of transparent pixels kept, alpha dropped, as PIL does', file: 'rgba.png', bytes: committed('rgba.png'), pil: { file: 'rgba.png', tolerance: 0 } },
  { name: 'EXIF-rotated JPEG: orientation ignored, as load_img does', file: 'exif-rotated.jpg', bytes: committed('exif-rotated.jpg'), pil: { file: 'exif-rotated.jpg', tolerance: 3 } },
  { name: 'CMYK JPEG', file: 'cmyk.jpg', bytes: committed('cmyk.jpg'), pil: { file: 'cmyk.jpg', tolerance: 3 } },
  { name: '16-bit grayscale PNG', file: 'gray16.png', bytes: committed('gray16.png') },
];
