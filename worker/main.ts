/** Worker entry point: exposes the API to the page through Comlink. */
import { expose } from 'comlink';
import { api } from './api';

expose(api);
