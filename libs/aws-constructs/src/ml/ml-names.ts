import type { TriageEnvironmentName } from '../environment/triage-environment';

/**
 * The ML stack's physical names, fixed so another stack can name them without a cross-stack export (the API stack
 * deploys alone): the ECR repositories, the SageMaker execution role and the pipeline.
 */
export function mlNames(env: TriageEnvironmentName) {
  return {
    trainingRepository: `triage-${env}-training`,
    apiRepository: `triage-${env}-api`,
    executionRole: `triage-${env}-sagemaker-execution`,
    pipeline: `triage-${env}-pipeline`,
  };
}

/** Where the pipeline's steps write (`<prefix>/<Step>/<output>`), under the training bucket. */
export const PIPELINE_ARTIFACTS_PREFIX = 'pipelines';

/** Where dataset exports land (the pipeline's default InputDataUri), under the training bucket. */
export const DATASET_EXPORTS_PREFIX = 'exports/latest/';
