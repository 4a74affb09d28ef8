/** Ends the CLI with this exit code and no message of its own (the child process has said why). */
export class ExitStatus extends Error {
  override readonly name = 'ExitStatus';

  constructor(readonly exitCode: number) {
    super(`exit status ${exitCode}`);
  }
}
