import { parseOptions } from './options';
import { formatReport } from './report/table';
import { failureCount } from './report/tally';
import { runFuzz } from './run-fuzz';

// `npm run fuzz -- [options]`: runs the fuzzer, prints the table; exit 1 when any check failed.
async function main(argv: string[]): Promise<number> {
  const report = await runFuzz(parseOptions(argv));
  process.stdout.write(formatReport(report));
  return failureCount(report) > 0 ? 1 : 0;
}

// Ctrl-C ends through process.exit, so the 'exit' handlers stop our server child.
process.once('SIGINT', () => process.exit(130));

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
