import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { parseProgressLine, type StepProgress } from '@triage/pipeline';

const REPO_ROOT = path.resolve(__dirname, '../../../../..');

/** What one run of the training image's entry point did. */
export interface StepRun {
  code: number | null;
  progress: StepProgress[];
  stdout: string;
  stderr: string;
}

/**
 * Runs `main.ts <step> ...args` as its own process, the way the local runner starts a container:
 * node with the source condition and tsx, TRIAGE_ML_ROOT mapping /opt/ml to `mlRoot`.
 */
export function runTrainingStep(step: string, args: string[], mlRoot: string, env: Record<string, string> = {}): Promise<StepRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=@triage/source', '--import', 'tsx', 'apps/training/src/main.ts', step, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, TRIAGE_ML_ROOT: mlRoot, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const progress = stdout
        .split('\n')
        .map(parseProgressLine)
        .filter((p): p is StepProgress => p !== undefined);
      resolve({ code, progress, stdout, stderr });
    });
  });
}
