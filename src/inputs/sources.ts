/**
 * Turns whatever the page gives us (a URL, a Blob or File, an ImageBitmap, an <img>) into
 * what the worker can read again and again: an absolute URL or a Blob, and a name to show.
 */

/** Everything `el.run()` accepts. */
export type WidgetSource = string | URL | Blob | ImageBitmap | HTMLImageElement;

export interface PreparedSource {
  /** What the worker decodes (and the widget shows): an absolute URL or the bytes. */
  image: string | Blob;
  /** A name to show (file name or the URL's last segment); untrusted, text only. */
  name: string;
}

/** Last path segment of a URL, decoded where possible. */
export function nameOf(url: string): string {
  const last = url.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? url;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function fromUrl(url: string, base: string): PreparedSource {
  const absolute = new URL(url, base).href;
  return { image: absolute, name: url.startsWith('data:') ? 'image' : nameOf(absolute) };
}

function fromBlob(blob: Blob, name: string): PreparedSource {
  return { image: blob, name };
}

async function bitmapToBlob(bitmap: ImageBitmap): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('This browser cannot draw an ImageBitmap.');
  context.drawImage(bitmap, 0, 0);
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The ImageBitmap could not be encoded.'))), 'image/png');
  });
}

/** Normalises `source`; relative URLs resolve against `base` (the page's base URI). */
export async function prepareSource(source: WidgetSource, base: string): Promise<PreparedSource> {
  if (typeof source === 'string') return fromUrl(source, base);
  if (source instanceof URL) return fromUrl(source.href, base);
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return fromBlob(source, (source as File).name || 'image');
  }
  if (typeof HTMLImageElement !== 'undefined' && source instanceof HTMLImageElement) {
    const url = source.currentSrc || source.src;
    if (!url) throw new TypeError('The <img> has no src.');
    return fromUrl(url, base);
  }
  if (typeof ImageBitmap !== 'undefined' && source instanceof ImageBitmap) {
    return fromBlob(await bitmapToBlob(source), 'image');
  }
  throw new TypeError('run() takes a URL, a Blob or File, an ImageBitmap or an <img>.');
}

/** The first image file among dropped or pasted items, or null. */
export function firstImageFile(list: FileList | DataTransferItemList | null | undefined): File | null {
  if (!list) return null;
  for (const item of Array.from(list as ArrayLike<File | DataTransferItem>)) {
    const file = 'getAsFile' in item ? (item.kind === 'file' ? item.getAsFile() : null) : item;
    if (file && (file.type === '' || file.type.startsWith('image/'))) return file;
  }
  return null;
}

/** The first dropped file of any kind, or null. */
export function firstFile(list: FileList | null | undefined): File | null {
  return list && list.length > 0 ? list[0] : null;
}
