/** The one error type this decoder throws: every malformed-input path ends here with a message saying what was wrong. */
export class JpegError extends Error {
  constructor(message: string) {
    super(`JPEG: ${message}`);
    this.name = 'JpegError';
  }
}
