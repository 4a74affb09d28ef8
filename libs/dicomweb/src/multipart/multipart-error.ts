/** A multipart body that cannot be read: `status` is the HTTP status to answer with (400, 413, 415). */
export class MultipartError extends Error {
  override readonly name = 'MultipartError';
  constructor(
    readonly reason: string,
    readonly status: 400 | 413 | 415 = 400,
  ) {
    super(reason);
  }
}
