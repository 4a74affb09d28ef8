import * as path from 'node:path';
import type { Command } from 'commander';
import { auditLogFile, verifyAuditLog } from '@triage/platform';
import { CliError } from '../support/cli-error';
import { ExitStatus } from '../support/exit-status';

/** `triage audit verify`: checks the local audit log's hash chain; exit 1 and one line per problem when tampered. */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description('check the hash chain of <data-dir>/audit/audit.log: names each changed, inserted or removed record')
    .option('--data-dir <dir>', 'data folder (default: $TRIAGE_DATA_DIR, else ./data)')
    .option('--file <file>', 'an audit log file elsewhere (a copy)')
    .action(async (options: { dataDir?: string; file?: string }) => {
      const file = options.file ?? auditLogFile(path.resolve(options.dataDir ?? (process.env['TRIAGE_DATA_DIR'] || './data')));
      let verdict;
      try {
        verdict = await verifyAuditLog(file);
      } catch (error) {
        throw new CliError(`audit verify: ${(error as Error).message}`);
      }
      if (verdict.ok) {
        process.stdout.write(`audit log ${file}: ${verdict.records} records, chain intact (last seq ${verdict.lastSeq})\n`);
        return;
      }
      for (const problem of verdict.problems) process.stdout.write(`${problem.kind}: ${problem.message}\n`);
      process.stderr.write(`triage: audit log ${file} has been tampered with: ${verdict.problems.length} problem(s)\n`);
      throw new ExitStatus(1);
    });
}
