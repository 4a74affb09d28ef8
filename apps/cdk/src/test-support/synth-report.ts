/** Prints how long synthesis took, and building the stacks when given (figures for the notes, never an assertion). */
export function synthSeconds(what: string, synthMs: number, constructMs?: number): void {
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const built = constructMs === undefined ? '' : `stacks built in ${seconds(constructMs)} (Lambda bundling included), `;
  process.stdout.write(`cdk ${what}: ${built}synthesised in ${seconds(synthMs)} (validation and cdk-nag included)\n`);
}
