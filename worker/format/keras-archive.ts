/**
 * Keras `.keras` archives (Keras 3, and Keras 2.13+ `save_format="keras_v3"`): a zip with
 * `config.json` (the model config), `metadata.json` (`keras_version`) and `model.weights.h5`
 * (the Keras 3 weight store, keras3-weights.ts). Pure apart from the `withH5` callback.
 */
import { ModelFormatError, SUPPORTED_FORMATS } from './errors';
import type { WithH5 } from './h5-read';
import { isObject, normalizeKerasConfig } from './keras-config';
import { modelConfigOf, parseConfig, type KerasModel } from './keras-h5';
import { readKeras3Weights } from './keras3-weights';
import { openZip } from './zip';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';

/** Reads a .keras archive (`bytes` is the whole file). */
export async function readKerasArchive(bytes: Uint8Array, fileName: string, withH5: WithH5): Promise<KerasModel> {
  const zip = openZip(bytes, fileName);
  if (!zip.entries.has(CONFIG)) {
    const names = [...zip.entries.keys()].slice(0, 8).join(', ');
    throw new ModelFormatError(
      `${fileName} is a zip archive but not a Keras .keras file (it has no ${CONFIG}; it holds ${names || 'nothing'}). ${SUPPORTED_FORMATS}.`,
      'model-not-a-model',
    );
  }
  const text = (name: string) => zip.read(name).then((data) => new TextDecoder().decode(data));
  const topology = parseConfig(await text(CONFIG), `${CONFIG} of ${fileName}`);
  const metadata = zip.entries.has(METADATA) ? parseMetadata(await text(METADATA)) : {};
  const kerasVersion = typeof metadata.keras_version === 'string' ? metadata.keras_version : 'unknown';
  if (!zip.entries.has(WEIGHTS)) {
    throw new ModelFormatError(
      `${fileName} has no ${WEIGHTS} (sharded weights, model.weights.json, are not supported): save with model.save("model.keras")`,
      'model-weights-missing',
    );
  }
  const modelConfig = normalizeKerasConfig(modelConfigOf(topology), fileName);
  const layers = await withH5(await zip.read(WEIGHTS), WEIGHTS, (file) => readKeras3Weights(file, modelConfig, `${fileName}/${WEIGHTS}`));
  return { kerasVersion, backend: typeof metadata.backend === 'string' ? metadata.backend : 'tensorflow', modelConfig, layers };
}

function parseMetadata(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
