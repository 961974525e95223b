/**
 * The original photo as the widget shows it. A URL is shown by an <img>; a file (dropped,
 * pasted, from the camera) is drawn on a canvas at display size, so no blob: URL is ever
 * made (a strict `img-src 'self'` keeps working, and nothing needs revoking). Like the
 * network, the display ignores EXIF orientation: the receptive-field outline then lies
 * where the network looked.
 */
import { withoutExifOrientation } from '../../worker/image/exif';
import { context2d, h } from '../views/dom';

/** Longest side, in canvas pixels, of a file's photo as drawn (the file itself goes to the worker). */
export const PHOTO_DISPLAY_SIZE = 720;

export type Original = { kind: 'url'; url: string } | { kind: 'bitmap'; bitmap: ImageBitmap };

/** Display size of a `width × height` photo: its own, or scaled down to PHOTO_DISPLAY_SIZE on the long side. */
export function displaySize(width: number, height: number): { width: number; height: number } {
  const scale = Math.min(1, PHOTO_DISPLAY_SIZE / Math.max(width, height, 1));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The photo to show for `image` (a URL, or a file of `width × height` pixels); null if the browser cannot draw it. */
export async function loadOriginal(image: string | Blob, width: number, height: number): Promise<Original | null> {
  if (typeof image === 'string') return { kind: 'url', url: image };
  if (typeof createImageBitmap !== 'function') return null;
  try {
    const bytes = withoutExifOrientation(new Uint8Array(await image.arrayBuffer()));
    const size = displaySize(width, height);
    const bitmap = await createImageBitmap(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
      resizeWidth: size.width, resizeHeight: size.height, resizeQuality: 'medium',
    });
    return { kind: 'bitmap', bitmap };
  } catch {
    return null;
  }
}

/** Frees what `original` holds. */
export function closeOriginal(original: Original | null): void {
  if (original?.kind === 'bitmap') original.bitmap.close();
}

/** An <img> and a <canvas> in one place; shows whichever the photo needs. */
export class PhotoView {
  readonly img: HTMLImageElement;
  readonly canvas: HTMLCanvasElement;

  constructor(className: string) {
    this.img = h('img', { class: className, alt: '', hidden: true });
    this.canvas = h('canvas', { class: className, role: 'img', hidden: true });
  }

  get elements(): HTMLElement[] {
    return [this.img, this.canvas];
  }

  show(original: Original | null): void {
    this.img.hidden = original?.kind !== 'url';
    this.canvas.hidden = original?.kind !== 'bitmap';
    if (original?.kind === 'url') {
      if (this.img.src !== original.url) this.img.src = original.url;
    } else {
      this.img.removeAttribute('src');
    }
    if (original?.kind === 'bitmap') {
      const { bitmap } = original;
      this.canvas.width = bitmap.width;
      this.canvas.height = bitmap.height;
      context2d(this.canvas)?.drawImage(bitmap, 0, 0);
    } else {
      this.canvas.width = this.canvas.height = 0;
    }
  }

  label(text: string): void {
    this.img.alt = text;
    this.canvas.setAttribute('aria-label', text);
  }
}
