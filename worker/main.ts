/**
 * Worker entry point: exposes the API to the page through Comlink. Comlink copies only
 * name, message and stack of a thrown error; the stable `code` of a ConvlensError is added
 * so the page can choose its translated headline.
 */
import { expose, transferHandlers } from 'comlink';
import { api } from './api';
import { ConvlensError } from './errors';

const thrown = transferHandlers.get('throw')!;
transferHandlers.set('throw', {
  canHandle: thrown.canHandle,
  serialize(value: unknown) {
    const [wire, transferables] = thrown.serialize(value);
    const error = (value as { value?: unknown }).value;
    if (error instanceof ConvlensError) (wire as { value: Record<string, unknown> }).value.code = error.code;
    return [wire, transferables];
  },
  deserialize: thrown.deserialize,
});

expose(api);
