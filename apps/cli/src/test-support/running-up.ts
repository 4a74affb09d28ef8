import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { root } from './run-cli';

/** A `triage up` process serving the real API from its sources. */
export interface RunningUp {
  process: ChildProcessByStdio<null, Readable, Readable>;
  /** http://127.0.0.1:PORT */
  url: string;
  /** What it wrote on stderr so far (the API's logs). */
  log(): string;
  /** SIGTERM, then waits for it to end; resolves with its exit code. */
  stop(): Promise<number | null>;
}

/**
 * Starts `triage up --port 0` on `dataDir` (no samples, DICOM on a free port, the API from source
 * so a stale bundle is never what a test checks) and waits for its listening line.
 */
export async function startUp(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<RunningUp> {
  const child = spawn(
    process.execPath,
    ['--conditions=@triage/source', '--import', 'tsx', path.join(root, 'apps/cli/src/main.ts'), 'up', '--port', '0', '--data-dir', dataDir],
    {
      cwd: root,
      env: {
        ...process.env,
        TRIAGE_SAMPLES: '0',
        TRIAGE_DICOM_PORT: '0',
        TRIAGE_LOG_LEVEL: 'warn',
        TRIAGE_API_ENTRY: path.join(root, 'apps/api/src/main.ts'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      const match = /triage api listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`triage up exited (${code}) before listening: ${log}`)));
  });
  return {
    process: child,
    url,
    log: () => log,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}
