/**
 * A convlens-graph model.json (an ONNX model converted by the CLI) becomes a loaded model:
 * its graph as stored (read and checked by format/graph-json.ts), its weights from the
 * manifest, one file per node, fetched lazily. Imported only when such a file arrives.
 */
import { ConvlensError } from '../errors';
import { ModelFormatError } from '../format/errors';
import { readGraphModelJson } from '../format/graph-json';
import type { ModelGraph } from './graph';
import { checkDeclaredSize, fileName, fromGraph, readMetadata, type GraphJson, type LoadedModel } from './load-model';
import { ManifestWeights } from './manifest-weights';
import type { FetchFn } from './weights';

export function buildGraphModel(url: string, json: GraphJson, fetchFn: FetchFn): LoadedModel {
  let graph: ModelGraph;
  try {
    graph = readGraphModelJson(json, fileName(url));
  } catch (error) {
    if (error instanceof ModelFormatError) throw new ConvlensError(error.code, error.message);
    throw error;
  }
  checkDeclaredSize(url, json.weightsManifest);
  const weights = new ManifestWeights(json.weightsManifest, url, fetchFn);
  return fromGraph(url, graph, weights, readMetadata(json));
}
