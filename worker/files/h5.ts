/**
 * Opens HDF5 bytes with h5wasm, which is imported only here and only when an HDF5 file
 * arrives: in the worker bundle it is a separate chunk (its WebAssembly is embedded in it),
 * so the default path never downloads it. The bytes go to h5wasm's in-memory file system,
 * are opened, read, closed and removed. The same code runs in Node (the CLI, the tests).
 */
import { ModelFormatError, SUPPORTED_FORMATS } from '../format/errors';
import type { WithH5 } from '../format/h5-read';
import { isHdf5 } from '../format/sniff';

type H5wasm = typeof import('h5wasm');

let library: Promise<H5wasm> | null = null;
let counter = 0;

/** h5wasm, loaded and initialised once. */
function h5wasm(): Promise<H5wasm> {
  library ??= import('h5wasm').then(async (module) => {
    await module.ready;
    return module;
  });
  library.catch(() => (library = null));
  return library;
}

/** Opens `bytes` (a whole HDF5 file) read-only, runs `read`, and always cleans up. */
export const withH5: WithH5 = async (bytes, name, read) => {
  if (!isHdf5(bytes)) throw new ModelFormatError(`${name} is not an HDF5 file (no HDF5 signature). ${SUPPORTED_FORMATS}.`, 'model-not-a-model');
  const { FS, File } = await h5wasm();
  const path = `/convlens-${++counter}.h5`;
  FS!.writeFile(path, bytes);
  try {
    let file: InstanceType<H5wasm['File']>;
    try {
      file = new File(path, 'r');
    } catch (error) {
      throw new ModelFormatError(`${name} has an HDF5 signature but cannot be opened (damaged or cut short?): ${(error as Error).message ?? error}`);
    }
    try {
      return read(file);
    } catch (error) {
      // h5wasm's own errors ("name not defined!", a WASM trap) mean a damaged file, not a bug here.
      if (error instanceof ModelFormatError) throw error;
      throw new ModelFormatError(`${name} is damaged or cut short: reading its HDF5 content failed (${(error as Error)?.message ?? error}).`, 'model-h5-damaged');
    } finally {
      quietly(() => file.close());
    }
  } finally {
    quietly(() => FS!.unlink(path));
  }
};

/** Cleanup after a damaged file must not replace the error that says so. */
function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // The file system entry or handle is already gone.
  }
}
