/**
 * A minimal PNG codec for tests (8-bit, non-interlaced; grey, grey+alpha, RGB, RGBA), so
 * the browser's decoding can be checked against the file's own bytes and handmade images
 * with known pixels can be written. Built on node:zlib; no image library involved.
 */
import { deflateSync, inflateSync, crc32 } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export interface Png {
  width: number;
  height: number;
  /** 0 grey, 2 RGB, 4 grey+alpha, 6 RGBA */
  colorType: number;
  /** Row-major samples, CHANNELS[colorType] per pixel. */
  pixels: Uint8Array;
}

export function decodePng(bytes: Uint8Array): Png {
  const buffer = Buffer.from(bytes);
  if (!buffer.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let offset = 8;
  let width = 0, height = 0, colorType = 0;
  const data: Buffer[] = [];
  while (offset < buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      colorType = body[9];
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit non-interlaced PNGs');
    } else if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (!channels) throw new Error(`colour type ${colorType} not supported`);
  return { width, height, colorType, pixels: unfilter(inflateSync(Buffer.concat(data)), width, height, channels) };
}

function unfilter(raw: Buffer, width: number, height: number, bpp: number): Uint8Array {
  const stride = width * bpp;
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? out[y * stride + x - bpp] : 0;
      const b = y > 0 ? out[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? out[(y - 1) * stride + x - bpp] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      out[y * stride + x] = (line[x] + predictor) & 255;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Encodes samples as a PNG (filter 0 on every row). `extraChunks` go before IDAT. */
export function encodePng(png: Png, extraChunks: [string, Uint8Array][] = []): Uint8Array {
  const channels = CHANNELS[png.colorType];
  const stride = png.width * channels;
  const raw = Buffer.alloc((stride + 1) * png.height);
  for (let y = 0; y < png.height; y++) raw.set(png.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(png.width, 0);
  header.writeUInt32BE(png.height, 4);
  header[8] = 8;
  header[9] = png.colorType;
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', header),
    ...extraChunks.map(([type, body]) => chunk(type, body)),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

export function chunk(type: string, body: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/** Samples → RGBA, as PIL's convert('RGB') sees them plus alpha (grey repeated). */
export function toRgba(png: Png): Uint8ClampedArray {
  const channels = CHANNELS[png.colorType];
  const out = new Uint8ClampedArray(png.width * png.height * 4);
  for (let p = 0; p < png.width * png.height; p++) {
    const s = png.pixels.subarray(p * channels, (p + 1) * channels);
    const grey = channels <= 2;
    out.set([s[0], grey ? s[0] : s[1], grey ? s[0] : s[2], channels === 2 ? s[1] : channels === 4 ? s[3] : 255], p * 4);
  }
  return out;
}
