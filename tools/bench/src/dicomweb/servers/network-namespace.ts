import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';

/** Set for the re-run process: the network namespace it was started from, so it can tell it has left it. */
const MARKER = 'TRIAGE_BENCH_PARENT_NETNS';

function networkNamespace(): string {
  return fs.readlinkSync('/proc/self/ns/net');
}

/**
 * Orthanc 1.10 cannot bind to loopback only, so the benchmark runs in a network namespace that has nothing but
 * `lo`: when not there yet, this re-runs the same command under `unshare -n` (needs root or CAP_SYS_ADMIN) and
 * returns its exit code; inside, it brings `lo` up and returns undefined.
 */
export async function inLoopbackNamespace(): Promise<number | undefined> {
  const parent = process.env[MARKER];
  if (parent !== undefined) {
    // PID 1's namespace is often unreadable in containers, so the parent's own is the reference.
    if (networkNamespace() === parent) throw new Error(`unshare -n left this process in its parent's network namespace ${parent}`);
    execFileSync('ip', ['link', 'set', 'lo', 'up']);
    return undefined;
  }
  const args = ['-n', '--', process.execPath, ...process.execArgv, ...process.argv.slice(1)];
  const child = spawn('unshare', args, { stdio: 'inherit', env: { ...process.env, [MARKER]: networkNamespace() } });
  return new Promise((resolve, reject) => {
    child.on('error', (error) => reject(new Error(`cannot run unshare -n (root needed): ${error.message}`)));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}
