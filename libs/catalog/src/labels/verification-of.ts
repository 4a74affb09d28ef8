import type { Finding, LabelVersion, Prediction } from '../catalog';

/** What a clinician's label says about what was shown beside it. */
export interface VerificationOutcome {
  verification: 'confirmed' | 'corrected';
  /** The model version whose prediction was shown, when there was one. */
  modelVersion?: string;
}

/**
 * Whether a clinician's finding confirms or corrects what was shown: the model's prediction when
 * there is one, else the previous label; a first label with no prediction confirms (nothing was
 * there to correct).
 */
export function verificationOf(finding: Finding, shown: { prediction?: Prediction; previous?: LabelVersion }): VerificationOutcome {
  if (shown.prediction)
    return { verification: shown.prediction.finding === finding ? 'confirmed' : 'corrected', modelVersion: shown.prediction.modelVersion };
  if (shown.previous && shown.previous.finding !== finding) return { verification: 'corrected' };
  return { verification: 'confirmed' };
}
