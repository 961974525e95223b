/**
 * Checks of the words a student reads: which English words a Korean widget may show, and
 * which Hangul an English one may (none).
 */

/** English words a Korean widget may show: names of things, units and code, not sentences. */
export const ALLOWED_LATIN = new Set([
  // code and array notation the lecture types
  'float32', 'None', 'activations', 'plt', 'matshow', 'x', 'img_to_array',
  // units, formats and products
  'ms', 'KB', 'MB', 'B', 'WASM', 'SIMD', 'CPU', 'R', 'G', 'PNG', 'JPEG', 'GIF', 'WebP', 'SVG', 'TensorFlow', 'js', 'keras', 'h5',
  'convlens', 'viridis', 'CIFAR', 'Keras', 'CC0', 'scikit', 'image',
  'onnx', 'ONNX', 'PyTorch', 'ImageNet', 'torchvision', 'softmax', 'N', 'C', 'H', 'W',
  // method and function names the lecture uses as they are
  'Grad', 'CAM', 'ReLU',
  // keys
  'Enter', 'Ctrl', 'V', 'Page', 'Up', 'Down',
]);

/** Latin words of `text` that are not allowed, given the layer names and types on show; file names are taken out first. */
export function foreignWords(text: string, layerWords: Iterable<string>): string[] {
  const allowed = new Set([...ALLOWED_LATIN, ...layerWords]);
  const withoutFiles = text.replace(/[\w./-]+\.(png|jpe?g|json|h5|keras|onnx|bin|gif|webp)\b/gi, ' ');
  const words = withoutFiles.match(/[A-Za-z][A-Za-z0-9_]*/g) ?? [];
  return [...new Set(words.filter((word) => !allowed.has(word)))];
}

/** Hangul syllables or letters in `text`. */
export function hangul(text: string): string[] {
  return text.match(/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g) ?? [];
}
