/** Why a frame could not be decoded or encoded: the codec and what went wrong, in words. */
export class CodecError extends Error {
  override readonly name = 'CodecError';

  constructor(
    /** The codec or decoder that refused, e.g. `openjpeg` or `rle`. */
    readonly codec: string,
    /** What is wrong with the input. */
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${codec}: ${reason}`, options);
  }
}
