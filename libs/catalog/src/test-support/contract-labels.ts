import type { LabelKey, Prediction, StudySummary } from '../catalog';
import type { CatalogContractOptions, CatalogUnderTest } from './catalog-under-test';
import { expectCatalogError } from './expect-catalog-error';

const STUDY = '1.2.826.0.1.3680043.10.999.500';
const DR_A = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;
const DR_B = { kind: 'clinician', principal: 'dr-b', role: 'clinician' } as const;
const IMPORT = { kind: 'import', source: 'labels.csv' } as const;

/** A prediction of `key` by `modelVersion`. */
export function predictionOf(
  key: LabelKey,
  modelVersion: string,
  finding: 'normal' | 'pneumonia',
  priority: number,
  predictedAt: string,
): Prediction {
  const pneumonia = finding === 'pneumonia' ? Math.max(priority, 0.5) : Math.min(priority, 0.5);
  return { key, modelVersion, finding, scores: { normal: 1 - pneumonia, pneumonia }, priority, predictedAt };
}

function summary(u: CatalogUnderTest, imageSetId: string): StudySummary {
  return {
    datastoreId: u.datastoreId,
    imageSetId,
    studyInstanceUid: STUDY,
    modalities: ['DX'],
    series: 1,
    instances: 1,
    updatedAt: '2024-06-01T10:00:00.000Z',
  };
}

/** Labels (every version kept, optimistic concurrency, configured findings only) and predictions (latest wins). */
export function labelsContract(options: CatalogContractOptions): void {
  describe('labels and history', () => {
    let u: CatalogUnderTest;
    beforeEach(async () => {
      u = await options.open();
    });
    afterEach(async () => {
      await u.dispose();
    });

    it('keeps every version, newest first, nothing overwritten', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'lab1' };
      const v1 = await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: IMPORT, expectedVersion: 0 });
      const v2 = await u.catalog.setLabel({
        key,
        studyInstanceUid: STUDY,
        finding: 'pneumonia',
        origin: DR_A,
        note: 'left lower lobe',
        expectedVersion: 1,
      });
      const v3 = await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_B, expectedVersion: 2 });
      const history = await u.catalog.labelHistory(key);
      expect(history).toEqual([v3, v2, v1]);
      expect(history.map((l) => [l.version, l.finding, l.origin.kind, l.verified, l.verification ?? null, l.note ?? null])).toEqual([
        [3, 'pneumonia', 'clinician', true, 'confirmed', null],
        [2, 'pneumonia', 'clinician', true, 'corrected', 'left lower lobe'],
        [1, 'normal', 'import', false, null, null],
      ]);
      expect(history.every((l) => l.key.imageSetId === 'lab1' && l.key.sopInstanceUid === undefined && l.studyInstanceUid === STUDY)).toBe(
        true,
      );
      expect(history.every((l) => !Number.isNaN(Date.parse(l.setAt)))).toBe(true);
      expect(await u.catalog.getLabel(key)).toEqual(v3);
    });

    it('keeps an instance label apart from its image set label', async () => {
      const setKey = { datastoreId: u.datastoreId, imageSetId: 'lab2' };
      const instanceKey = { ...setKey, sopInstanceUid: `${STUDY}.1.7` };
      await u.catalog.setLabel({ key: setKey, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A });
      const instance = await u.catalog.setLabel({
        key: instanceKey,
        studyInstanceUid: STUDY,
        finding: 'pneumonia',
        origin: DR_A,
        expectedVersion: 0,
      });
      expect(instance).toMatchObject({ key: instanceKey, version: 1, finding: 'pneumonia' });
      expect((await u.catalog.labelHistory(setKey)).map((l) => l.finding)).toEqual(['normal']);
      expect((await u.catalog.labelHistory(instanceKey)).map((l) => l.finding)).toEqual(['pneumonia']);
      expect(await u.catalog.getLabel({ ...setKey, imageSetId: 'lab3' })).toBeUndefined();
      expect(await u.catalog.labelHistory({ ...setKey, imageSetId: 'lab3' })).toEqual([]);
    });

    it('refuses a stale expectedVersion, saying which version is current, and writes nothing', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'lab4' };
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A, expectedVersion: 0 });
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_B, expectedVersion: 1 });
      const before = await u.catalog.labelHistory(key);
      await expectCatalogError(
        u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A, expectedVersion: 1 }),
        'ConflictException',
        /version 2, not 1/,
      );
      await expectCatalogError(
        u.catalog.setLabel({
          key: { ...key, imageSetId: 'lab5' },
          studyInstanceUid: STUDY,
          finding: 'normal',
          origin: DR_A,
          expectedVersion: 1,
        }),
        'ConflictException',
        /version 0, not 1/,
      );
      expect(await u.catalog.labelHistory(key)).toEqual(before);
      expect(await u.catalog.labelHistory({ ...key, imageSetId: 'lab5' })).toEqual([]);
    });

    it.each([
      ['an unknown finding', { finding: 'fracture' }, /"fracture" is not one of the configured findings \(normal, pneumonia\)/],
      ['a finding in another case', { finding: 'Normal' }, /"Normal" is not one of the configured findings/],
      ['a study UID that is not a UID', { studyInstanceUid: '1.2.abc' }, /studyInstanceUid must be a DICOM UID/],
      ['an instance UID that is not a UID', { key: { sopInstanceUid: 'x' } }, /key.sopInstanceUid must be a DICOM UID/],
      ['an origin of no known kind', { origin: { kind: 'robot' } }, /origin must be/],
      ['a negative expectedVersion', { expectedVersion: -1 }, /expectedVersion must be a non-negative integer/],
    ])('refuses %s (ValidationException) and writes nothing', async (_name, change, message) => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'lab6' };
      const input = { key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A, ...change } as Parameters<
        typeof u.catalog.setLabel
      >[0];
      if ('key' in change) input.key = { ...key, ...change.key };
      await expectCatalogError(u.catalog.setLabel(input), 'ValidationException', message);
      expect(await u.catalog.labelHistory(key)).toEqual([]);
    });

    it('takes the findings list from configuration', async () => {
      const custom = await options.open({ findings: ['normal', 'pneumonia', 'effusion'] });
      try {
        expect(custom.catalog.findings).toEqual(['normal', 'pneumonia', 'effusion']);
        const key = { datastoreId: custom.datastoreId, imageSetId: 'lab7' };
        await expect(custom.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'effusion', origin: DR_A })).resolves.toMatchObject({
          version: 1,
        });
        await expectCatalogError(
          custom.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'fracture', origin: DR_A }),
          'ValidationException',
          /normal, pneumonia, effusion/,
        );
      } finally {
        await custom.dispose();
      }
    });

    it('refuses a findings list that is too short, repeated or not lower-case identifiers', async () => {
      for (const [findings, message] of [
        [['normal'], /at least 2/],
        [['normal', 'normal'], /unique/],
        [['normal', 'Pneumonia'], /lower-case identifiers.*Pneumonia/],
        [['normal', 'ground glass'], /lower-case identifiers/],
      ] as const)
        await expectCatalogError(options.open({ findings }), 'ValidationException', message);
    });
  });

  describe('predictions', () => {
    let u: CatalogUnderTest;
    beforeEach(async () => {
      u = await options.open();
    });
    afterEach(async () => {
      await u.dispose();
    });

    it('keeps the latest per key and model version, and answers the latest by any model version', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'pred1' };
      await u.catalog.recordImageSet(summary(u, 'pred1'));
      expect(await u.catalog.getPrediction(key)).toBeUndefined();
      const m1 = predictionOf(key, 'model/1', 'pneumonia', 0.8, '2024-06-01T10:00:00.000Z');
      await u.catalog.putPrediction(m1);
      expect(await u.catalog.getPrediction(key)).toEqual(m1);
      expect((await u.catalog.getWorklistItem(u.datastoreId, 'pred1'))?.prediction).toEqual(m1);
      // An older score of the same model version arriving late changes nothing.
      await u.catalog.putPrediction(predictionOf(key, 'model/1', 'normal', 0.1, '2024-06-01T09:00:00.000Z'));
      expect(await u.catalog.getPrediction(key)).toEqual(m1);
      const m1again = predictionOf(key, 'model/1', 'normal', 0.2, '2024-06-01T11:00:00.000Z');
      await u.catalog.putPrediction(m1again);
      expect(await u.catalog.getPrediction(key)).toEqual(m1again);
      const m2 = predictionOf(key, 'model/2', 'pneumonia', 0.7, '2024-06-01T12:00:00.000Z');
      await u.catalog.putPrediction(m2);
      expect(await u.catalog.getPrediction(key)).toEqual(m2);
      const item = await u.catalog.getWorklistItem(u.datastoreId, 'pred1');
      expect(item?.prediction).toEqual(m2);
      expect(item?.verification).toBe('unverified');
    });

    it('keeps an instance prediction apart from the image set', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'pred2' };
      const instance = predictionOf({ ...key, sopInstanceUid: `${STUDY}.1.1` }, 'model/1', 'pneumonia', 0.9, '2024-06-01T10:00:00.000Z');
      await u.catalog.putPrediction(instance);
      expect(await u.catalog.getPrediction(instance.key)).toEqual(instance);
      expect(await u.catalog.getPrediction(key)).toBeUndefined();
    });

    it.each([
      ['an unknown finding', { finding: 'fracture' }, /"fracture" is not one of the configured findings/],
      ['scores for another list', { scores: { normal: 0.5, effusion: 0.5 } }, /missing \["pneumonia"\], unknown \["effusion"\]/],
      ['scores that do not sum to 1', { scores: { normal: 0.5, pneumonia: 0.6 } }, /sum to 1/],
      ['a priority above 1', { priority: 1.5 }, /priority must be a number from 0 to 1/],
      ['no model version', { modelVersion: '' }, /modelVersion is required/],
      ['a time that is not one', { predictedAt: 'yesterday' }, /predictedAt must be an ISO 8601 time/],
    ])('refuses %s (ValidationException)', async (_name, change, message) => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'pred3' };
      const p = { ...predictionOf(key, 'model/1', 'normal', 0.2, '2024-06-01T10:00:00.000Z'), ...change } as Prediction;
      await expectCatalogError(u.catalog.putPrediction(p), 'ValidationException', message);
      expect(await u.catalog.getPrediction(key)).toBeUndefined();
    });

    it('verifies against the prediction shown: confirmed when the clinician agrees, corrected when not', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'pred4' };
      await u.catalog.recordImageSet(summary(u, 'pred4'));
      await u.catalog.putPrediction(predictionOf(key, 'model/3', 'pneumonia', 0.9, '2024-06-01T10:00:00.000Z'));
      const agree = await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_A, expectedVersion: 0 });
      expect([agree.verified, agree.verification]).toEqual([true, 'confirmed']);
      expect((await u.catalog.getWorklistItem(u.datastoreId, 'pred4'))?.verification).toBe('confirmed');
      // Against the prediction still, not the previous label.
      const disagree = await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_B, expectedVersion: 1 });
      expect(disagree.verification).toBe('corrected');
      const item = await u.catalog.getWorklistItem(u.datastoreId, 'pred4');
      expect([item?.verification, item?.label]).toEqual(['corrected', disagree]);
      // A later label that is not a person's does not undo that a person looked.
      const model = await u.catalog.setLabel({
        key,
        studyInstanceUid: STUDY,
        finding: 'pneumonia',
        origin: { kind: 'model', modelVersion: 'model/3' },
        expectedVersion: 2,
      });
      const after = await u.catalog.getWorklistItem(u.datastoreId, 'pred4');
      expect([after?.verification, after?.label]).toEqual(['corrected', model]);
    });
  });
}
