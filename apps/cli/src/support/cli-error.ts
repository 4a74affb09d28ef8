/** An error the user can fix: printed as one line, exit code 1 (2 for usage errors). */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
