import * as fs from 'node:fs';
import * as path from 'node:path';
import { TRAINING_PATHS, mlPath } from './ml-paths';

/**
 * Runs a container's work the way SageMaker expects of it: exit 0 on success; on failure the reason
 * in /opt/ml/output/failure (SageMaker shows it as the job's FailureReason) and exit 1.
 */
export async function runContainer(name: string, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    const reason = error instanceof Error ? `${error.message}` : String(error);
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
}
