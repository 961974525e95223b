/**
 * Bringing your own model, the page's side: whether files a student dropped, picked or
 * pasted are a photo or a model, and the session's memory of what they answered on a model
 * card. No DOM here beyond File and Storage, so all of it is tested in Node.
 */
import type { ModelMetadata, ModelSummary } from '../../worker/contract';

/** Where dropped files go: the photo path (the first file), or all of them to the worker's `loadFiles`. */
export type FileRoute = { kind: 'photo'; file: File } | { kind: 'model'; files: File[] };

/**
 * What the student answered on a model card: `pixelScale` 1 (0–255) or 1/255 (0–1); null
 * names mean indices; mean/std per channel (null: no normalisation; absent: not asked).
 */
export type CardAnswer = Pick<ModelMetadata, 'pixelScale' | 'classNames'> & { mean?: number[] | null; std?: number[] | null };

/** torchvision's ImageNet normalisation, the card's preset. */
export const IMAGENET = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;

/** True when `metadata` normalises as the ImageNet preset. */
export function isImagenet({ mean, std }: { mean?: readonly number[] | null; std?: readonly number[] | null }): boolean {
  const same = (a: readonly number[] | null | undefined, b: readonly number[]) => !!a && a.length === b.length && a.every((v, i) => Math.abs(v - b[i]) < 1e-9);
  return same(mean, IMAGENET.mean) && same(std, IMAGENET.std);
}

/** sessionStorage key prefix of card answers; the model's key (or absolute URL) follows. */
export const CARD_PREFIX = 'convlens:model-card:';

/** Bytes read from an untyped file to recognise a photo by its content. */
export const HEAD_BYTES = 16;

/** File name endings the browser would have typed as `image/*` (used only for untyped files). */
const IMAGE_NAME = /\.(png|jpe?g|jfif|gif|webp|bmp|avif|ico|tiff?|heic|heif|svg)$/i;

/** Magic numbers of the picture formats a browser decodes (offset, bytes). */
const IMAGE_MAGIC: readonly (readonly [number, readonly number[]])[] = [
  [0, [0x89, 0x50, 0x4e, 0x47]], // PNG
  [0, [0xff, 0xd8, 0xff]], // JPEG
  [0, [0x47, 0x49, 0x46, 0x38]], // GIF8
  [8, [0x57, 0x45, 0x42, 0x50]], // RIFF....WEBP
  [0, [0x42, 0x4d]], // BMP
  [4, [0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66]], // ....ftypavif
];

/** True when `head` (a file's first bytes) starts like a PNG, JPEG, GIF, WebP, BMP or AVIF picture. */
export function looksLikeImage(head: Uint8Array): boolean {
  return IMAGE_MAGIC.some(([offset, magic]) => magic.every((byte, i) => head[offset + i] === byte));
}

/**
 * Whether one file takes the photo path. Its MIME type decides when the browser gave one
 * (`image/*`: a photo; anything else: not). An untyped file (the browser did not know the
 * name, or a script made the File) is recognised by its first bytes, and only when those
 * say nothing, by an image name (so a broken "photo.jpg" still gets the photo's refusal).
 */
export function isPhotoFile(file: Pick<File, 'type' | 'name'>, head: Uint8Array): boolean {
  if (file.type) return file.type.startsWith('image/');
  return looksLikeImage(head) || IMAGE_NAME.test(file.name);
}

/** The first HEAD_BYTES bytes of `file` (fewer for a shorter file). */
export async function readHead(file: Blob): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
}

/**
 * Decides where dropped, picked or pasted files go: when every one is a photo, the first
 * takes the photo path (as before); otherwise all of them together go to the model path,
 * whatever their names, and the worker recognises the format from the content (or refuses
 * it, saying what it found). Null for no files.
 */
export async function routeFiles(files: readonly File[]): Promise<FileRoute | null> {
  if (files.length === 0) return null;
  const heads = await Promise.all(files.map((file) => (file.type ? new Uint8Array(0) : readHead(file))));
  const photos = files.every((file, i) => isPhotoFile(file, heads[i]));
  return photos ? { kind: 'photo', file: files[0] } : { kind: 'model', files: [...files] };
}

/** The files a drop or paste carries (file items only: a copied web image also brings its HTML as text). */
export function filesOf(transfer: Pick<DataTransfer, 'items' | 'files'> | null | undefined): File[] {
  if (!transfer) return [];
  const items = transfer.items ? Array.from(transfer.items) : [];
  const fromItems = items.filter((item) => item.kind === 'file').map((item) => item.getAsFile()).filter((f): f is File => f !== null);
  if (fromItems.length > 0) return fromItems;
  return transfer.files ? Array.from(transfer.files) : [];
}

/** Class count of a model: the last dimension of its last layer's output, or null if unknown. */
export function classCount(summary: Pick<ModelSummary, 'rows'>): number | null {
  const last = summary.rows.at(-1)?.outputShape.at(-1);
  return typeof last === 'number' && last > 0 ? last : null;
}

/** Class names as indices: "0", "1", … (what the worker shows when a model names none). */
export function indexNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(i));
}

/** Comma-separated class names, trimmed: "cat, dog" → ["cat", "dog"]; empty text → []. */
export function parseClassNames(text: string): string[] {
  return text.trim() === '' ? [] : text.split(',').map((name) => name.trim());
}

/**
 * The answer to send for the names typed on a card: null when they are the indices (the
 * worker's default), the names otherwise; an error of kind `count` when their number is
 * not the model's class count, `empty` when one is blank.
 */
export function checkClassNames(names: readonly string[], count: number | null): { names: string[] | null } | { error: 'count' | 'empty' } {
  if (count !== null && names.length !== count) return { error: 'count' };
  if (names.some((name) => name === '')) return { error: 'empty' };
  const indices = names.every((name, i) => name === String(i));
  return { names: indices ? null : [...names] };
}

/** Answers kept in memory where sessionStorage cannot be used (a sandboxed iframe, storage disabled). */
const fallback = new Map<string, string>();

/** The page's sessionStorage, or null where reading it throws (opaque origins) or it is missing. */
function sessionStore(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

/** Remembers `answer` for the model `key` during the page's session. */
export function rememberCard(key: string, answer: CardAnswer, storage: Storage | null = sessionStore()): void {
  const value = JSON.stringify({ pixelScale: answer.pixelScale, classNames: answer.classNames, mean: answer.mean, std: answer.std });
  fallback.set(key, value);
  try {
    storage?.setItem(CARD_PREFIX + key, value);
  } catch {
    // Full or forbidden: the in-memory copy serves this page.
  }
}

/** The answer remembered for the model `key`, or null (none, or what is stored is not an answer). */
export function recallCard(key: string, storage: Storage | null = sessionStore()): CardAnswer | null {
  let value: string | null = null;
  try {
    value = storage?.getItem(CARD_PREFIX + key) ?? null;
  } catch {
    value = null;
  }
  return parseAnswer(value ?? fallback.get(key) ?? null);
}

/** Forgets every answer kept in memory (for tests). */
export function forgetCards(): void {
  fallback.clear();
}

function parseAnswer(value: string | null): CardAnswer | null {
  if (!value) return null;
  try {
    const parsed = JSON.parse(value) as { pixelScale?: unknown; classNames?: unknown; mean?: unknown; std?: unknown };
    const { pixelScale, classNames, mean, std } = parsed;
    if (typeof pixelScale !== 'number' || !(pixelScale > 0) || !Number.isFinite(pixelScale)) return null;
    if (classNames !== null && !(Array.isArray(classNames) && classNames.every((name) => typeof name === 'string'))) return null;
    const numbers = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)));
    if (!numbers(mean) || !numbers(std)) return null;
    const answer: CardAnswer = { pixelScale, classNames: classNames as string[] | null };
    if (mean !== undefined) answer.mean = mean as number[] | null;
    if (std !== undefined) answer.std = std as number[] | null;
    return answer;
  } catch {
    return null;
  }
}
