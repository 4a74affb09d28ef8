/** One entry PutEvents refused: its index in the publish call, and EventBridge's code and message. */
export interface FailedPutEventsEntry {
  index: number;
  detailType: string;
  errorCode: string;
  errorMessage: string;
}

/**
 * Entries EventBridge still refused after the retries. The entries not named here were published
 * (PutEvents is not transactional), so a caller that retries the call may publish those twice:
 * subscribers deduplicate by event id, as they must for at-least-once delivery anyway.
 */
export class PutEventsError extends Error {
  override readonly name = 'PutEventsError';

  constructor(
    readonly failed: readonly FailedPutEventsEntry[],
    readonly attempts: number,
  ) {
    super(
      `PutEvents refused ${failed.length} entr${failed.length === 1 ? 'y' : 'ies'} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ` +
        failed.map((f) => `#${f.index} ${f.detailType}: ${f.errorCode}: ${f.errorMessage}`).join('; '),
    );
  }
}
