export * from './progress/progress';
export * from './definition/pipeline-definition-json';
export * from './pipeline-runner';
export * from './dataset-export/dataset-export-format';
export { exportTrainingDataset, contentHashOf, type ExportTrainingDatasetInput } from './dataset-export/export-training-dataset';
export { imageInstances, instancePart10, type InstanceInDocument } from './dataset-export/instance-part10';
export {
  LocalPipelineRunner,
  localS3Root,
  pipelinesDir,
  JOB_FAILURE_EXCEPTION,
  type LocalPipelineRunnerOptions,
} from './local/local-pipeline-runner';
export { LocalObjectStore, parseS3Uri, NoSuchKeyError, type ObjectStore } from './local/local-object-store';
export { triageImageCommands, type ImageCommand } from './local/image-commands';
export { packTarGz, unpackTarGz } from './local/tar-gz';
export * from './definition/expressions';
export * from './definition/parameters';
export * from './definition/property-file';
export * from './definition/step-settings';
export * from './definition/step';
export * from './definition/processing-step';
export * from './definition/training-step';
export * from './definition/register-model-step';
export * from './definition/condition-step';
export * from './definition/pipeline';
export * from './compile/compile-pipeline';
export * from './triage-pipeline/evaluation-report';
export * from './triage-pipeline/triage-pipeline';
export * from './compile/parameter-defaults';
export { SageMakerPipelineRunner, type SageMakerPipelineRunnerOptions } from './aws/sagemaker-pipeline-runner';
export { readJobLog, type JobLogRead } from './aws/cloudwatch-job-log';
export { jobLogOf, type JobLog } from './aws/sagemaker-step-shapes';
