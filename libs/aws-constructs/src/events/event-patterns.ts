import { aws_events as events } from 'aws-cdk-lib';

/** What the patterns filter on: our datastore, model package group and pipeline. */
export interface PatternScope {
  datastoreId: string;
  modelPackageGroupName: string;
  pipelineArn: string;
}

/** The statuses that end a pipeline execution (model-evaluation records each). */
export const FINISHED_PIPELINE_STATUSES = ['Succeeded', 'Failed', 'Stopped'];

/**
 * Every rule's event pattern, as AWS sends the events: HealthImaging's and SageMaker's on the default bus (detail fields
 * as AWS spells them: `datastoreId`, `ModelPackageGroupName`, `pipelineArn`, `currentPipelineExecutionStatus`), ours
 * (source `triage.*`) on the custom bus.
 */
export function triageEventPatterns(scope: PatternScope) {
  return {
    /** Custom bus: a label verified → pipeline-trigger counts it. */
    imageVerified: { source: events.Match.prefix('triage.'), detailType: ['ImageVerified'] } as events.EventPattern,
    /** Custom bus: a new version serves → image-ingestion rescores. */
    modelPromoted: { source: events.Match.prefix('triage.'), detailType: ['ModelPromoted'] } as events.EventPattern,
    /** Default bus: HealthImaging created an image set in our datastore → image-ingestion scores it. */
    imageSetCreated: {
      source: ['aws.medical-imaging'],
      detailType: ['Image Set Created'],
      detail: { datastoreId: [scope.datastoreId] },
    } as events.EventPattern,
    /** Default bus: a version of our group was created or its approval changed → model-registry. */
    modelPackageStateChange: {
      source: ['aws.sagemaker'],
      detailType: ['SageMaker Model Package State Change'],
      detail: { ModelPackageGroupName: [scope.modelPackageGroupName] },
    } as events.EventPattern,
    /** Default bus: our pipeline's execution finished → model-evaluation. */
    pipelineExecutionFinished: {
      source: ['aws.sagemaker'],
      detailType: ['SageMaker Model Building Pipeline Execution Status Change'],
      detail: { pipelineArn: [scope.pipelineArn], currentPipelineExecutionStatus: FINISHED_PIPELINE_STATUSES },
    } as events.EventPattern,
  };
}
