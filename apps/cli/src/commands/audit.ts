import * as path from 'node:path';
import type { Command } from 'commander';
import type { AuditHead } from '@triage/platform';
import { SqliteAuditAnchor, auditAnchorFile, auditLogFile, verifyAuditLog } from '@triage/platform';
import { CliError } from '../support/cli-error';
import { ExitStatus } from '../support/exit-status';

interface VerifyOptions {
  dataDir?: string;
  file?: string;
  anchor?: string;
}

/**
 * `triage audit verify`: checks the local audit log's hash chain, and its end against the head the
 * API anchors beside it; exit 1 and one line per problem when tampered.
 */
export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the audit log');
  audit
    .command('verify')
    .description(
      'check the hash chain of <data-dir>/audit/audit.log, and that it reaches the head anchored in <data-dir>/audit-head.sqlite: names each changed, inserted, removed or truncated record',
    )
    .option('--data-dir <dir>', 'data folder (default: $TRIAGE_DATA_DIR, else ./data)')
    .option('--file <file>', 'an audit log file elsewhere (a copy); checked against no anchor unless --anchor names one')
    .option('--anchor <file>', 'the anchor database to check the end against (default: <data-dir>/audit-head.sqlite)')
    .action(async (options: VerifyOptions) => {
      const dataDir = path.resolve(options.dataDir ?? (process.env['TRIAGE_DATA_DIR'] || './data'));
      const file = options.file ?? auditLogFile(dataDir);
      const anchorFile = options.anchor ?? (options.file === undefined ? auditAnchorFile(dataDir) : undefined);
      let verdict;
      try {
        verdict = await verifyAuditLog(file, {
          anchor: anchorFile === undefined ? undefined : readAnchor(anchorFile, options.anchor !== undefined),
        });
      } catch (error) {
        throw new CliError(`audit verify: ${(error as Error).message}`);
      }
      if (verdict.ok) {
        const end =
          verdict.anchoredSeq === undefined
            ? 'no anchor to check the end against'
            : `reaches the anchored head (seq ${verdict.anchoredSeq})`;
        process.stdout.write(`audit log ${file}: ${verdict.records} records, chain intact (last seq ${verdict.lastSeq}), ${end}\n`);
        return;
      }
      for (const problem of verdict.problems) process.stdout.write(`${problem.kind}: ${problem.message}\n`);
      process.stderr.write(`triage: audit log ${file} has been tampered with: ${verdict.problems.length} problem(s)\n`);
      throw new ExitStatus(1);
    });
}

/** The anchored head; a missing database is an error only when it was named explicitly (a log from before anchors has none). */
function readAnchor(file: string, named: boolean): AuditHead | undefined {
  const anchor = SqliteAuditAnchor.openReadOnly(file);
  if (!anchor) {
    if (named) throw new Error(`${file}: no such anchor database`);
    return undefined;
  }
  try {
    return anchor.read();
  } finally {
    anchor.close();
  }
}
