/**
 * What the widget says when something fails: a headline in the widget's language, chosen
 * by the error's stable `code`, over the specific detail (the worker words its details in
 * English, naming the file, the sizes and the limit). Errors without a known code get the
 * general headline.
 */
import type { Messages } from './i18n';

/** Message keys of the headlines (each one a string in both tables). */
export type HeadlineKey = {
  [K in keyof Messages]: K extends `err${string}` ? (Messages[K] extends string ? K : never) : never;
}[keyof Messages];

/** Headline per error code; codes not listed fall back by their family (`image-…`, `model-…`, `weights-…`). */
export const HEADLINES: Readonly<Record<string, HeadlineKey>> = {
  'image-empty': 'errImageEmpty',
  'image-not-image': 'errImageNotImage',
  'image-svg': 'errImageSvg',
  'image-too-large': 'errImageTooLarge',
  'image-truncated': 'errImageTruncated',
  'image-decode': 'errImageDecode',
  'image-fetch': 'errImageFetch',
  'model-fetch': 'errModelFetch',
  'model-too-large': 'errModelTooLarge',
  'model-unknown-layer': 'errModelLayer',
  'model-custom-layer': 'errModelLayer',
  'model-keras1': 'errModelKeras1',
  'model-input': 'errModelInput',
  'model-channels-first': 'errModelUnsupported',
  'model-unsupported-setting': 'errModelUnsupported',
  'model-input-size': 'errModelInputSize',
  'weights-fetch': 'errWeights',
  'weights-length': 'errWeights',
  'weights-missing': 'errWeights',
  'weights-shape': 'errWeights',
  'weights-manifest': 'errWeights',
  'weights-unexpected': 'errWeights',
  'weights-dtype': 'errWeightsType',
  'model-json': 'errModelFormat',
  'model-not-a-model': 'errModelFormat',
  'model-not-layers': 'errModelFormat',
  'model-format': 'errModelFormat',
  'model-h5-damaged': 'errModelDamaged',
  'model-zip': 'errModelDamaged',
  'model-layer-name': 'errModelDamaged',
  'model-topology': 'errModelBuild',
  'model-missing-file': 'errModelFiles',
  'model-weights-missing': 'errModelFiles',
  'model-weights-only': 'errModelFiles',
  'model-nested': 'errModelUnsupported',
  'layer-shared': 'errModelUnsupported',
  'model-file-gone': 'errModelGone',
  'model-released': 'errModelGone',
  'layer-unknown': 'errLayerUnknown',
  'weights-none': 'errNoKernel',
  'layer-failed': 'errCompute',
  'metadata-invalid': 'errMetadata',
  'explain-class': 'errExplain',
  'explain-layer': 'errExplain',
  'explain-no-layer': 'errExplain',
  'no-canvas': 'errBrowser',
  'worker-crashed': 'errWorkerRestarted',
  'worker-stalled': 'errWorkerStalled',
  'worker-start': 'errWorkerStart',
  'worker-stopped': 'errWorkerStopped',
};

const FAMILIES: Readonly<Record<string, HeadlineKey>> = {
  image: 'errImageDecode',
  model: 'errModelFormat',
  weights: 'errWeights',
};

/** What one failure shows: the translated headline and the specific detail. */
export interface ShownError {
  code: string | null;
  headline: string;
  detail: string;
}

/** The stable code an error carries (the worker's ConvlensError codes, the page's WorkerLost codes). */
export function errorCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code ? code : null;
}

/** The headline key for `code`: its own, its family's, or the general one. */
export function headlineKey(code: string | null): HeadlineKey {
  if (!code) return 'errGeneral';
  return HEADLINES[code] ?? FAMILIES[code.split('-')[0]] ?? 'errGeneral';
}

/** Headline and detail of `error` in `t`'s language. */
export function describeError(error: unknown, t: Messages): ShownError {
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : typeof error === 'string' ? error : String((error as { message?: unknown })?.message ?? error);
  return { code, headline: t[headlineKey(code)], detail };
}
