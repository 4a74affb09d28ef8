import * as fs from 'node:fs';
import * as path from 'node:path';
import { reportProgress } from '@triage/pipeline';
import { TRAINING_PATHS, mlPath } from './ml-paths';

/**
 * Runs a container's work the way SageMaker expects of it: exit 0 on success; on failure the reason
 * in /opt/ml/output/failure (SageMaker shows it as the job's FailureReason) and exit 1. Either way
 * the last progress line carries the step's wall time and peak resident memory, so every run
 * records what each step cost.
 */
export async function runContainer(name: string, work: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let ok = true;
  try {
    await work();
  } catch (error) {
    ok = false;
    const reason = error instanceof Error ? error.message : String(error);
    try {
      const failure = mlPath(TRAINING_PATHS.failure);
      fs.mkdirSync(path.dirname(failure), { recursive: true });
      fs.writeFileSync(failure, `${name}: ${reason}\n`);
    } catch {
      // The reason still reaches stderr below.
    }
    process.stderr.write(`${name} failed: ${error instanceof Error ? (error.stack ?? reason) : reason}\n`);
    process.exitCode = 1;
  }
  reportProgress({
    phase: ok ? 'done' : 'failed',
    done: 1,
    total: 1,
    metrics: {
      seconds: Math.round((performance.now() - started) / 100) / 10,
      // resourceUsage().maxRSS is in KiB; worker threads are inside it, child processes are not (the steps start none).
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    },
  });
}
