/**
 * One fetch and one decode per image, however many runs ask for it. A widget often starts a
 * second run of an image before the first has read it (the first brings the preview, the
 * second the layers, and supersedes the first): each used to fetch and decode the photo
 * again, a phone photo's twelve megapixels twice. Runs of one image carry one `imageKey`
 * (RunOptions). Per channel only the newest key is kept: its decode while it is on its way,
 * then only its model-size copies (a few KB each), never the decoded photo itself.
 */
import type { DecodedImage } from './decode';
import { resizeNearest } from './resize';

/** The photo at a model's input size, RGBA, and the size it had. */
export interface SizedPixels {
  rgba: Uint8ClampedArray;
  sourceWidth: number;
  sourceHeight: number;
}

interface Entry {
  key: string;
  /** The decode in flight (null once it has settled). */
  decoding: Promise<DecodedImage> | null;
  /** Model-size copies made so far, by `width×height`. */
  sized: Map<string, SizedPixels>;
}

const byChannel = new Map<string, Entry>();

function sizedFrom(decoded: DecodedImage, width: number, height: number): SizedPixels {
  const rgba = resizeNearest(decoded.pixels, decoded.width, decoded.height, width, height, decoded.format);
  return { rgba, sourceWidth: decoded.width, sourceHeight: decoded.height };
}

/** A copy the caller may transfer away: the kept one stays readable for the next run. */
function copyOf(pixels: SizedPixels): SizedPixels {
  return { ...pixels, rgba: pixels.rgba.slice() };
}

/**
 * The image at `width`×`height`. With a `key` already seen on `channel` the decode (or its
 * result) is shared and `decode` is not called; without one every call decodes.
 */
export async function sizedInput(
  channel: string, key: string | undefined, width: number, height: number, decode: () => Promise<DecodedImage>,
): Promise<SizedPixels> {
  if (key === undefined) return sizedFrom(await decode(), width, height);
  let entry = byChannel.get(channel);
  if (entry?.key !== key) {
    entry = { key, decoding: null, sized: new Map() };
    byChannel.set(channel, entry);
  }
  const size = `${width}×${height}`;
  const kept = entry.sized.get(size);
  if (kept) return copyOf(kept);
  const decoded = await (entry.decoding ?? startDecode(channel, entry, decode));
  const pixels = entry.sized.get(size) ?? sizedFrom(decoded, width, height);
  entry.sized.set(size, pixels);
  return copyOf(pixels);
}

function startDecode(channel: string, entry: Entry, decode: () => Promise<DecodedImage>): Promise<DecodedImage> {
  const decoding = decode();
  entry.decoding = decoding;
  // Settled: the next run of this key finds its copy in `sized`, or decodes again for a new size.
  decoding.then(() => (entry.decoding = null), () => forget(channel, entry));
  return decoding;
}

/** A failed decode is not kept: the next run of the key tries again (and words its own error). */
function forget(channel: string, entry: Entry): void {
  if (byChannel.get(channel) === entry) byChannel.delete(channel);
}

/** The channel's widget went: its image goes too. */
export function releaseInput(channel: string): void {
  byChannel.delete(channel);
}
