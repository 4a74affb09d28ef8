import type { ImageFeatures } from '@triage/monitoring';

/** A registered version, ready to load: its folder holds model.json, the weights and triage-model.json. */
export interface ScoringModel {
  modelPackageArn: string;
  version: number;
  modelDir: string;
}

/** What scoring one image gives: the model's probability per class, the urgent one's, the likeliest finding, the input's statistics. */
export interface ImageScore {
  /** Probability per class name (metadata.classes); with a one-unit sigmoid head, every other class gets 1 - p. */
  scores: Record<string, number>;
  /** The probability of metadata.classes[metadata.positiveClass]: the priority. */
  positiveScore: number;
  /** The class with the highest probability. */
  finding: string;
  /** Statistics of the model input, for drift. */
  features: ImageFeatures;
  /** Milliseconds in the worker: parse and decode (with window), resize to the input, predict, and the three together. */
  timings: { decodeMs: number; inputMs: number; predictMs: number; totalMs: number };
}
