import { CatalogError } from '../catalog-error';
import type { Finding, Prediction } from '../catalog';
import { checkFinding } from '../findings/check-findings';
import { checkLabelKey } from '../labels/check-label-input';

/** How far the scores may sum from 1 (floating point from a model's softmax). */
const SUM_TOLERANCE = 1e-6;

/** Refuses a prediction that names an unconfigured finding, scores another list, or whose numbers are out of range. */
export function checkPrediction(findings: readonly Finding[], prediction: Prediction): void {
  const fail = (message: string): never => {
    throw new CatalogError('ValidationException', message);
  };
  checkLabelKey(prediction.key);
  if (typeof prediction.modelVersion !== 'string' || prediction.modelVersion === '') fail('modelVersion is required');
  checkFinding(findings, prediction.finding);
  const scored = Object.keys(prediction.scores ?? {});
  const missing = findings.filter((f) => !scored.includes(f));
  const unknown = scored.filter((f) => !findings.includes(f));
  if (missing.length || unknown.length)
    fail(
      `scores must give one score per configured finding (${findings.join(', ')}); missing ${JSON.stringify(missing)}, unknown ${JSON.stringify(unknown)}`,
    );
  const values = Object.values(prediction.scores);
  if (!values.every((v) => Number.isFinite(v) && v >= 0 && v <= 1)) fail('every score must be a number from 0 to 1');
  const sum = values.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > SUM_TOLERANCE) fail(`scores must sum to 1, they sum to ${sum}`);
  if (!Number.isFinite(prediction.priority) || prediction.priority < 0 || prediction.priority > 1)
    fail(`priority must be a number from 0 to 1, got ${JSON.stringify(prediction.priority)}`);
  if (typeof prediction.predictedAt !== 'string' || Number.isNaN(Date.parse(prediction.predictedAt)))
    fail(`predictedAt must be an ISO 8601 time, got ${JSON.stringify(prediction.predictedAt)}`);
}
