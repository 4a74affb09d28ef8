/** The namespace the loop functions' Powertools metrics go to (EMF), with the function's name as dimension `service`. */
export const TRIAGE_METRICS_NAMESPACE = 'Triage';

/** SageMaker Pipelines' own metrics (dimension `PipelineName`). */
export const SAGEMAKER_PIPELINE_NAMESPACE = 'AWS/Sagemaker/ModelBuildingPipeline';

/** The counters each loop function writes (libs/mlops's handler cores, through apps/lambdas' Powertools). */
export const TRIAGE_METRICS = {
  'image-ingestion': ['ImageSetsScored', 'ImageSetsNotScored', 'ShadowScores', 'DriftDetected', 'WorklistRescored'],
  'pipeline-trigger': ['VerifiedLabels', 'RedeliveredLabels', 'PipelineRunsStarted'],
  'model-registry': ['ModelsApproved', 'ModelsPromoted', 'RedeliveredApprovals'],
} as const;
