import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

/** The workspace root, where the Dockerfiles run their build commands. */
export const WORKSPACE_ROOT = path.resolve(__dirname, '../../../../..');

/** The bundle script the API Dockerfile runs. */
export const BUNDLE_SCRIPT = 'apps/api/src/image/bundle-image.mjs';

/**
 * The image's /opt/triage/api laid out in `dir` without Docker (there is no engine here): the bundles the build
 * stage writes, and node_modules (the workspace's, linked: a superset of the deps stage's production install).
 */
export async function layOutImage(dir: string): Promise<void> {
  await promisify(execFile)(process.execPath, [BUNDLE_SCRIPT, dir], { cwd: WORKSPACE_ROOT });
  fs.symlinkSync(path.join(WORKSPACE_ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

/** A process started from the laid-out image: its exit code (or signal) once it has exited. */
export interface ImageProcess {
  url: string;
  stop(): Promise<number | NodeJS.Signals | null>;
}

/** Runs `node <entrypoint>` with only `env` (and PATH) set; resolves once it says where it listens. */
export function startEntrypoint(entrypoint: string[], env: Record<string, string>, timeoutMs = 60_000): Promise<ImageProcess> {
  const [command = '', ...args] = entrypoint;
  const child = spawn(command === 'node' ? process.execPath : command, args, {
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entrypoint.join(' ')} did not listen within ${timeoutMs} ms:\n${out}\n${err}`));
    }, timeoutMs);
    child.stdout.on('data', () => {
      const url = /triage api listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        stop: () => {
          child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entrypoint.join(' ')} exited (${code}) before listening:\n${out}\n${err}`));
    });
  });
}

/** Runs a HEALTHCHECK's exec-form command with `env`; resolves with its exit code. */
export async function runHealthcheck(command: string[], env: Record<string, string>): Promise<number> {
  const [program = '', ...args] = command;
  try {
    await promisify(execFile)(program === 'node' ? process.execPath : program, args, { env: { PATH: process.env['PATH'] ?? '', ...env } });
    return 0;
  } catch (error) {
    return (error as { code?: number }).code ?? -1;
  }
}
