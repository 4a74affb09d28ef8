/** One thing wrong with an event: where (a JSON pointer into the envelope) and what. */
export interface EventProblem {
  path: string;
  message: string;
}

/** An event that does not match its detail type's schema; nothing was written. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';

  constructor(
    /** The entry's `detail-type` as given (`(none)` when it had none). */
    readonly detailType: string,
    readonly problems: readonly EventProblem[],
  ) {
    // Paths and schema messages only: a value could carry PHI.
    super(`invalid ${detailType} event: ${problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ')}`);
  }
}
