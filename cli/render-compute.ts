/**
 * The computation behind `convlens render`: model and photo from disk, the lecture's
 * preprocessing (worker/image: PIL's nearest resize, the model's pixel scale), and the
 * chosen layers run by the worker's engine (worker/engine/execute), exactly as in the widget.
 */
import type { LayerResult, ModelSummary, Prediction } from '../worker/contract';
import { ConvlensError } from '../worker/errors';
import { execute } from '../worker/engine/execute';
import { gradCam, type GradCam } from '../worker/engine/grad-cam';
import { summarize } from '../worker/engine/summary';
import { resizeNearest, toModelInput } from '../worker/image/resize';
import { loadModelFile, readPhotoFile } from './node-engine';
import { decodePhoto } from './photo';

export interface Computed {
  summary: ModelSummary;
  /** The photo resized for the model: RGBA, inputShape[1] × inputShape[0]. */
  rgba: Uint8ClampedArray;
  /** The model's input values (HWC). */
  input: Float32Array;
  pixelScale: number;
  layers: LayerResult[];
  prediction: Prediction | null;
  /** Grad-CAM of the top class on the engine's default layer, or null when the model has none. */
  gradcam: GradCam | null;
}

export interface ComputeOptions {
  layers: string[] | null;
  pixelScale: number | null;
  /** Progress lines (stderr). */
  log(line: string): void;
}

export async function compute(modelPath: string, photoPath: string, options: ComputeOptions): Promise<Computed> {
  const photo = await readPhotoFile(photoPath);
  const decoded = await decodePhoto(photo.bytes, photo.name);
  const loaded = await loadModelFile(modelPath);
  const summary = summarize(loaded);
  const layers = chooseLayers(summary, options.layers);
  const pixelScale = options.pixelScale ?? (loaded.metadata.known ? loaded.metadata.pixelScale : 1);
  if (options.pixelScale === null && !loaded.metadata.known) {
    options.log('note: the model file does not say how its pixels were scaled; using 1 (0–255). Pass --pixel-scale 1/255 for a model trained on [0, 1].');
  }
  const [height, width, channels] = loaded.inputShape;
  const rgba = resizeNearest(decoded.pixels, decoded.width, decoded.height, width, height, decoded.format);
  const input = toModelInput(rgba, channels as 1 | 3, pixelScale);
  const results: LayerResult[] = [];
  let lastReport = 0;
  const prediction = await execute(loaded, input, {
    layers,
    probabilities: true,
    rowIndex: new Map(summary.rows.map((row, i) => [row.name, i])),
    isCancelled: () => false,
    onLayer: (result) => {
      results.push(result);
      options.log(`${result.name} ${results.length}/${layers.length} (${result.shape.slice(1).join('×')}, ${Math.round(result.ms)} ms)`);
    },
    onProgress: (layer, loadedBytes, total) => {
      // Weight reading is only worth a line for big layers.
      if (total < 8 * 1024 * 1024 || performance.now() - lastReport < 500) return;
      lastReport = performance.now();
      options.log(`weights of ${layer}: ${Math.round(loadedBytes / 1048576)} / ${Math.round(total / 1048576)} MB`);
    },
  });
  const gradcam = await gradCam(loaded, input).catch((error: Error) => {
    options.log(`note: no Grad-CAM figure: ${error.message}`);
    return null;
  });
  return { summary, rgba, input, pixelScale, layers: results, prediction, gradcam };
}

/** The asked-for layers (in the model's order), or the widget's default; unknown names are refused. */
function chooseLayers(summary: ModelSummary, asked: string[] | null): string[] {
  if (!asked) return summary.defaultLayers;
  const drawable = summary.rows.filter((row) => row.drawable).map((row) => row.name);
  const unknown = asked.filter((name) => !drawable.includes(name));
  if (unknown.length > 0) {
    throw new ConvlensError('layer-unknown', `The model has no drawable layer named ${unknown.join(', ')}. Its drawable layers: ${drawable.join(', ')}.`);
  }
  return drawable.filter((name) => asked.includes(name));
}
