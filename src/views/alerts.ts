/**
 * The widget's two message boxes: the error (role=alert) with a headline in the widget's
 * language over the specific detail, and the warnings (role=status) for problems that did
 * not stop the drawing, such as NaN weights. Every string is text, never markup: details
 * quote file names and model contents.
 */
import { h, setText } from './dom';
import { describeError, type HeadlineKey, type ShownError } from '../languages/errors';
import { MESSAGES, type Messages } from '../languages/i18n';

export class AlertPanel {
  readonly error = h('div', { class: 'error', role: 'alert', hidden: true });
  readonly notice = h('div', { class: 'notice', role: 'status', hidden: true });
  private readonly errorHeadline = h('strong', { class: 'headline' });
  private readonly errorDetail = h('span', { class: 'detail' });
  /** In a language other than English, the worker's English detail folds under "자세히" (Details). */
  private readonly detailToggle = h('summary', { class: 'detail-toggle' });
  private readonly detailFold = h('details', { class: 'detail-fold' }, [this.detailToggle]);
  private readonly noticeFold = h('details', { class: 'detail-fold' }, [h('summary', { class: 'detail-toggle' })]);
  private readonly noticeHeadline = h('strong', { class: 'headline' });
  private readonly noticeList = h('ul', { class: 'detail' });
  private shown: { error: unknown; headline?: HeadlineKey } | null = null;
  private readonly warnings = new Set<string>();
  private messages: Messages;

  constructor(messages: Messages) {
    this.messages = messages;
    this.error.append(this.errorHeadline, this.detailFold);
    this.notice.append(this.noticeHeadline, this.noticeFold);
    this.placeDetails();
  }

  /** Shows `error`; `headline` replaces the one its code would choose. Returns what is shown. */
  showError(error: unknown, headline?: HeadlineKey): ShownError {
    this.shown = { error, headline };
    return this.renderError()!;
  }

  clearError(): void {
    this.shown = null;
    this.renderError();
  }

  /** Adds warnings (each shown once) under one translated headline. */
  addWarnings(warnings: readonly string[]): void {
    const before = this.warnings.size;
    warnings.forEach((warning) => this.warnings.add(warning));
    if (this.warnings.size !== before) this.renderNotice();
  }

  clearWarnings(): void {
    this.warnings.clear();
    this.renderNotice();
  }

  translate(messages: Messages): void {
    this.messages = messages;
    this.placeDetails();
    this.renderError();
    this.renderNotice();
  }

  /** English details stand open in English; in another language they fold under its word for "Details". */
  private placeDetails(): void {
    const fold = this.messages !== MESSAGES.en;
    for (const [box, folder, detail] of [[this.error, this.detailFold, this.errorDetail], [this.notice, this.noticeFold, this.noticeList]] as const) {
      if (fold) folder.append(detail);
      else box.append(detail);
      folder.hidden = !fold;
      setText(folder.querySelector('summary')!, this.messages.details);
    }
  }

  private renderError(): ShownError | null {
    const shown = this.shown;
    this.error.hidden = !shown;
    if (!shown) {
      delete this.error.dataset.code;
      return null;
    }
    const described = describeError(shown.error, this.messages);
    const headline = shown.headline ? this.messages[shown.headline] : described.headline;
    if (described.code) this.error.dataset.code = described.code;
    else delete this.error.dataset.code;
    setText(this.errorHeadline, headline);
    setText(this.errorDetail, described.detail);
    return { ...described, headline };
  }

  private renderNotice(): void {
    this.notice.hidden = this.warnings.size === 0;
    setText(this.noticeHeadline, this.messages.warnWeights);
    this.noticeList.replaceChildren(...[...this.warnings].map((warning) => h('li', {}, [warning])));
  }
}
