/** sniffImage: formats and declared sizes from handmade headers. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sniffImage } from '../worker/image/sniff';
import { encodePng } from './helpers/png';

test('reads a PNG size from IHDR, even one declaring 100000×100000 pixels in a tiny file', () => {
  const png = encodePng({ width: 3, height: 2, colorType: 2, pixels: new Uint8Array(18) });
  assert.equal(sniffImage(png), { format: 'png', width: 3, height: 2 });
  const bomb = new Uint8Array(png);
  new DataView(bomb.buffer).setUint32(16, 100000);
  new DataView(bomb.buffer).setUint32(20, 100000);
  assert.equal(sniffImage(bomb), { format: 'png', width: 100000, height: 100000 });
});

test('walks JPEG markers past APP segments to the frame header', () => {
  const app0 = [0xff, 0xe0, 0x00, 0x04, 0x00, 0x00];
  const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x01, 0xc3, 0x03];
  const jpeg = new Uint8Array([0xff, 0xd8, ...app0, ...sof0, ...new Array(20).fill(0)]);
  assert.equal(sniffImage(jpeg), { format: 'jpeg', width: 451, height: 300 });
});

test('reads GIF and BMP sizes (little-endian)', () => {
  const gif = new Uint8Array([...'GIF89a'].map((c) => c.charCodeAt(0)).concat([10, 0, 5, 0, 0, 0]));
  assert.equal(sniffImage(gif), { format: 'gif', width: 10, height: 5 });
  const bmp = new Uint8Array(30);
  bmp.set([66, 77]);
  new DataView(bmp.buffer).setInt32(18, 7, true);
  new DataView(bmp.buffer).setInt32(22, -4, true);
  assert.equal(sniffImage(bmp), { format: 'bmp', width: 7, height: 4 });
});

test('tells SVG from plain text and from binary junk', () => {
  const text = (s: string) => new TextEncoder().encode(s);
  assert.is(sniffImage(text('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>')).format, 'svg');
  assert.is(sniffImage(text('hello, this is a note renamed to photo.jpg')).format, 'text');
  assert.is(sniffImage(new Uint8Array([0, 1, 2, 3, 250, 251, 0, 9])).format, 'unknown');
});

test.run();
