/** Statistics of one model input (values in [0,1] after the training preprocessing): libs/monitoring's ImageFeatures. */
export interface ImageFeatures {
  inputMean: number;
  inputStd: number;
  inputP05: number;
  inputP50: number;
  inputP95: number;
}

/** A registered version, ready to load: its folder holds model.json, the weights and triage-model.json. */
export interface ScoringModel {
  modelPackageArn: string;
  version: number;
  modelDir: string;
}

/** One image's score: per finding, the positive (urgent) class's probability, the finding chosen, and the input's statistics. */
export interface ImageScore {
  scores: Record<string, number>;
  positiveScore: number;
  finding: string;
  features: ImageFeatures;
  timings: { decodeMs: number; predictMs: number };
}

/** Scores one Part 10 image with a model version, off the caller's event loop (libs/inference's ScoringPool fits). */
export interface Scorer {
  score(model: ScoringModel, part10: Uint8Array): Promise<ImageScore>;
}

/** Turns a version's modelDataUrl (model.tar.gz) into a folder the scorer loads (libs/inference's materialiseModel behind it). */
export type ModelMaterialiser = (modelDataUrl: string) => Promise<string>;
