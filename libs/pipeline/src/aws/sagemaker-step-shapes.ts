import type { PipelineExecutionStep as SageMakerStep } from '@aws-sdk/client-sagemaker';
import type {
  PipelineExecutionArn,
  PipelineExecutionStep,
  PipelineExecutionStepMetadata,
  StepName,
  StepStatus,
  StepType,
} from '../pipeline-runner';

/** Where a job step's log is in CloudWatch Logs: SageMaker's log group per job kind, and the job's name (its streams' prefix). */
export interface JobLog {
  logGroupName: '/aws/sagemaker/ProcessingJobs' | '/aws/sagemaker/TrainingJobs';
  jobName: string;
}

/** The job a step ran and where its log is, from the step's Metadata; undefined for steps that run no job. */
export function jobLogOf(metadata: PipelineExecutionStepMetadata): JobLog | undefined {
  if (metadata.ProcessingJob) return { logGroupName: '/aws/sagemaker/ProcessingJobs', jobName: lastSegment(metadata.ProcessingJob.Arn) };
  if (metadata.TrainingJob) return { logGroupName: '/aws/sagemaker/TrainingJobs', jobName: lastSegment(metadata.TrainingJob.Arn) };
  return undefined;
}

// The Metadata kinds that name a step's type when the definition does not (a step SageMaker lists that is not in it).
const TYPE_BY_METADATA: [keyof PipelineExecutionStepMetadata, StepType][] = [
  ['ProcessingJob', 'Processing'],
  ['TrainingJob', 'Training'],
  ['Condition', 'Condition'],
  ['RegisterModel', 'RegisterModel'],
  ['Fail', 'Fail'],
];

/**
 * The port's step from ListPipelineExecutionSteps' entry: status, times (ISO 8601), failure, cache hit
 * and attempts as SageMaker gives them; of Metadata the five kinds the port knows (ProcessingJob,
 * TrainingJob, Condition, RegisterModel, Fail); the type from the definition (`typeOf`), else from
 * Metadata. No Progress on AWS; `Log` names the job's log stream prefix for job steps.
 */
export function portStep(step: SageMakerStep, typeOf: (name: StepName) => string | undefined): PipelineExecutionStep {
  const source = step.Metadata ?? {};
  const metadata: PipelineExecutionStepMetadata = {
    ...(source.ProcessingJob?.Arn !== undefined && { ProcessingJob: { Arn: source.ProcessingJob.Arn } }),
    ...(source.TrainingJob?.Arn !== undefined && { TrainingJob: { Arn: source.TrainingJob.Arn } }),
    ...(source.Condition?.Outcome !== undefined && { Condition: { Outcome: source.Condition.Outcome as 'True' | 'False' } }),
    ...(source.RegisterModel?.Arn !== undefined && { RegisterModel: { Arn: source.RegisterModel.Arn } }),
    ...(source.Fail?.ErrorMessage !== undefined && { Fail: { ErrorMessage: source.Fail.ErrorMessage } }),
  };
  const name = (step.StepName ?? '') as StepName;
  const type = (typeOf(name) ?? TYPE_BY_METADATA.find(([key]) => metadata[key] !== undefined)?.[1] ?? 'Processing') as StepType;
  const cached = step.CacheHitResult?.SourcePipelineExecutionArn;
  const attempts = step.AttemptCount ?? (cached ? 0 : 1);
  const log = jobLogOf(metadata);
  return {
    StepName: name,
    StepType: type,
    StepStatus: (step.StepStatus ?? 'Starting') as StepStatus,
    ...(step.StartTime && { StartTime: step.StartTime.toISOString() }),
    ...(step.EndTime && { EndTime: step.EndTime.toISOString() }),
    ...(step.FailureReason !== undefined && { FailureReason: step.FailureReason }),
    ...(cached !== undefined && { CacheHitResult: { SourcePipelineExecutionArn: cached as PipelineExecutionArn } }),
    AttemptCount: attempts,
    Metadata: metadata,
    ...(log && { Log: { attempt: attempts, location: `${log.logGroupName}/${log.jobName}` } }),
  };
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}
