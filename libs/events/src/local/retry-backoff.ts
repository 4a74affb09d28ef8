/** Exponential backoff between a delivery's attempts. */
export interface BackoffOptions {
  /** The first retry waits about this long (ms). */
  baseMs: number;
  /** No wait is longer than this (ms). */
  maxMs: number;
}

/**
 * The wait after attempt `attempt` (1 for the first) failed: min(maxMs, baseMs * 2^(attempt-1)),
 * of which the upper half is jittered. Keeping the lower half fixed makes each wait at least as
 * long as the one before, while subscribers failing together still spread out.
 */
export function retryDelay(attempt: number, backoff: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
