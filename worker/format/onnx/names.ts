/**
 * Short, readable layer names from the exporter's node names. PyTorch writes module paths
 * such as `/features/features.0/features.0.0/Conv`, in which each segment repeats the one
 * before it; the last of such a run says it all: `features.0.0/Conv`. Names stay unique.
 */

/** The shortened form of one exporter node name (no uniqueness). */
export function shortName(name: string): string {
  const segments = name.split('/').filter((segment) => segment !== '');
  const kept = segments.filter((segment, i) => {
    const next = segments[i + 1];
    return next === undefined || !next.startsWith(`${segment}.`);
  });
  return kept.join('/');
}

/** Gives every node a unique display name: the short form, or `<op>_<n>` for unnamed nodes. */
export class LayerNames {
  private readonly used = new Set<string>();
  private readonly counts = new Map<string, number>();

  /** A name not used before, for a node named `name` (may be empty) of type `opType`. */
  take(name: string, opType: string): string {
    const short = shortName(name);
    const base = short !== '' ? short : `${opType}_${this.next(opType)}`;
    let candidate = base;
    for (let n = 1; this.used.has(candidate); n++) candidate = `${base}_${n}`;
    this.used.add(candidate);
    return candidate;
  }

  private next(opType: string): number {
    const n = this.counts.get(opType) ?? 0;
    this.counts.set(opType, n + 1);
    return n;
  }
}
