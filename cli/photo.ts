/**
 * Photos decoded in Node for `convlens render`, to the file's own RGBA bytes as PIL reads
 * them (no colour management, alpha not premultiplied, EXIF orientation ignored). The
 * worker's own checks and messages come first (worker/image/decode.ts: empty, not an image,
 * SVG, truncated, too many pixels). PNG through fast-png (exact); JPEG through mozjpeg
 * compiled to WASM (@jsquash/jpeg: libjpeg-turbo's decoder, PIL's, so the same pixels),
 * except CMYK/YCCK JPEGs, which that build cannot convert: those through jpeg-js (pure JS,
 * within a few units of PIL).
 */
import { decode as decodePngFile, convertIndexedToRgb } from 'fast-png';
import jpeg from 'jpeg-js';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { ConvlensError } from '../worker/errors';
import { MAX_IMAGE_PIXELS, checkFile, type DecodedImage } from '../worker/image/decode';

/** Checks and decodes the bytes of a photo file named `name`. */
export async function decodePhoto(bytes: Uint8Array, name: string): Promise<DecodedImage> {
  const header = checkFile(bytes, name);
  if (header.format !== 'png' && header.format !== 'jpeg') {
    throw new ConvlensError('image-decode', `${name} is a ${header.format.toUpperCase()} file; convlens render reads PNG and JPEG photos (the widget reads GIF and WebP too). Save it as PNG first.`);
  }
  try {
    if (header.format === 'png') return decodePng(bytes);
    return jpegComponents(bytes) === 4 ? decodeJpegJs(bytes) : await decodeMozjpeg(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String((error as { message?: unknown })?.message ?? error);
    throw new ConvlensError('image-decode', `${name} could not be decoded as an image (${header.format}, ${bytes.length} bytes: ${reason}). Use a PNG, JPEG, GIF or WebP file.`);
  }
}

/** Any PNG (grey, grey+alpha, RGB, RGBA, palette; 1–16 bits) → 8-bit RGBA; 16-bit keeps its high byte, as browsers do. */
function decodePng(bytes: Uint8Array): DecodedImage {
  const png = decodePngFile(bytes);
  let samples: ArrayLike<number> = png.data;
  let channels = png.channels;
  let shift = png.depth === 16 ? 8 : 0;
  if (png.palette) {
    // Indexed colour: RGB, or RGBA when the file has a transparency table.
    samples = convertIndexedToRgb(png);
    channels = samples.length / (png.width * png.height);
    shift = 0;
  }
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  for (let p = 0, i = 0; p < rgba.length; p += 4, i += channels) {
    const grey = channels <= 2;
    rgba[p] = samples[i] >> shift;
    rgba[p + 1] = samples[grey ? i : i + 1] >> shift;
    rgba[p + 2] = samples[grey ? i : i + 2] >> shift;
    rgba[p + 3] = channels === 2 || channels === 4 ? samples[i + channels - 1] >> shift : 255;
  }
  return { width: png.width, height: png.height, pixels: rgba, format: 'RGBA' };
}

/** Number of colour components in the JPEG's frame header (1 grey, 3 YCbCr, 4 CMYK/YCCK), or 0. */
function jpegComponents(bytes: Uint8Array): number {
  for (let i = 2; i + 9 < bytes.length;) {
    if (bytes[i] !== 0xff) return 0;
    const marker = bytes[i + 1];
    // SOF0–SOF15 except DHT (c4), JPG (c8) and DAC (cc): length(2) precision(1) height(2) width(2) components(1).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return bytes[i + 9];
    i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
  }
  return 0;
}

type Mozjpeg = typeof import('@jsquash/jpeg/decode.js');
let mozjpeg: Promise<Mozjpeg['default']> | null = null;

/** mozjpeg's decoder, its WASM binary read from the installed package (once). */
function mozjpegDecoder(): Promise<Mozjpeg['default']> {
  mozjpeg ??= (async () => {
    const module: Mozjpeg = await import('@jsquash/jpeg/decode.js');
    const wasm = createRequire(import.meta.url).resolve('@jsquash/jpeg/codec/dec/mozjpeg_dec.wasm');
    await module.init(await WebAssembly.compile(await readFile(wasm)));
    return module.default;
  })();
  return mozjpeg;
}

async function decodeMozjpeg(bytes: Uint8Array): Promise<DecodedImage> {
  const decode = await mozjpegDecoder();
  const image = await decode(bytes.slice().buffer);
  return { width: image.width, height: image.height, pixels: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), format: 'RGBA' };
}

function decodeJpegJs(bytes: Uint8Array): DecodedImage {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6 });
  return { width: image.width, height: image.height, pixels: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength), format: 'RGBA' };
}
