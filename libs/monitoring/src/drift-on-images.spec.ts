import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareWindow, type DriftThresholds } from './drift/compare-window';
import { buildDriftReference, DRIFT_FEATURES, type DriftFeature, type DriftRow } from './drift/drift-reference';
import { imageFeatures } from './features/image-features';
import { LocalModelMonitor, monitoringFile } from './local/local-model-monitor';
import { chestInputs, stubScore } from './test-support/chest-inputs';

/** The mlops config's drift section, with the window this test fills. */
const T: DriftThresholds = { windowSize: 40, minWindow: 30, psi: 0.25, ks: 0.3 };
const GROUP = 'triage-chest-xray';

/**
 * Which features drift, per window, against a reference of 60 synthetic radiographs. Inverting
 * leaves the spread (inputStd) as it was and swaps the percentiles (the black background, p05 = 0,
 * becomes white); halving moves every statistic but p05, which stays 0.
 */
const EXPECTED: Array<[string, (v: number) => number, Partial<Record<DriftFeature, ('psi' | 'ks')[]>>]> = [
  ['unshifted: 40 new images from the same generator', (v) => v, {}],
  [
    'the same 40 images, intensities inverted (1 - x)',
    (v) => 1 - v,
    { score: ['psi', 'ks'], inputMean: ['psi', 'ks'], inputP05: ['psi', 'ks'], inputP50: ['psi', 'ks'], inputP95: ['psi', 'ks'] },
  ],
  [
    'the same 40 images, intensities halved (x * 0.5)',
    (v) => v * 0.5,
    { score: ['psi', 'ks'], inputMean: ['psi', 'ks'], inputStd: ['psi', 'ks'], inputP50: ['psi', 'ks'], inputP95: ['psi', 'ks'] },
  ],
];

const rowOf = (input: Float32Array): DriftRow => ({ ...imageFeatures(input), score: stubScore(input) });

describe('drift on synthetic chest radiographs (the issue: shifted images raise drift, unshifted do not)', () => {
  const reference = buildDriftReference(chestInputs('drift-reference', 60).map(rowOf));
  const fresh = chestInputs('drift-window', 40);
  let dir: string;
  let monitor: LocalModelMonitor;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-images-'));
    monitor = LocalModelMonitor.open({ file: monitoringFile(dir) });
  });
  afterAll(() => {
    monitor.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(EXPECTED.map((c, i) => [...c, i + 1] as const))('%s', (_name, shift, drifting, version) => {
    // Each window scored by its own version, as if each were serving.
    const model = { groupName: GROUP, modelPackageArn: `arn:aws:sagemaker:local:000000000000:model-package/${GROUP}/${version}`, version };
    fresh.forEach((image, i) => {
      const row = rowOf(image.map(shift));
      const { score, ...features } = row;
      monitor.recordScore({
        ...model,
        role: 'serving',
        datastoreId: 'ds',
        imageSetId: `set-${i}`,
        score,
        features,
        scoredAt: new Date().toISOString(),
      });
    });
    const check = monitor.checkDrift(model, reference, T);
    const table = Object.fromEntries(check!.status.features.filter((f) => f.drifted).map((f) => [f.feature, f.exceeded]));
    expect(table).toEqual(drifting);
    // crossed: the image-ingestion handler publishes ModelDriftDetected on it.
    expect({ drifted: check!.status.drifted, crossed: check!.crossed }).toEqual({
      drifted: Object.keys(drifting).length > 0,
      crossed: Object.keys(drifting).length > 0,
    });
    expect(check!.status.features.map((f) => f.feature)).toEqual(DRIFT_FEATURES);
  });

  it('would cry drift on the unshifted window with the configured PSI 0.25 alone: why the noise floor', () => {
    const results = compareWindow(reference, fresh.map(rowOf), T);
    expect(results.filter((r) => r.psi > T.psi).map((r) => r.feature)).toEqual(['score', 'inputStd', 'inputP50', 'inputP95']);
    expect(results.filter((r) => r.drifted)).toEqual([]);
  });
});
