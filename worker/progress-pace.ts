/**
 * Paces byte-progress reports to the page: a file's first and last report always go, and in
 * between at most one every PROGRESS_INTERVAL_MS. A file from a fast server arrives in dozens
 * of chunks, and every report is a message the page's main thread handles and a status line it
 * lays out again; ten a second are as many as a progress bar can show.
 */
export const PROGRESS_INTERVAL_MS = 100;

export type ByteReport = (loaded: number, total: number) => void;

/**
 * `report`, called at most once per `intervalMs` except for the first and the final call
 * (loaded ≥ total; a total of 0, unknown, has no final one: the next phase says it is done).
 */
export function paced(report: ByteReport, intervalMs = PROGRESS_INTERVAL_MS, now = () => performance.now()): ByteReport {
  let last = -Infinity;
  return (loaded, total) => {
    const time = now();
    const final = total > 0 && loaded >= total;
    if (!final && time - last < intervalMs) return;
    last = time;
    report(loaded, total);
  };
}

/** Paced reports per key (a layer's weight files): each key keeps its own first and last. */
export function pacedBy<K>(report: (key: K, loaded: number, total: number) => void, intervalMs = PROGRESS_INTERVAL_MS, now = () => performance.now()): (key: K, loaded: number, total: number) => void {
  const byKey = new Map<K, ByteReport>();
  return (key, loaded, total) => {
    let pace = byKey.get(key);
    if (!pace) byKey.set(key, (pace = paced((l, t) => report(key, l, t), intervalMs, now)));
    pace(loaded, total);
  };
}
