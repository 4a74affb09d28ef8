import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliError } from '../support/cli-error';
import { apiCommand } from '../supervisor/api-entry';

/** The file the API reads its MLOps settings from, in its data directory (libs/mlops's loader). */
export const MLOPS_CONFIG_FILE = 'mlops.json';

/** The API process the demo started, and how to reach it. */
export interface DemoPlatform {
  url: string;
  /** Which entry runs (the bundle, or the sources through tsx), as `triage up` chose it. */
  entry: string;
  /** The admin token the demo gave the API (TRIAGE_ADMIN_TOKEN): the demo's own throwaway credential. */
  adminToken: string;
  /** The API's logs (JSON lines) and anything else it wrote. */
  logFile: string;
  /** SIGTERM, then waits for it to end (SIGKILL after 20 s). */
  stop(): Promise<void>;
}

/** Where and how to start it. */
export interface StartPlatformOptions {
  dataDir: string;
  /** Written to `<dataDir>/mlops.json` before the API starts. */
  mlops: object;
  /** 0: a free port. */
  port: number;
  startTimeoutMs?: number;
}

/**
 * Starts the API as `triage up` does (the same entry: bundle, else sources through tsx) on the data
 * directory, with its MLOps settings written first, no sample studies, both ports chosen free unless
 * `port` is given, and an admin token of the demo's; resolves once it listens.
 */
export async function startPlatform(options: StartPlatformOptions): Promise<DemoPlatform> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  fs.writeFileSync(path.join(options.dataDir, MLOPS_CONFIG_FILE), `${JSON.stringify(options.mlops, null, 2)}\n`);
  const adminToken = `demo-admin-${randomBytes(18).toString('base64url')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TRIAGE_DATA_DIR: options.dataDir,
    TRIAGE_HOST: '127.0.0.1',
    TRIAGE_PORT: String(options.port),
    TRIAGE_DICOM_HOST: '127.0.0.1',
    TRIAGE_DICOM_PORT: '0',
    TRIAGE_SAMPLES: '0',
    TRIAGE_ADMIN_TOKEN: adminToken,
    TRIAGE_LOG_LEVEL: process.env['TRIAGE_LOG_LEVEL'] || 'info',
  };
  // The file in the data directory is the demo's settings: an override elsewhere must not win.
  delete env['TRIAGE_MLOPS_CONFIG'];
  const logFile = path.join(options.dataDir, 'demo-api.log');
  const log = fs.openSync(logFile, 'a');
  const command = apiCommand(env);
  const child = spawn(process.execPath, command.args, { env, stdio: ['ignore', 'pipe', log] });
  fs.closeSync(log);
  // Should the demo die of an error, the API must not outlive it.
  const orphanGuard = (): void => void child.kill('SIGTERM');
  process.on('exit', orphanGuard);
  try {
    const url = await listening(child, logFile, options.startTimeoutMs ?? 120_000);
    return {
      url,
      entry: command.describe,
      adminToken,
      logFile,
      stop: async () => {
        process.off('exit', orphanGuard);
        await stopChild(child);
      },
    };
  } catch (error) {
    process.off('exit', orphanGuard);
    await stopChild(child);
    throw error;
  }
}

/** The URL of the API's listening line on its stdout (the rest of its stdout goes to the log file). */
function listening(child: ChildProcess, logFile: string, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let found = false;
    const timer = setTimeout(() => fail(`the API did not listen within ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(new CliError(`starting the platform: ${why}; its log: ${logFile}\n${tail(logFile)}`));
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (found) return;
      stdout += chunk.toString();
      const match = /triage api listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        found = true;
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('error', (error) => fail(error.message));
    child.once('exit', (code, signal) => {
      if (!found) fail(`the API exited (${signal ?? code}) before listening`);
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** The last lines of a log, for an error message. */
function tail(file: string, lines = 15): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
