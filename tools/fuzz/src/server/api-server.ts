import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { workspaceRoot } from '@triage/test-support';

/** The server under test: where it answers, and its process when the fuzzer started it. */
export interface Target {
  url: string;
  token: string;
  /** The C-STORE SCP, when known (`triage dicom listening on HOST:PORT`). */
  dimse?: { host: string; port: number; aeTitle: string };
  /** Our own child process; undefined for a server given by --url. */
  child?: ChildProcess;
  /** A folder the server may import from (ours: under its data folder's parent). */
  workDir: string;
  /** Everything the child wrote (stdout and stderr), for a crash report. */
  log(): string;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 120_000;

/**
 * Starts apps/api from its sources as a child process on a fresh data folder under `workDir`, on
 * free loopback ports (HTTP and DIMSE both port 0), with no sample studies and a fresh admin token.
 */
export async function startOwnServer(workDir: string): Promise<Target> {
  const token = randomBytes(24).toString('hex');
  const dataDir = path.join(workDir, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const child = spawn(process.execPath, ['--conditions=@triage/source', '--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: workspaceRoot(),
    env: {
      ...process.env,
      TRIAGE_HOST: '127.0.0.1',
      TRIAGE_PORT: '0',
      TRIAGE_DICOM_HOST: '127.0.0.1',
      TRIAGE_DICOM_PORT: '0',
      TRIAGE_DATA_DIR: dataDir,
      TRIAGE_ADMIN_TOKEN: token,
      TRIAGE_SAMPLES: '0',
      TRIAGE_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  // Keep the last 64 KB only: a long run must not grow without bound.
  const append = (d: Buffer) => (output = (output + d.toString()).slice(-65536));
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A fuzzer that ends early (an error, Ctrl-C) must not leave its server running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const started = Date.now();
  for (;;) {
    const http = /triage api listening on (http:\/\/\S+)/.exec(output);
    const dicom = /triage dicom listening on (\S+):(\d+) \(AE ([^)]+)\)/.exec(output);
    if (http && dicom) {
      return {
        url: http[1] as string,
        token,
        dimse: { host: (dicom[1] as string).replace(/^\[|\]$/g, ''), port: Number(dicom[2]), aeTitle: dicom[3] as string },
        child,
        workDir,
        log: () => output,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          await exited;
          clearTimeout(timer);
        },
      };
    }
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the API exited before listening:\n${output}`);
    if (Date.now() - started > START_TIMEOUT_MS) {
      child.kill('SIGKILL');
      throw new Error(`the API did not listen within ${START_TIMEOUT_MS} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A server someone else runs (`--url`, `--token`, optionally `--dimse HOST:PORT`). */
export function existingServer(url: string, token: string, workDir: string, dimse?: Target['dimse']): Target {
  return { url: url.replace(/\/$/, ''), token, dimse, workDir, log: () => '', stop: () => Promise.resolve() };
}

/** Whether our child is still running (always true for a server given by --url: /healthz says the rest). */
export function isRunning(target: Target): boolean {
  return !target.child || (target.child.exitCode === null && target.child.signalCode === null);
}

/** Peak resident memory of our child in MiB (VmHWM of /proc/PID/status); NaN for a server we did not start. */
export function peakResidentMiB(target: Target): number {
  const pid = target.child?.pid;
  if (pid === undefined) return NaN;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
