import { spawn } from 'node:child_process';
import * as os from 'node:os';

/** Signals `up` passes on to the API, so it can finish in-flight writes and close the store. */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs the API as a child process with this environment, its output straight to ours; forwards
 * SIGINT/SIGTERM/SIGHUP; resolves to its exit code (128 + signal number when a signal ended it).
 * The child gets a process group of its own so a terminal's Ctrl-C reaches it once, through us.
 */
export function supervise(nodeArgs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: process.platform !== 'win32',
    });
    const forward = (signal: NodeJS.Signals): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    // Should `up` itself die of an error, the API must not outlive it unsupervised.
    const orphanGuard = (): void => forward('SIGTERM');
    for (const s of FORWARDED) process.on(s, forward);
    process.on('exit', orphanGuard);
    const done = (): void => {
      for (const s of FORWARDED) process.off(s, forward);
      process.off('exit', orphanGuard);
    };
    child.once('error', (error) => {
      done();
      reject(error);
    });
    child.once('exit', (code, signal) => {
      done();
      resolve(code ?? 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}
