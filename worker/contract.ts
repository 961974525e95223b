/**
 * Types shared by the page (src/) and the worker (worker/). Only types live here, so
 * importing this file never pulls worker code (or tfjs) into the page bundle.
 */

/** What the worker chose to compute with. `threads` is the count tfjs really uses. */
export interface BackendInfo {
  backend: 'wasm' | 'cpu';
  simd: boolean;
  threads: number;
  /** The .wasm file that was loaded, or null on the cpu backend. */
  binary: string | null;
}

/**
 * convlens metadata, stored in model.json under `userDefinedMetadata.convlens`.
 * `pixelScale` is what one unit of input means: 1 means raw 0–255 pixels (the lecture),
 * 1/255 means inputs in [0, 1].
 */
export interface ModelMetadata {
  classNames: string[] | null;
  /**
   * Optional class names per language (`{ ko: ['비행기', …] }`), each list in the order of
   * `classNames`; the widget shows the list of its language and falls back to `classNames`.
   */
  classNamesByLang?: Record<string, string[]>;
  pixelScale: number;
  /**
   * Per-channel normalisation after the pixel scale, as PyTorch's transforms.Normalize:
   * input = (pixel * pixelScale - mean[c]) / std[c]. Absent: none. One value per input channel.
   */
  mean?: number[];
  std?: number[];
  source?: string;
  convertedBy?: string;
  /**
   * Set by the worker, never stored in a file: true when the model carries convlens metadata
   * (a pixelScale in `userDefinedMetadata.convlens`), false when `classNames` and `pixelScale`
   * are defaults (null, 1) that the page should ask the user to confirm — as for a dropped
   * Keras file. Absent means known.
   */
  known?: boolean;
}

/** One row of the Keras-style summary. `outputShape` keeps Keras' null batch dimension. */
export interface SummaryRow {
  name: string;
  type: string;
  outputShape: (number | null)[];
  /**
   * The shape in the source model's own convention when it differs from `outputShape`
   * (ONNX's channels-first `[1, 32, 30, 30]`); absent for Keras and tfjs models.
   */
  sourceShape?: number[];
  params: number;
  /** True when the output is 4-D (N, H, W, C), so it can be drawn as a grid of channels. */
  drawable: boolean;
  /** Window geometry of convolution and pooling layers, for receptive fields. */
  geometry?: LayerGeometry;
}

/** How a sliding-window layer maps output cells to input cells (per axis: [rows, cols]). */
export interface LayerGeometry {
  kernel: [number, number];
  stride: [number, number];
  dilation: [number, number];
  padding: 'valid' | 'same';
  /** Explicit [top, bottom, left, right] pads (ONNX) on top of `padding`. */
  pads?: [number, number, number, number];
}

export interface ModelSummary {
  modelName: string;
  rows: SummaryRow[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Total bytes of all weight files, as declared by the manifest. */
  weightBytes: number;
  /** Model input, [height, width, channels]. */
  inputShape: [number, number, number];
  /** Layers drawn when the caller names none: every Conv2D and pooling layer. */
  defaultLayers: string[];
  /**
   * 'probabilities' when the graph ends in a softmax (shown as they are); 'logits' otherwise,
   * and the prediction shows their softmax.
   */
  outputs?: 'probabilities' | 'logits';
  metadata: ModelMetadata;
}

/** One computed layer. `data` is row-major NHWC (batch 1), transferred, never copied. */
export interface LayerResult {
  name: string;
  /** Position of the layer in the summary rows. */
  index: number;
  shape: number[];
  data: Float32Array;
  /** Per-channel statistics of `data`, computed in the worker. */
  stats: LayerStats;
  /** Compute time of this layer alone (its op, reading its result, its statistics), milliseconds. */
  ms: number;
  /** Time spent waiting for this layer's weights to download (0 when they were already there), milliseconds. */
  fetchMs: number;
}

/** Per-channel min, max and count of exact zeros over a layer's `pixels` positions (NaN never counts as min or max). */
export interface LayerStats {
  min: Float32Array;
  max: Float32Array;
  zeros: Uint32Array;
  pixels: number;
}

/** The image the network sees, after resizing: RGBA bytes of the model's input size. */
export interface InputPreview {
  width: number;
  height: number;
  /** Original image size before resizing. */
  sourceWidth: number;
  sourceHeight: number;
  rgba: Uint8ClampedArray;
}

export interface ClassScore {
  index: number;
  name: string;
  probability: number;
}

export interface Prediction {
  probabilities: Float32Array;
  top: ClassScore[];
}

export interface Progress {
  /**
   * 'script': the worker's JavaScript; 'backend': the WASM binary (bytes when the browser
   * lets us count them); 'model': model.json or the given files; 'weights': a layer's weights.
   */
  phase: 'script' | 'backend' | 'model' | 'weights';
  /** Layer whose weights are loading, when phase is 'weights'. */
  layer?: string;
  /** Bytes so far and in all; total is 0 when unknown. */
  loaded: number;
  total: number;
}

/** The image to run: an absolute URL, a Blob/File, or an ImageBitmap (transferred). */
export type ImageSource = string | Blob | ImageBitmap;

export interface RunOptions {
  /** Layer names to compute; default: the summary's `defaultLayers`. */
  layers?: string[];
  /** Also compute class probabilities (fetches the dense layers' weights). Default true. */
  probabilities?: boolean;
  /** Runs on the same channel supersede each other; one channel per widget. Default 'default'. */
  channel?: string;
  /**
   * The same key for every run of one image on a channel: the worker fetches and decodes it
   * once (a second run often starts before the first has read it). Without one, each run decodes.
   */
  imageKey?: string;
}

export interface RunCallbacks {
  onInput?(preview: InputPreview): void;
  onLayer?(result: LayerResult): void;
  onProgress?(progress: Progress): void;
}

export interface RunResult {
  ms: number;
  prediction: Prediction | null;
  /** Problems that did not stop the run (e.g. NaN weights), ready to show. */
  warnings: string[];
}

/** What Grad-CAM should explain: a class (by index or name; default the top class) on a layer (default the last with maps). */
export interface ExplainOptions {
  classIndex?: number;
  className?: string;
  layer?: string;
  /** The widget's channel: a newer run or explain on it supersedes this one. */
  channel?: string;
  /** As RunOptions' `imageKey`, on the same channel: the image that run read is not decoded again. */
  imageKey?: string;
}

/** Grad-CAM of one image: the layer's map before any upsampling, raw values (ReLU of the weighted sum), row-major h×w. */
export interface ExplainResult {
  layer: string;
  classIndex: number;
  className: string;
  shape: [number, number];
  map: Float32Array;
  /** The channel weights alpha_k (mean gradient of the class score over the map). */
  alpha: Float32Array;
  /** The class scores before the softmax. */
  logits: Float32Array;
}
