import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';

/** A server the benchmark started: its process, where it logs, and how to stop it. */
export interface ServerProcess {
  child: ChildProcess;
  logFile: string;
  /** Resolves with a description of how the process ended. */
  exited: Promise<string>;
}

/** Starts `command args` with stdout and stderr going to `logFile` (never to ours: it could carry tokens). */
export function startProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logFile: string },
): ServerProcess {
  const log = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const exited = new Promise<string>((resolve) => {
    child.on('error', (error) => resolve(`could not start: ${error.message}`));
    child.on('exit', (code, signal) => resolve(signal ? `killed by ${signal}` : `exited with ${code}`));
  });
  return { child, logFile: options.logFile, exited };
}

/** Polls `ready` every 100 ms until it is true; fails if the process ends first or after `seconds`. */
export async function waitUntilReady(server: ServerProcess, name: string, seconds: number, ready: () => Promise<boolean>): Promise<void> {
  let ended: string | undefined;
  void server.exited.then((how) => (ended = how));
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (ended) throw new Error(`${name} ${ended} before it was ready; its log: ${server.logFile}\n${tail(server.logFile)}`);
    if (await ready().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} not ready after ${seconds} s; its log: ${server.logFile}\n${tail(server.logFile)}`);
}

/** Stops the process (SIGTERM, then SIGKILL after 10 s) and waits for it to end. */
export async function stopProcess(server: ServerProcess): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await server.exited;
  clearTimeout(timer);
}

/** Peak resident memory of a running process in MiB (VmHWM of /proc/PID/status); NaN when unknown. */
export function peakResidentMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function tail(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
