/**
 * A model file that cannot be read or converted. The message names the file and says what
 * to do instead; it is meant to be shown to the user as is, without a stack.
 */
export class ModelFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFormatError';
  }
}
