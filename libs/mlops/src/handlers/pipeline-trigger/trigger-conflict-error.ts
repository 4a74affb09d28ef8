/** A run was asked for by hand while one of the group is in flight: names it (409 over HTTP). */
export class TriggerConflictError extends Error {
  override readonly name = 'ConflictException';
  readonly code = 'ConflictException';
  constructor(
    readonly groupName: string,
    /** The execution in flight; absent while its start is still being recorded. */
    readonly executionArn: string | undefined,
  ) {
    super(
      executionArn === undefined
        ? `a run of ${groupName} is being started; wait for it to end`
        : `a run of ${groupName} is in flight: ${executionArn}; wait for it to end or stop it`,
    );
  }
}
