import * as path from 'node:path';

/** Where SageMaker mounts everything a container reads and writes. */
export const ML_ROOT = '/opt/ml';

/**
 * The real path of a SageMaker container path. On SageMaker it is the path itself; the local runner
 * sets TRIAGE_ML_ROOT to the step's own folder under the data directory, and `/opt/ml/...` maps
 * there, so the entry points are written once against SageMaker's contract.
 */
export function mlPath(containerPath: string): string {
  if (containerPath !== ML_ROOT && !containerPath.startsWith(`${ML_ROOT}/`)) throw new Error(`${containerPath} is not under ${ML_ROOT}`);
  const root = process.env['TRIAGE_ML_ROOT'];
  return root ? path.join(root, containerPath.slice(ML_ROOT.length)) : containerPath;
}

/** SageMaker's training job paths. */
export const TRAINING_PATHS = {
  hyperparameters: '/opt/ml/input/config/hyperparameters.json',
  channel: (name: string) => `/opt/ml/input/data/${name}`,
  model: '/opt/ml/model',
  outputData: '/opt/ml/output/data',
  failure: '/opt/ml/output/failure',
  checkpoints: '/opt/ml/checkpoints',
} as const;

/** Where the triage pipeline's processing steps read and write (the definition names the same paths). */
export const PROCESSING_PATHS = {
  input: (name: string) => `/opt/ml/processing/input/${name}`,
  output: (name: string) => `/opt/ml/processing/output/${name}`,
} as const;
