import { spawn } from 'node:child_process';
import { progress } from '../report/progress';

/** Where a server's DIMSE SCP listens on loopback, and the AE title it answers to. */
export interface DimseEndpoint {
  port: number;
  aeTitle: string;
}

/** What a timed C-STORE run achieved. */
export interface CStoreFigures {
  instancesPerSecond: number;
  seconds: number;
  /** Files storescu reported as not stored, and associations that ended in an error. */
  failed: number;
  firstFailure?: string;
}

/** The calling AE title of every association the benchmark opens. */
export const BENCH_CALLING_AE = 'BENCHSCU';

/**
 * Sends the Part 10 `files` with dcmtk's storescu over `associations` associations at once (one storescu process
 * each, files dealt out in turn, one association per process), from the first process's start to the last one's end.
 */
export async function timedCStore(name: string, endpoint: DimseEndpoint, files: string[], associations: number): Promise<CStoreFigures> {
  const shares = Array.from({ length: associations }, (_, a) => files.filter((_, i) => i % associations === a)).filter((s) => s.length > 0);
  const start = performance.now();
  const outcomes = await Promise.all(shares.map((share) => storescu(endpoint, share)));
  const seconds = (performance.now() - start) / 1000;
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  const firstFailure = outcomes.find((o) => o.failed > 0)?.message;
  const figures = { instancesPerSecond: failed ? NaN : files.length / seconds, seconds, failed, firstFailure };
  progress(
    `${name} C-STORE (storescu, ${shares.length} associations): ${files.length - failed} of ${files.length} stored in ${seconds.toFixed(1)} s (${(files.length / seconds).toFixed(1)}/s)${failed ? `, ${failed} FAILED (first: ${firstFailure})` : ''}`,
  );
  return figures;
}

/** One storescu association sending `files`; failures are the `Store Failed` lines, or every file when it exits non-zero. */
function storescu(endpoint: DimseEndpoint, files: string[]): Promise<{ failed: number; message?: string }> {
  // -R: propose only the SOP classes of the files, so the association is as small as a modality's.
  const args = ['-aet', BENCH_CALLING_AE, '-aec', endpoint.aeTitle, '-R', '127.0.0.1', String(endpoint.port), ...files];
  return new Promise((resolve) => {
    const child = spawn('storescu', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (error) => resolve({ failed: files.length, message: `cannot run storescu: ${error.message}` }));
    child.on('close', (code) => {
      const failures = output.split('\n').filter((line) => /Store Failed|Association Abort|Association Rejected/i.test(line));
      if (code !== 0)
        resolve({ failed: files.length, message: `storescu exited with ${code}: ${output.trim().split('\n').slice(-3).join(' | ')}` });
      else resolve({ failed: failures.length, message: failures[0] });
    });
  });
}
