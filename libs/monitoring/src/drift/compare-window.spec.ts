import { compareWindow, type DriftThresholds } from './compare-window';
import { buildDriftReference, DRIFT_FEATURES, type DriftRow } from './drift-reference';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
/** A row whose every feature is `v`: each feature then gives the same result, computed by hand once. */
const row = (v: number): DriftRow => ({ score: v, inputMean: v, inputStd: v, inputP05: v, inputP50: v, inputP95: v });
/** c(0.001) of the two-sample KS test. */
const KS_C = Math.sqrt(-Math.log(0.0005) / 2);
const T: DriftThresholds = { windowSize: 1000, minWindow: 1, psi: 0.25, ks: 0.3 };

describe('buildDriftReference', () => {
  it('keeps decile edges, proportions and, past 1000 rows, 1000 evenly spaced order statistics', () => {
    const reference = buildDriftReference(range(1, 2000).reverse().map(row), new Date('2026-12-05T10:00:00Z'));
    expect(reference.format).toBe('triage-drift-reference/1');
    expect(reference.createdAt).toBe('2026-12-05T10:00:00.000Z');
    expect(reference.sampleSize).toBe(2000);
    expect(Object.keys(reference.features)).toEqual(DRIFT_FEATURES);
    for (const feature of DRIFT_FEATURES) {
      expect(reference.features[feature].edges).toEqual(range(1, 9).map((k) => 200 * k));
      expect(reference.features[feature].proportions).toEqual(new Array(10).fill(0.1));
      expect(reference.features[feature].sample).toEqual(range(1, 1000).map((i) => 2 * i));
    }
  });

  it('refuses no rows and a value that is not finite', () => {
    expect(() => buildDriftReference([])).toThrow('buildDriftReference: no rows');
    expect(() => buildDriftReference([{ ...row(1), inputStd: NaN }])).toThrow('buildDriftReference: row 0 has inputStd NaN');
  });
});

describe('compareWindow', () => {
  const small = buildDriftReference(range(1, 20).map(row));
  const large = buildDriftReference(range(1, 2000).map(row));
  const times = (v: number, n: number) => new Array<number>(n).fill(v);
  // PSI and KS by hand (drift-statistics.spec has the arithmetic); thresholds are max(configured, noise floor).
  const cases: Array<
    [
      string,
      typeof small,
      number[],
      DriftThresholds,
      { psi: number; ks: number; threshold: number; ksThreshold: number; exceeded: string[] },
    ]
  > = [
    [
      // Floors: 27.877 (1/20 + 1/10) = 4.18 and 1.9495 sqrt(30/200) = 0.755: too few images to call this drift.
      'the lower half of a 20-image reference, 10 images',
      small,
      range(1, 10),
      T,
      { psi: 1.25 * Math.LN2, ks: 0.5, threshold: 27.877 * 0.15, ksThreshold: KS_C * Math.sqrt(0.15), exceeded: [] },
    ],
    [
      // Bins 6-10 hold 0.2 each, 1-5 none (epsilon 0.5 / 2000): 0.5 ln 2 + 5 (0.1 - 0.00025) ln 400.
      'the upper half of a 2000-image reference, 1000 images',
      large,
      range(1001, 2000),
      T,
      { psi: 0.5 * Math.LN2 + 0.49875 * Math.log(400), ks: 0.5, threshold: 0.25, ksThreshold: 0.3, exceeded: ['psi', 'ks'] },
    ],
    [
      // Both tails and the middle: bins 1 and 10 hold 0.25, bin 5 0.5, seven empty; the CDFs differ by 0.25 at most.
      'wider than the reference (PSI only)',
      large,
      [...times(100, 250), ...times(1000, 500), ...times(1900, 250)],
      T,
      {
        psi: 0.3 * Math.log(2.5) + 0.4 * Math.log(5) + 7 * 0.09975 * Math.log(400),
        ks: 0.25,
        threshold: 0.25,
        ksThreshold: 0.3,
        exceeded: ['psi'],
      },
    ],
    [
      'the upper half again, PSI threshold set out of reach (KS only)',
      large,
      range(1001, 2000),
      { ...T, psi: 100 },
      { psi: 0.5 * Math.LN2 + 0.49875 * Math.log(400), ks: 0.5, threshold: 100, ksThreshold: 0.3, exceeded: ['ks'] },
    ],
  ];

  it.each(cases)('%s', (_name, reference, values, t, expected) => {
    const results = compareWindow(reference, values.map(row), t);
    expect(results.map((r) => r.feature)).toEqual(DRIFT_FEATURES);
    for (const r of results) {
      expect(r.psi).toBeCloseTo(expected.psi, 10);
      expect(r.ks).toBeCloseTo(expected.ks, 12);
      expect(r.threshold).toBeCloseTo(expected.threshold, 10);
      expect(r.ksThreshold).toBeCloseTo(expected.ksThreshold, 12);
      expect(r.exceeded).toEqual(expected.exceeded);
      expect(r.drifted).toBe(expected.exceeded.length > 0);
    }
  });

  it('refuses an empty window and a value that is not finite', () => {
    expect(() => compareWindow(small, [], T)).toThrow('compareWindow: the window is empty');
    expect(() => compareWindow(small, [{ ...row(1), score: Infinity }], T)).toThrow('compareWindow: row 0 has score Infinity');
  });
});
