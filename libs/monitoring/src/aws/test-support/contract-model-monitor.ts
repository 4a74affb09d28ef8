import type { DriftThresholds } from '../../drift/compare-window';
import { buildDriftReference, type DriftRow } from '../../drift/drift-reference';
import type { LabelOf, ScoreRecord } from '../../model-monitor';
import type { AsyncModelMonitor } from '../async-model-monitor';

/** Fresh state of one implementation; every monitor opened on it is another process over the same state. */
export interface MonitorUnderTest {
  open(now: () => Date): AsyncModelMonitor;
  dispose(): Promise<void>;
}

const GROUP = 'triage-chest-xray';
const arn = (version: number, group = GROUP) => `arn:aws:sagemaker:local:000000000000:model-package/${group}/${version}`;
const V1 = { groupName: GROUP, modelPackageArn: arn(1), version: 1 };
/** A row whose every feature is `v`. */
const row = (v: number): DriftRow => ({ score: v, inputMean: v, inputStd: v, inputP05: v, inputP50: v, inputP95: v });
/** 2000 evenly spread values in (0, 1]: any window from inside it is unshifted, a window at 2.5 lies beyond all of it. */
const reference = buildDriftReference(Array.from({ length: 2000 }, (_, i) => row((i + 1) / 2000)));
const T: DriftThresholds = { windowSize: 4, minWindow: 3, psi: 0.25, ks: 0.3 };
const NORMAL = [0.1, 0.35, 0.6, 0.85];
const SHIFTED = 2.5;

/**
 * The model monitor's behaviour (the cases of LocalModelMonitor's own spec, asynchronously), run
 * against every implementation: LocalModelMonitor behind `asyncModelMonitor`, and DynamoDbModelMonitor.
 */
export function modelMonitorContract(name: string, create: () => Promise<MonitorUnderTest>): void {
  describe(`model monitor contract: ${name}`, () => {
    let u: MonitorUnderTest;
    let clock: number;
    const now = () => new Date(Date.UTC(2026, 11, 5, 9, 0, clock++));
    let monitor: AsyncModelMonitor;
    let next = 0;

    /** A score of a new image set (or of `imageSetId`), stamped by the test clock. */
    const score = (value: number, over: Partial<ScoreRecord> = {}): ScoreRecord => ({
      groupName: GROUP,
      modelPackageArn: arn(1),
      version: 1,
      role: 'serving',
      datastoreId: 'ds',
      imageSetId: `set-${next++}`,
      score: value,
      features: { inputMean: value, inputStd: value, inputP05: value, inputP50: value, inputP95: value },
      scoredAt: now().toISOString(),
      ...over,
    });

    beforeEach(async () => {
      u = await create();
      clock = 0;
      monitor = u.open(now);
    });
    afterEach(async () => {
      await monitor.close();
      await u.dispose();
    });

    it('records a score once per version, role and image set', async () => {
      const first = score(0.4, { imageSetId: 'a' });
      await monitor.recordScore(first);
      await monitor.recordScore({ ...first, score: 0.9 });
      await monitor.recordScore({ ...first, role: 'shadow' });
      await monitor.recordScore(score(0.4, { imageSetId: 'a', modelPackageArn: arn(2), version: 2, role: 'shadow' }));
      expect(await monitor.scoreCounts(GROUP)).toEqual([
        { modelPackageArn: arn(2), version: 2, role: 'shadow', count: 1 },
        { modelPackageArn: arn(1), version: 1, role: 'serving', count: 1 },
        { modelPackageArn: arn(1), version: 1, role: 'shadow', count: 1 },
      ]);
      await expect(monitor.recordScore(score(NaN))).rejects.toThrow('recordScore: score NaN is not finite');
    });

    it('records each score once when the same events arrive at two processes at once', async () => {
      const other = u.open(now);
      const scores = [0.1, 0.2, 0.3].map((v) => score(v));
      await Promise.all([...scores.map((s) => monitor.recordScore(s)), ...scores.map((s) => other.recordScore(s))]);
      expect(await monitor.scoreCounts(GROUP)).toEqual([{ modelPackageArn: arn(1), version: 1, role: 'serving', count: 3 }]);
      await other.close();
    });

    it('raises drift once per episode: crossed only where a version goes from not drifted to drifted', async () => {
      // [what happens, then what checkDrift answers]
      const steps: Array<[string, number[], { drifted: boolean; crossed: boolean } | undefined]> = [
        ['two scores: below minWindow, nothing checked', [0.1, 0.35], undefined],
        ['a third unshifted score', [0.6], { drifted: false, crossed: false }],
        ['four shifted scores fill the window', [SHIFTED, SHIFTED, SHIFTED, SHIFTED], { drifted: true, crossed: true }],
        ['one more shifted: still drifted, no new episode', [SHIFTED], { drifted: true, crossed: false }],
        ['nothing new (a redelivered event): the same answer, not recorded again', [], { drifted: true, crossed: false }],
        ['four unshifted scores: recovered', NORMAL, { drifted: false, crossed: false }],
        ['four shifted again: a new episode', [SHIFTED, SHIFTED, SHIFTED, SHIFTED], { drifted: true, crossed: true }],
      ];
      const answers: unknown[] = [];
      for (const [, values] of steps) {
        for (const v of values) await monitor.recordScore(score(v));
        const check = await monitor.checkDrift(V1, reference, T);
        answers.push(check && { drifted: check.status.drifted, crossed: check.crossed });
      }
      expect(answers).toEqual(steps.map(([, , expected]) => expected));
      expect((await monitor.driftHistory(GROUP)).map((s) => s.drifted)).toEqual([true, false, true, true, false]);
      expect((await monitor.driftHistory(GROUP, 2)).map((s) => s.drifted)).toEqual([true, false]);
      expect(await monitor.driftHistory('another-group')).toEqual([]);
    });

    it('records the window it checked and which features drifted on what', async () => {
      for (const v of [0.1, SHIFTED, SHIFTED, SHIFTED, SHIFTED]) await monitor.recordScore(score(v));
      const check = await monitor.checkDrift(V1, reference, T);
      // Clock: seconds 0-4 stamped the five scores, the check is at second 5; the window is the last four.
      expect(check?.status).toMatchObject({
        ...V1,
        checkedAt: '2026-12-05T09:00:05.000Z',
        windowSize: 4,
        windowStart: '2026-12-05T09:00:01.000Z',
        windowEnd: '2026-12-05T09:00:04.000Z',
        drifted: true,
      });
      expect(check?.status.features.map((f) => [f.feature, f.ks, f.exceeded])).toEqual([
        ['score', 1, ['psi', 'ks']],
        ['inputMean', 1, ['psi', 'ks']],
        ['inputStd', 1, ['psi', 'ks']],
        ['inputP05', 1, ['psi', 'ks']],
        ['inputP50', 1, ['psi', 'ks']],
        ['inputP95', 1, ['psi', 'ks']],
      ]);
      expect(await monitor.driftHistory(GROUP)).toEqual([check?.status]);
    });

    it('keeps scores, checks and the episode across processes: a second one does not cross again, two at once cross once', async () => {
      for (const v of [SHIFTED, SHIFTED, SHIFTED, SHIFTED]) await monitor.recordScore(score(v));
      expect((await monitor.checkDrift(V1, reference, T))?.crossed).toBe(true);
      const second = u.open(now);
      expect((await second.checkDrift(V1, reference, T))?.crossed).toBe(false);
      const history = await monitor.driftHistory(GROUP);
      expect(await second.driftHistory(GROUP)).toEqual(history);
      await second.recordScore(score(SHIFTED));
      expect(await monitor.checkDrift(V1, reference, T)).toMatchObject({ status: { drifted: true }, crossed: false });
      expect(await second.scoreCounts(GROUP)).toEqual([{ modelPackageArn: arn(1), version: 1, role: 'serving', count: 5 }]);
      // Recovered, then shifted again, checked by both at once: one new episode.
      for (const v of NORMAL) await monitor.recordScore(score(v));
      await monitor.checkDrift(V1, reference, T);
      for (const v of [SHIFTED, SHIFTED, SHIFTED, SHIFTED]) await monitor.recordScore(score(v));
      const both = await Promise.all([monitor.checkDrift(V1, reference, T), second.checkDrift(V1, reference, T)]);
      expect(both.map((c) => c?.crossed).sort()).toEqual([false, true]);
      await second.close();
    });

    it('compares a shadow candidate with the serving version on the image sets both scored', async () => {
      const serving: Array<[string, number]> = [
        ['a', 0.9],
        ['b', 0.8],
        ['c', 0.3],
        ['d', 0.6],
        ['e', 0.1],
        ['f', 0.7],
      ];
      const shadow: Array<[string, number]> = [
        ['b', 0.7],
        ['c', 0.6],
        ['d', 0.4],
        ['e', 0.2],
        ['f', 0.9],
        ['g', 0.5],
      ];
      for (const [id, s] of serving) await monitor.recordScore(score(s, { imageSetId: id }));
      for (const [id, s] of shadow)
        await monitor.recordScore(score(s, { imageSetId: id, modelPackageArn: arn(2), version: 2, role: 'shadow' }));
      // Neither the serving version's own shadow scores nor another group's scores pair.
      await monitor.recordScore(score(0.9, { imageSetId: 'a', modelPackageArn: arn(2), version: 2, role: 'serving' }));
      await monitor.recordScore(score(0.9, { imageSetId: 'a', groupName: 'other', modelPackageArn: arn(2), version: 2, role: 'shadow' }));
      const labels: Record<string, 'positive' | 'negative'> = {
        a: 'positive',
        b: 'positive',
        c: 'positive',
        d: 'negative',
        f: 'positive',
        g: 'negative',
      };
      const labelOf: LabelOf = (key) => labels[key.imageSetId];

      expect((await monitor.pairedImageSets(GROUP, arn(1), arn(2))).map((k) => k.imageSetId)).toEqual(['b', 'c', 'd', 'e', 'f']);
      // At 0.5: serving says b d f, shadow b c f; they agree on b e f (3 of 5). Verified among the pairs: b c d f.
      // Serving is right on b f (2 of 4), shadow on b c d f (4 of 4).
      expect(await monitor.shadowComparison(GROUP, arn(1), arn(2), labelOf, 0.5)).toEqual({
        servingArn: arn(1),
        shadowArn: arn(2),
        paired: 5,
        agreement: 0.6,
        verified: 4,
        servingAccuracy: 0.5,
        shadowAccuracy: 1,
      });
      expect(await monitor.shadowComparison(GROUP, arn(1), arn(3), labelOf, 0.5)).toEqual({
        servingArn: arn(1),
        shadowArn: arn(3),
        paired: 0,
        agreement: null,
        verified: 0,
        servingAccuracy: null,
        shadowAccuracy: null,
      });
    });
  });
}
