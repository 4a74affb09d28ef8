/**
 * The object (or, for a copy, the object or prefix) a URI names is not there: S3's NoSuchKey, and
 * the local store's missing file, read the same way.
 */
export class NoSuchKeyError extends Error {
  override readonly name = 'NoSuchKeyError';
  /** S3's error code, for callers that match on codes. */
  readonly code = 'NoSuchKey';
  constructor(
    readonly uri: string,
    what: 'object' | 'object or prefix' = 'object',
  ) {
    super(`${uri}: no such ${what}`);
  }
}
