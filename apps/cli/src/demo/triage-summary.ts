/** One new study as the worklist ranked it: its priority (the promoted model's pneumonia probability) and what it truly shows. */
export interface RankedStudy {
  priority: number;
  urgent: boolean;
}

/** How well the worklist order separates the urgent studies from the rest. */
export interface TriageSummary {
  studies: number;
  urgent: number;
  /** The first tenth of the worklist (at least one row). */
  firstTenth: number;
  /** Urgent studies the model put in the first tenth. */
  urgentInFirstTenth: number;
  /** What a random order puts there on average: urgent × firstTenth / studies. */
  expectedByChance: number;
  /** The area under the ROC curve of the priority for urgency (null without both kinds). */
  auc: number | null;
}

/** Summarises a worklist order (most urgent first, as the server sorted it). */
export function summariseTriage(order: ReadonlyArray<RankedStudy>): TriageSummary {
  const urgent = order.filter((s) => s.urgent).length;
  const firstTenth = order.length === 0 ? 0 : Math.max(1, Math.round(order.length / 10));
  return {
    studies: order.length,
    urgent,
    firstTenth,
    urgentInFirstTenth: order.slice(0, firstTenth).filter((s) => s.urgent).length,
    expectedByChance: order.length === 0 ? 0 : (urgent * firstTenth) / order.length,
    auc: rocAuc(order),
  };
}

/**
 * The area under the ROC curve of `priority` for `urgent` (Mann-Whitney: the chance that an urgent
 * study outranks a non-urgent one, ties counting half); null without both kinds.
 */
export function rocAuc(studies: ReadonlyArray<RankedStudy>): number | null {
  const positives = studies.filter((s) => s.urgent).map((s) => s.priority);
  const negatives = studies.filter((s) => !s.urgent).map((s) => s.priority);
  if (positives.length === 0 || negatives.length === 0) return null;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

/** The Wilson score 95 % interval of a proportion `successes / trials` (null when there is no trial). */
export function wilson95(successes: number, trials: number): [number, number] | null {
  if (trials === 0) return null;
  const z = 1.959963984540054;
  const p = successes / trials;
  const centre = p + (z * z) / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials));
  const denominator = 1 + (z * z) / trials;
  return [Math.max(0, (centre - margin) / denominator), Math.min(1, (centre + margin) / denominator)];
}
