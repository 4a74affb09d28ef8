import type { MlopsConfig } from './mlops-config';

/** StartPipelineExecution's parameter overrides from the config: the group, the bar, the network and its hyperparameters. */
export function pipelineParameters(config: MlopsConfig): Record<string, string | number> {
  const hp = config.hyperparameters;
  return {
    ModelPackageGroupName: config.modelPackageGroup,
    AccuracyThreshold: config.accuracyThreshold,
    Architecture: config.model.architecture,
    Epochs: hp.epochs,
    BatchSize: hp.batchSize,
    LearningRate: hp.learningRate,
    Patience: hp.patience,
    Seed: hp.seed,
  };
}
