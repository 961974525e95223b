// Stands in the worker bundle for tfjs-backend-wasm's kernel_utils/shared.js, which imports
// seven helpers from the cpu backend's `shared` barrel (~7 KB gzip of cpu kernels came along).
// Of the WASM kernels we register (kernels.ts), only Concat and Slice use one (for string
// tensors); the others serve kernels we never register (Range, Unique, string ops), so they
// are refused here instead of bundled. build.mjs resolves the import to this file.
export { concatImpl as concatImplCPU } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Concat_impl';
export { sliceImpl as sliceImplCPU } from '@tensorflow/tfjs-backend-cpu/dist/kernels/Slice';

const notBundled = (name) => () => {
  throw new Error(`${name} is not in convlens' worker (its kernel is not registered)`);
};
export const rangeImplCPU = notBundled('rangeImpl');
export const stringNGramsImplCPU = notBundled('stringNGramsImpl');
export const stringSplitImplCPU = notBundled('stringSplitImpl');
export const stringToHashBucketFastImplCPU = notBundled('stringToHashBucketFastImpl');
export const uniqueImplCPU = notBundled('uniqueImpl');
