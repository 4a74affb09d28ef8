import type { BackendName } from '@triage/model';
import type { ImageScore, ScoringModel } from '../scoring-model';

/** What a scoring worker is started with. */
export interface ScoringWorkerInit {
  /** Forced backend; default selectBackend's choice (TRIAGE_TF_BACKEND, else the first that runs). */
  backend?: BackendName;
  /** Loaded models kept per worker, least recently used dropped first. */
  maxModels: number;
}

/** One image to score; `part10` arrives transferred. */
export interface ScoreRequest {
  id: number;
  model: ScoringModel;
  part10: Uint8Array;
}

export type ScoreReply = { id: number; ok: true; score: ImageScore } | { id: number; ok: false; message: string };
