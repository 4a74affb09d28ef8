/** `triage-model.json`, written beside model.json in /opt/ml/model: what a scorer needs to use the model the way it was trained. */
export interface ModelArtifactMetadata {
  format: 'triage-model/1';
  /** The architecture config the model was built from (see ModelConfig). */
  architecture: string;
  /** [height, width, channels] the model takes. */
  inputShape: [number, number, number];
  /** Class names in output order (the configured findings). */
  classes: string[];
  /** Index of the class whose probability is the priority score (the urgent finding, e.g. pneumonia). */
  positiveClass: number;
  /** How preprocess turned pixels into the input: scorers must do the same. */
  preprocessing: { window: 'file' | 'auto'; resize: 'area' | 'bilinear'; normalise: 'unit' | 'zscore'; mean?: number; std?: number };
  /** The backend that trained it, and the hyperparameters as given. */
  trainedOn: { backend: string; hyperparameters: Record<string, string>; seed: string };
  /** ISO 8601. */
  createdAt: string;
}

export { MODEL_ARTIFACT_METADATA_FILE } from './artifact-files';
