/**
 * Which model a widget uses: the one a new session opens (the student's own files, a model
 * gone back to, the `model` attribute's, the default), switching to one just loaded in the
 * worker (files given, a card answered), and going back to the model before when the weights
 * of the one in use fail while computing. Apart from the controller (controller.ts), which
 * shows whatever model its session runs: this is where the choice between models is made.
 */
import type { BackendInfo, ModelSummary, Progress } from '../../worker/contract';
import { proxy } from 'comlink';
import { DEFAULT_MODEL } from './attributes';
import type { HeadlineKey } from '../languages/errors';
import type { ModelCard } from '../views/model-card';
import { ModelHistory } from './model-history';
import { completeNames } from './model-names';
import { OwnModel, type OwnModelHost } from './own-model';
import type { Session } from './session';
import { isWorkerLost } from './worker-client';

/** What the controller lends: its session, showing the model it runs, and the rest the own model needs. */
export interface ModelSwitchHost extends Pick<OwnModelHost, 'settled' | 'pick' | 'progress'> {
  session(): Session | null;
  /** The session runs on `url` now (loaded in its worker): show the model and run the image on show on it. */
  switched(url: string, summary: ModelSummary, backend: BackendInfo): void;
  fail(error: unknown, headline?: HeadlineKey): void;
}

export class ModelSwitch {
  readonly history = new ModelHistory();
  /** A model given as files (dropped, picked, pasted) and the model card. */
  readonly own: OwnModel;

  constructor(private readonly host: ModelSwitchHost, card: ModelCard) {
    this.own = new OwnModel(this.ownHost(), card);
  }

  /** The model a new session opens: the student's own, one gone back to, else the `model` attribute's (`attribute`) or the default. */
  url(attribute: string | null): string {
    return this.own.url ?? this.history.standIn ?? new URL(attribute ?? new URL(DEFAULT_MODEL, import.meta.url).href, document.baseURI).href;
  }

  /** The model at `url` is on show; `namesFilled` runs if class names found beside a hosted model were filled in. */
  shown(summary: ModelSummary, url: string, namesFilled: () => void): void {
    this.own.shown(summary, url);
    this.history.shown(url);
    if (!this.own.url) void completeNames(summary, url).then((filled) => filled && namesFilled());
  }

  /**
   * The weights of the model in use failed while computing: go back to the model before it
   * (loaded again in the same worker) and say so. False when there is none to go back to.
   */
  goBack(error: Error): boolean {
    const session = this.host.session();
    const url = this.history.backFrom(error);
    if (!session || !url) return false;
    const progress = proxy((p: Progress) => this.host.progress(p));
    session.request(`loading the previous model ${url}`, (remote) => Promise.all([this.own.loader(url)(remote, progress, session.channel), remote.init()]))
      .then(([summary, backend]) => {
        if (session !== this.host.session()) return;
        this.own.restore(url);
        this.use(url, summary, backend);
        this.history.wentBack(url, this.own.url !== url);
        this.host.fail(error, 'errWeightsBack');
      })
      .catch((failure) => session === this.host.session() && !isWorkerLost(failure) && this.host.fail(error));
    return true;
  }

  /** A model is loaded in the session's worker (given files, a new card, going back): the session runs on it now. */
  private use(url: string, summary: ModelSummary, backend: BackendInfo): void {
    const session = this.host.session();
    if (!session) return;
    session.useModel(url);
    this.host.switched(url, summary, backend);
  }

  /** What the own-model controller may use. */
  private ownHost(): OwnModelHost {
    return {
      session: () => this.host.session(),
      settled: () => this.host.settled(),
      pick: (file) => this.host.pick(file),
      switchTo: (url, summary, backend) => {
        if (url !== this.history.standIn) this.history.chosen();
        this.use(url, summary, backend);
      },
      progress: (progress) => this.host.progress(progress),
      fail: (error) => this.host.fail(error),
    };
  }
}
