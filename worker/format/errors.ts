/**
 * A model file that cannot be read or converted. The message names the file, says what was
 * found and what is supported; it is meant to be shown to the user as is, without a stack.
 * `code` is stable for tests and for the worker's ConvlensError.
 */
export class ModelFormatError extends Error {
  constructor(
    message: string,
    readonly code: string = 'model-format',
  ) {
    super(message);
    this.name = 'ModelFormatError';
  }
}

/** One sentence on what convlens reads, appended to refusals. */
export const SUPPORTED_FORMATS =
  'convlens reads Keras .h5 files (Keras 2 and 3, model.save), .keras archives, a weights .h5 (model.save_weights) ' +
  'with its model.to_json() topology, TensorFlow.js layers models (model.json with its weight files) and ONNX files (torch.onnx.export)';
