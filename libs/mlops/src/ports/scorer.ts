import type { ImageScore, ScoringModel } from '@triage/inference';

export type { ImageFeatures } from '@triage/monitoring';
export type { ImageScore, ScoringModel };

/** Scores one Part 10 image with a model version, off the caller's event loop (libs/inference's ScoringPool). */
export interface Scorer {
  score(model: ScoringModel, part10: Uint8Array): Promise<ImageScore>;
}

/** Turns a version's modelDataUrl (model.tar.gz) into a folder the scorer loads (libs/inference's materialiseModel behind it). */
export type ModelMaterialiser = (modelDataUrl: string) => Promise<string>;
