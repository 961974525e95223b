// Stands in the worker bundle for tfjs-backend-wasm's threaded-SIMD emscripten glue (its
// factory and its pthread worker's source, ~12 KB gzip), which only a page that really runs
// WASM threads needs (cross-origin isolated, 4 cores or more: backend.ts). build.mjs resolves
// backend_wasm.js's two imports of the glue to this module; backend.ts calls
// loadThreadedGlue() before starting such a backend, which fetches the real glue as a chunk.
// tfjs calls the factory and evaluates its source (toString) in each pthread worker: both
// are the real ones once loaded.
let factory = null;

/** The threaded pthread worker's source, a live binding filled by loadThreadedGlue(). */
export let wasmWorkerContents = '';

export async function loadThreadedGlue() {
  if (factory) return;
  const [glue, worker] = await Promise.all([
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
    import('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js'),
  ]);
  factory = glue.default || glue;
  // Both are CommonJS: the dynamic import gives module.exports as the default export.
  wasmWorkerContents = (worker.default ?? worker).wasmWorkerContents;
}

function threadedFactory(config) {
  if (!factory) throw new Error('the threaded WASM glue was not loaded (loadThreadedGlue)');
  return factory(config);
}
threadedFactory.toString = () => (factory ? factory.toString() : '');

export default threadedFactory;
