/** Prints how long a synthesis took (a figure for the notes, never an assertion). */
export function synthSeconds(what: string, ms: number): void {
  process.stdout.write(`cdk synthesis (${what}, with validation and cdk-nag): ${(ms / 1000).toFixed(1)} s\n`);
}
