/** What `triage demo` runs: sizes, seed, the platform's MLOps settings, where its data goes, and how long each wait may take. */
export interface DemoOptions {
  /** Studies generated, stored, and (the first `verify` of them) verified: the training data. */
  studies: number;
  verify: number;
  /** New studies stored after the model is promoted, to be triaged. */
  newStudies: number;
  seed: string;
  /** Rows and columns of each radiograph. */
  size: number;
  /** Share of pneumonia cases. */
  prevalence: number;
  /** trigger.minNewLabels of the demo's mlops.json. */
  minNewLabels: number;
  /** Optional mlops.json settings: hyperparameters.epochs, hyperparameters.batchSize, accuracyThreshold. */
  epochs?: number;
  batchSize?: number;
  accuracyThreshold?: number;
  /** Absent: a new temporary folder. */
  dataDir?: string;
  /** Keep the data folder (and print how to open the viewer on it). */
  keep: boolean;
  /** The API's port (0: a free one). */
  port: number;
  /** How long the trigger may take to start a run once the labels are in. */
  triggerTimeoutMs: number;
  /** How long any other wait may take (the run, the promotion, the predictions). */
  timeoutMs: number;
}

/** The model package group the pipeline registers into (libs/mlops's default, the pipeline's ModelPackageGroupName). */
export const DEMO_MODEL_GROUP = 'triage-chest-xray';

/** The mlops.json the demo writes into the data folder before the API starts. */
export function demoMlopsConfig(options: DemoOptions): object {
  const hyperparameters = {
    ...(options.epochs !== undefined && { epochs: options.epochs }),
    ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
  };
  return {
    trigger: { minNewLabels: options.minNewLabels },
    promotion: { policy: 'auto' },
    ...(options.accuracyThreshold !== undefined && { accuracyThreshold: options.accuracyThreshold }),
    ...(Object.keys(hyperparameters).length > 0 && { hyperparameters }),
  };
}
