import type { Command } from 'commander';
import { CliError } from '../support/cli-error';
import { ExitStatus } from '../support/exit-status';
import { positiveInt } from '../support/parse-number';
import { apiCommand, workspaceRoot } from '../supervisor/api-entry';
import { supervise } from '../supervisor/supervise';
import { ensureViewerBuilt } from '../supervisor/viewer-build';

interface UpOptions {
  port?: string;
  host?: string;
  dataDir?: string;
}

/** `triage up`: builds the viewer when stale, then runs the API (DICOMweb, HealthImaging, the viewer, sample studies on first start) in the foreground. */
export function registerUp(program: Command): void {
  program
    .command('up')
    .description(
      'run the platform: the API on $TRIAGE_HOST:$TRIAGE_PORT (default 127.0.0.1:8080), data in $TRIAGE_DATA_DIR (default ./data)',
    )
    .option('--port <port>', 'listen on this port (sets TRIAGE_PORT)')
    .option('--host <host>', 'listen on this address (sets TRIAGE_HOST)')
    .option('--data-dir <dir>', 'data folder (sets TRIAGE_DATA_DIR)')
    .action(async (options: UpOptions) => {
      const env = { ...process.env };
      if (options.port !== undefined) {
        if (options.port !== '0') positiveInt('--port', options.port, 65535);
        env['TRIAGE_PORT'] = options.port;
      }
      if (options.host !== undefined) {
        if (options.host.trim() === '') throw new CliError('--host: empty', 2);
        env['TRIAGE_HOST'] = options.host;
      }
      if (options.dataDir !== undefined) env['TRIAGE_DATA_DIR'] = options.dataDir;
      const command = apiCommand(env);
      ensureViewerBuilt(workspaceRoot(), env);
      const code = await supervise(command.args, env);
      if (code !== 0) throw new ExitStatus(code);
    });
}
