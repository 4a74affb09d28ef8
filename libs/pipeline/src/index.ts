export * from './progress/progress';
export * from './definition/pipeline-definition-json';
export * from './pipeline-runner';
export * from './dataset-export/dataset-export-format';
export { exportTrainingDataset, contentHashOf, type ExportTrainingDatasetInput } from './dataset-export/export-training-dataset';
export {
  LocalPipelineRunner,
  localS3Root,
  pipelinesDir,
  JOB_FAILURE_EXCEPTION,
  type LocalPipelineRunnerOptions,
} from './local/local-pipeline-runner';
export { LocalObjectStore, parseS3Uri } from './local/local-object-store';
export { triageImageCommands, type ImageCommand } from './local/image-commands';
export { packTarGz, unpackTarGz } from './local/tar-gz';
