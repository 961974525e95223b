/**
 * Photos decoded in Node for `convlens render`, to the file's own RGBA bytes as the worker
 * reads them in the browser (no colour management, alpha not premultiplied, EXIF
 * orientation ignored as PIL does). PNG through fast-png (exact); JPEG through jpeg-js, a
 * pure-JS decoder whose IDCT may differ from libjpeg (PIL, browsers) by a unit in a few
 * pixels. The widget's checks and messages apply: empty, not an image, SVG, truncated,
 * too many pixels.
 */
import { decode as decodePngFile, convertIndexedToRgb } from 'fast-png';
import jpeg from 'jpeg-js';
import { ConvlensError } from '../worker/errors';
import { MAX_IMAGE_PIXELS, type DecodedImage } from '../worker/image/decode';
import { sniffImage } from '../worker/image/sniff';

/** Checks and decodes the bytes of a photo file named `name`. */
export function decodePhoto(bytes: Uint8Array, name: string): DecodedImage {
  if (bytes.length === 0) throw new ConvlensError('image-empty', `${name} is empty (0 bytes).`);
  const header = sniffImage(bytes.subarray(0, 65536));
  if (header.format === 'svg') {
    throw new ConvlensError('image-svg', `${name} is an SVG drawing; convlens takes photos (PNG, JPEG, GIF, WebP). Export it as PNG first.`);
  }
  if (header.format === 'text' || header.format === 'unknown') {
    const what = header.format === 'text' ? 'a text file' : 'not an image file';
    throw new ConvlensError('image-not-image', `${name} is ${what}, not a picture. Use a PNG, JPEG, GIF or WebP file.`);
  }
  if (header.format !== 'png' && header.format !== 'jpeg') {
    throw new ConvlensError('image-decode', `${name} is a ${header.format.toUpperCase()} file; convlens render reads PNG and JPEG photos (the widget reads GIF and WebP too). Save it as PNG first.`);
  }
  if (header.width !== undefined && header.height !== undefined) checkPixels(name, header.width, header.height);
  try {
    return header.format === 'png' ? decodePng(bytes) : decodeJpeg(bytes);
  } catch (error) {
    if (error instanceof ConvlensError) throw error;
    throw new ConvlensError('image-truncated', `${name} could not be decoded (${header.format}, ${bytes.length} bytes: ${(error as Error).message}); it may be cut off. Save or download it again.`);
  }
}

function checkPixels(name: string, width: number, height: number): void {
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ConvlensError(
      'image-too-large',
      `${name} is ${width}×${height} pixels; the limit is ${MAX_IMAGE_PIXELS / 1e6} megapixels. Use a smaller copy of the photo.`,
    );
  }
}

/** Any PNG (grey, grey+alpha, RGB, RGBA, palette; 1–16 bits) → 8-bit RGBA; 16-bit keeps its high byte. */
function decodePng(bytes: Uint8Array): DecodedImage {
  const png = decodePngFile(bytes);
  let samples: ArrayLike<number> = png.data;
  let channels = png.channels;
  let shift = png.depth === 16 ? 8 : 0;
  if (png.palette) {
    samples = convertIndexedToRgb(png);
    channels = png.palette[0]?.length === 4 || png.transparency ? 4 : 3;
    shift = 0;
    if (samples.length !== png.width * png.height * channels) channels = samples.length / (png.width * png.height);
  }
  const rgba = new Uint8ClampedArray(png.width * png.height * 4);
  for (let p = 0, i = 0; p < rgba.length; p += 4, i += channels) {
    const grey = channels <= 2;
    rgba[p] = samples[i] >> shift;
    rgba[p + 1] = samples[grey ? i : i + 1] >> shift;
    rgba[p + 2] = samples[grey ? i : i + 2] >> shift;
    rgba[p + 3] = channels === 2 || channels === 4 ? samples[i + channels - 1] >> shift : 255;
  }
  return { width: png.width, height: png.height, rgba };
}

function decodeJpeg(bytes: Uint8Array): DecodedImage {
  const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_IMAGE_PIXELS / 1e6 });
  return { width: image.width, height: image.height, rgba: new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength) };
}
