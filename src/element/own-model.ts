/**
 * A student's own model in <conv-lens>: files dropped, picked or pasted go to the worker's
 * `loadFiles`; when it accepts them the widget switches to the new model (its key is a
 * synthetic URL), and when it refuses them the widget says why and keeps its previous model.
 * The files are kept, because a restarted worker has forgotten them: opening the model
 * again gives them again (same content, same key). A card answer remembered for the model
 * (sessionStorage) is applied before the model is shown.
 */
import { proxy } from 'comlink';
import type { BackendInfo, ModelSummary, Progress } from '../../worker/contract';
import type { ModelCard } from '../views/model-card';
import { recallCard, rememberCard, routeFiles, type CardAnswer } from '../inputs/model-files';
import { nameOf } from '../inputs/sources';
import { isWorkerLost, type WorkerRemote } from './worker-client';

/** Loads the summary of the model a session opens, in place of `remote.load(url)`; `onProgress` is already a Comlink proxy. */
export type ModelLoader = (remote: WorkerRemote, onProgress: (progress: Progress) => void, channel: string) => Promise<ModelSummary>;

/** The part of a Session this module uses: one guarded worker call (`touch` re-arms the stall watchdog). */
export interface ModelSession {
  /** The widget's channel in the worker: a model loaded for it becomes its model there. */
  readonly channel: string;
  request<T>(what: string, call: (remote: WorkerRemote, touch: () => void) => Promise<T>): Promise<T>;
}

/** What the element lends: its session, and what to do with a photo, a new model or a failure. */
export interface OwnModelHost {
  /** The widget's session, or null when it has none (not in a document, or the worker stopped). */
  session(): ModelSession | null;
  /** Resolves when the model in use has loaded or failed (never rejects). */
  settled(): Promise<void>;
  /** A dropped photo: the photo path, as before. */
  pick(file: File): void;
  /** `url` is loaded in the session's worker: show it, and run the image on show on it. */
  switchTo(url: string, summary: ModelSummary, backend: BackendInfo): void;
  progress(progress: Progress): void;
  fail(error: unknown): void;
}

/** A model given as files: its key in the worker and the files (to give again to a restarted worker). */
interface GivenModel {
  url: string;
  files: File[];
}

/** A model's name for the widget: the files' names, or the URL's last segment ("cifar10/model.json" for a model.json). */
export function modelLabel(url: string, files?: readonly File[] | null): string {
  if (files && files.length > 0) return files.map((file) => file.name).join(', ');
  const path = url.split(/[?#]/)[0].split('/').filter(Boolean);
  const last = nameOf(url);
  return last === 'model.json' && path.length > 1 ? `${nameOf(path.slice(0, -1).join('/'))}/${last}` : last;
}

/**
 * Applies the answer remembered for `url` when the model does not know its metadata;
 * resolves with the summary to show.
 */
export async function recallMetadata(remote: WorkerRemote, url: string, summary: ModelSummary): Promise<ModelSummary> {
  if (summary.metadata.known !== false) return summary;
  const answer = recallCard(url);
  return answer ? remote.setMetadata(url, answer) : summary;
}

export class OwnModel {
  private given: GivenModel | null = null;
  /** The files given before (the widget may go back to them). */
  private before: GivenModel | null = null;
  /** The model on show (its card answers go to it). */
  private shownUrl: string | null = null;
  private token = 0;

  constructor(
    private readonly host: OwnModelHost,
    private readonly card: ModelCard,
  ) {}

  /** The key of the model given as files that is in use, or null (the `model` attribute's is). */
  get url(): string | null {
    return this.given?.url ?? null;
  }

  /** Back to the `model` attribute's model (it changed); a load in progress is dropped. */
  forget(): void {
    this.before = this.given ?? this.before;
    this.given = null;
    this.token++;
    this.card.loading(null);
  }

  /** How a session opens `url`: given files again when the worker forgot them, then the remembered card answer. */
  loader(url: string): ModelLoader {
    const files = [this.given, this.before].find((given) => given?.url === url)?.files ?? null;
    return async (remote, onProgress, channel) => {
      const summary = files ? await reload(remote, url, files, onProgress, channel) : await remote.load(url, onProgress, channel);
      return recallMetadata(remote, url, summary);
    };
  }

  /** The widget went back to `url`: files given before are its own model again; a URL is the attribute's kind. */
  restore(url: string): void {
    const back = [this.given, this.before].find((given) => given?.url === url) ?? null;
    if (back !== this.given) this.before = this.given;
    this.given = back;
  }

  /** Shows `summary` of the model at `url` on the card. */
  shown(summary: ModelSummary, url: string): void {
    const files = this.given?.url === url ? this.given.files : null;
    this.shownUrl = url;
    this.card.show(summary, modelLabel(url, files), summary.metadata.known !== false && recallCard(url) !== null);
  }

  /** Dropped, pasted or picked files: photos take the photo path, anything else the model path. */
  async route(files: File[]): Promise<void> {
    const route = await routeFiles(files);
    if (route?.kind === 'photo') this.host.pick(route.file);
    else if (route?.kind === 'model') await this.give(route.files);
  }

  /** Loads `files` as a model and switches to it; a refusal is shown and the model in use stays. */
  async give(files: File[]): Promise<void> {
    const token = ++this.token;
    const name = modelLabel('', files);
    this.card.loading(name);
    await this.host.settled();
    const session = this.host.session();
    try {
      // No session: not in a document, or the worker stopped for good (the widget said so).
      if (!session) throw Object.assign(new Error('<conv-lens> is not running (not in a document, or its computation stopped), so the model was not read.'), { code: 'worker-stopped' });
      this.host.progress({ phase: 'model', loaded: 0, total: 1 });
      const { url, summary, backend } = await session.request(`reading the model files ${name}`, (remote, touch) =>
        loadGiven(remote, files, proxy((progress: Progress) => (touch(), this.host.progress(progress))), session.channel));
      if (token !== this.token || session !== this.host.session()) return;
      if (this.given?.url !== url) this.before = this.given ?? this.before;
      this.given = { url, files };
      this.host.switchTo(url, summary, backend);
    } catch (error) {
      // A lost worker is the element's to report (it restarts with the model it had).
      if (token === this.token && !isWorkerLost(error)) this.host.fail(error);
    } finally {
      if (token === this.token) this.card.loading(null);
    }
  }

  /** The student answered the card of the model on show: remember it, set it, show the model again. */
  async apply(answer: CardAnswer): Promise<void> {
    const url = this.shownUrl;
    const session = this.host.session();
    if (!url || !session) return;
    rememberCard(url, answer);
    try {
      const [summary, backend] = await session.request('setting the model card', (remote) => Promise.all([remote.setMetadata(url, answer), remote.init()]));
      if (session === this.host.session()) this.host.switchTo(url, summary, backend);
    } catch (error) {
      if (!isWorkerLost(error)) this.host.fail(error);
    }
  }
}

/** loadFiles in a worker, with the remembered card answer applied and the backend in use. */
async function loadGiven(
  remote: WorkerRemote, files: File[], onProgress: (progress: Progress) => void, channel: string,
): Promise<{ url: string; summary: ModelSummary; backend: BackendInfo }> {
  const loaded = await remote.loadFiles(files, onProgress, channel);
  const summary = await recallMetadata(remote, loaded.key, loaded.summary);
  return { url: loaded.key, summary, backend: await remote.init() };
}

/** Gives `files` to a worker that has forgotten them (it was restarted); they must make the same key. */
async function reload(remote: WorkerRemote, url: string, files: File[], onProgress: (progress: Progress) => void, channel: string): Promise<ModelSummary> {
  const { key, summary } = await remote.loadFiles(files, onProgress, channel);
  if (key !== url) throw new Error(`The model files gave ${key} after a restart, not ${url}.`);
  return summary;
}
