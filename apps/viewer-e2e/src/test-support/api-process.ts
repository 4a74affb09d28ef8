import { spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { workspaceRoot } from '@triage/test-support';

/** The built viewer the API serves at `/` (the test target depends on the viewer's build). */
export const VIEWER_DIST = path.join(workspaceRoot(), 'apps', 'viewer', 'dist');

/** How to start the API: its data folder (kept across restarts), the admin token, anything else to set. */
export interface ApiOptions {
  dataDir: string;
  adminToken: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

/** A running `apps/api/src/main.ts` child process. */
export interface ApiProcess {
  /** `http://127.0.0.1:<port>`: the viewer at `/`, the API beside it. */
  url: string;
  child: ChildProcessByStdio<null, Readable, Readable>;
  /** Everything it wrote so far (stdout, then stderr): shown when something fails. */
  output(): string;
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Sends `signal` and resolves once it has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

/** Every API child still running: killed if the test process exits without stopping them (a failed spec must not leave one). */
const running = new Set<ApiProcess>();
process.once('exit', () => {
  for (const api of running) api.child.kill('SIGKILL');
});

/**
 * Starts the real API from its sources (an app may not import another app: it is spawned by path
 * through tsx, as `npm start` runs it) on a free loopback port, serving the built viewer, with no
 * sample studies; resolves once it prints where it listens.
 */
export function startApi(options: ApiOptions): Promise<ApiProcess> {
  const root = workspaceRoot();
  const child = spawn(process.execPath, ['--conditions=@triage/source', '--import', 'tsx', path.join('apps', 'api', 'src', 'main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TRIAGE_HOST: '127.0.0.1',
      TRIAGE_PORT: '0',
      TRIAGE_DICOM_PORT: '0',
      TRIAGE_LOG_LEVEL: 'warn',
      TRIAGE_SAMPLES: '0',
      TRIAGE_CODEC_WORKERS: '1',
      TRIAGE_VIEWER_DIR: VIEWER_DIST,
      TRIAGE_DATA_DIR: options.dataDir,
      TRIAGE_ADMIN_TOKEN: options.adminToken,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = () => `${stdout}\n${stderr}`;
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const timeoutMs = options.startTimeoutMs ?? 90_000;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the API did not start within ${timeoutMs} ms:\n${output()}`));
    }, timeoutMs);
    const onData = () => {
      const match = /triage api listening on (http:\/\/\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      const api: ApiProcess = {
        url: match[1],
        child,
        output,
        exited,
        stop: (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      };
      running.add(api);
      void exited.then(() => running.delete(api));
      resolve(api);
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the API exited (${code}) before listening:\n${output()}`));
    });
  });
}
