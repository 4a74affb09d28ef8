import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** The workspace root, for spawning the CLI from its sources. */
export const root = path.resolve(__dirname, '../../../..');

/** What a finished CLI process left behind. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `triage` process from its sources, asynchronously: the test's own HTTP server
 * must keep answering while the CLI talks to it.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--conditions=@triage/source', '--import', 'tsx', path.join(root, 'apps/cli/src/main.ts'), ...args],
      {
        cwd: root,
        env: { ...process.env, TRIAGE_TOKEN: '', TRIAGE_ADMIN_TOKEN: '', TRIAGE_URL: '', TRIAGE_DICOM_PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
