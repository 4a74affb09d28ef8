import { createHash } from 'node:crypto';
import type { DriftReference, DriftStatus, ModelMonitor, ScoreRecord } from '../ports/model-monitor';
import type { ImageScore, Scorer, ScoringModel } from '../ports/scorer';

/**
 * A FAKE Scorer: the positive score is a hash of the image's bytes (so scores differ between images and repeat for one),
 * mirrored (1 - s) for the versions listed in `mirrored`, so a version that leaked into the worklist would reverse its order.
 * The real one (libs/inference's ScoringPool) has its own specs.
 */
export function fakeScorer(options: { mirrored?: ReadonlySet<number> } = {}): Scorer & { calls: { version: number; modelDir: string }[] } {
  const calls: { version: number; modelDir: string }[] = [];
  return {
    calls,
    async score(model: ScoringModel, part10: Uint8Array): Promise<ImageScore> {
      calls.push({ version: model.version, modelDir: model.modelDir });
      const h = createHash('sha256').update(part10).digest().readUInt32BE(0) / 0xffffffff;
      const p = Math.round((options.mirrored?.has(model.version) ? 1 - h : h) * 1e6) / 1e6;
      return {
        scores: { normal: 1 - p, pneumonia: p },
        positiveScore: p,
        finding: p >= 0.5 ? 'pneumonia' : 'normal',
        features: { inputMean: h, inputStd: 0.2, inputP05: 0.05, inputP50: h, inputP95: 0.95 },
        timings: { decodeMs: 0, inputMs: 0, predictMs: 0, totalMs: 0 },
      };
    },
  };
}

/** An in-memory ModelMonitor that keeps every score and reports drift crossed on the `crossAt`-th check (counting from 1). */
export function memoryMonitor(options: { crossAt?: number } = {}): ModelMonitor & { scores: ScoreRecord[]; checks: number } {
  const scores: ScoreRecord[] = [];
  const monitor = {
    scores,
    checks: 0,
    async recordScore(score: ScoreRecord) {
      const i = scores.findIndex(
        (s) => s.modelPackageArn === score.modelPackageArn && s.datastoreId === score.datastoreId && s.imageSetId === score.imageSetId,
      );
      if (i >= 0) scores[i] = score;
      else scores.push(score);
    },
    async checkDrift(model: { groupName: string; modelPackageArn: string; version: number }, _reference: DriftReference) {
      monitor.checks += 1;
      const window = scores.filter((s) => s.modelPackageArn === model.modelPackageArn && s.role === 'serving');
      const drifted = options.crossAt !== undefined && monitor.checks >= options.crossAt;
      const status: DriftStatus = {
        ...model,
        checkedAt: window[window.length - 1]?.scoredAt ?? '',
        windowSize: window.length,
        windowStart: window[0]?.scoredAt ?? '',
        windowEnd: window[window.length - 1]?.scoredAt ?? '',
        drifted,
        features: [
          {
            feature: 'inputMean',
            psi: drifted ? 0.9 : 0.01,
            ks: drifted ? 0.6 : 0.05,
            threshold: 0.25,
            ksThreshold: 0.3,
            exceeded: drifted ? ['psi', 'ks'] : [],
            drifted,
          },
        ],
      };
      return { status, crossed: drifted && monitor.checks === options.crossAt };
    },
  };
  return monitor;
}

const STUB_FEATURE = { edges: [0, 1], proportions: [1], sample: [0.5] };

/** A drift reference of one image (its content does not matter to the fake monitor). */
export const STUB_DRIFT_REFERENCE: DriftReference = {
  format: 'triage-drift-reference/1',
  createdAt: '2026-01-01T00:00:00.000Z',
  sampleSize: 1,
  features: {
    score: STUB_FEATURE,
    inputMean: STUB_FEATURE,
    inputStd: STUB_FEATURE,
    inputP05: STUB_FEATURE,
    inputP50: STUB_FEATURE,
    inputP95: STUB_FEATURE,
  },
};
