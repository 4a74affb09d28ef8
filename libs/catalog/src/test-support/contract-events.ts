import type { TriageEvent } from '@triage/events';
import type { CatalogContractOptions, CatalogUnderTest } from './catalog-under-test';
import { predictionOf } from './contract-labels';
import { expectCatalogError } from './expect-catalog-error';
import { FIXTURE_ITEMS, fixtureStudyUid, seedFixture } from './worklist-fixture';

const STUDY = '1.2.826.0.1.3680043.10.999.600';
const DR_A = { kind: 'clinician', principal: 'dr-a', role: 'clinician' } as const;
const MODEL = { kind: 'model', modelVersion: 'model/7' } as const;

/** What a test compares of an event: its type, source, resources and detail (ids and times are the bus's). */
function shape(event: TriageEvent): { type: string; source: string; resources: string[]; detail: unknown } {
  return { type: event['detail-type'], source: event.source, resources: event.resources, detail: event.detail };
}

/** Label events in the label's own transaction, exactly the ones each change makes; and a restart that loses nothing. */
export function eventsContract(options: CatalogContractOptions): void {
  describe('events', () => {
    let u: CatalogUnderTest;
    beforeEach(async () => {
      u = await options.open();
    });
    afterEach(async () => {
      await u.dispose();
    });

    it('a clinician label emits exactly LabelChanged and ImageVerified, against the prediction shown', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'ev1' };
      await u.catalog.putPrediction(predictionOf(key, 'model/2', 'pneumonia', 0.9, '2024-06-01T10:00:00.000Z'));
      const v1 = await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_A, expectedVersion: 0 });
      await u.catalog.setLabel({
        key,
        studyInstanceUid: STUDY,
        finding: 'normal',
        origin: DR_A,
        note: 'no consolidation',
        expectedVersion: 1,
      });
      const events = await u.delivered();
      const base = { datastoreId: u.datastoreId, imageSetId: 'ev1', studyInstanceUid: STUDY, origin: DR_A };
      const common = { source: 'triage.catalog', resources: [u.datastoreId, 'ev1'] };
      expect(events.map(shape)).toEqual([
        { ...common, type: 'LabelChanged', detail: { ...base, finding: 'pneumonia', labelVersion: 1 } },
        {
          ...common,
          type: 'ImageVerified',
          detail: { ...base, finding: 'pneumonia', labelVersion: 1, verification: 'confirmed', modelVersion: 'model/2' },
        },
        { ...common, type: 'LabelChanged', detail: { ...base, finding: 'normal', previousFinding: 'pneumonia', labelVersion: 2 } },
        {
          ...common,
          type: 'ImageVerified',
          detail: {
            ...base,
            finding: 'normal',
            previousFinding: 'pneumonia',
            labelVersion: 2,
            verification: 'corrected',
            modelVersion: 'model/2',
          },
        },
      ]);
      expect(new Set(events.map((e) => e.id)).size).toBe(4);
      expect(events[0].time).toBe(v1.setAt);
    });

    it('without a prediction, a clinician confirms or corrects the previous label; an instance label names its instance', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'ev2', sopInstanceUid: `${STUDY}.1.3` };
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A });
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: DR_A });
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_A });
      const verified = (await u.delivered()).filter((e) => e['detail-type'] === 'ImageVerified').map((e) => e.detail);
      expect(verified.map((d) => [d.labelVersion, d.sopInstanceUid, d.verification, 'modelVersion' in d])).toEqual([
        [1, `${STUDY}.1.3`, 'confirmed', false],
        [2, `${STUDY}.1.3`, 'confirmed', false],
        [3, `${STUDY}.1.3`, 'corrected', false],
      ]);
    });

    it.each([
      ['a model', MODEL],
      ['an import', { kind: 'import', source: 'labels.csv' } as const],
    ])('a label by %s emits LabelChanged only', async (_name, origin) => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'ev3' };
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin });
      expect((await u.delivered()).map(shape)).toEqual([
        {
          type: 'LabelChanged',
          source: 'triage.catalog',
          resources: [u.datastoreId, 'ev3'],
          detail: { datastoreId: u.datastoreId, imageSetId: 'ev3', studyInstanceUid: STUDY, finding: 'pneumonia', labelVersion: 1, origin },
        },
      ]);
    });

    it('a refused label emits nothing; predictions and worklist records emit no label events', async () => {
      const key = { datastoreId: u.datastoreId, imageSetId: 'ev4' };
      await u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'normal', origin: MODEL });
      await expectCatalogError(
        u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'pneumonia', origin: DR_A, expectedVersion: 0 }),
        'ConflictException',
      );
      await expectCatalogError(
        u.catalog.setLabel({ key, studyInstanceUid: STUDY, finding: 'fracture', origin: DR_A }),
        'ValidationException',
      );
      await u.catalog.putPrediction(predictionOf(key, 'model/7', 'normal', 0.1, '2024-06-01T10:00:00.000Z'));
      // The last change, after the refusals: had they emitted, their events would be delivered before it.
      await u.catalog.setLabel({ key: { ...key, imageSetId: 'ev5' }, studyInstanceUid: STUDY, finding: 'normal', origin: MODEL });
      expect(
        (await u.delivered()).map((e) => [
          e['detail-type'],
          'imageSetId' in e.detail ? e.detail.imageSetId : undefined,
          'labelVersion' in e.detail ? e.detail.labelVersion : undefined,
        ]),
      ).toEqual([
        ['LabelChanged', 'ev4', 1],
        ['LabelChanged', 'ev5', 1],
      ]);
    });

    it('reopens with everything still there: labels and history, predictions, the worklist', async () => {
      await seedFixture(u.catalog, u.datastoreId);
      const key = { datastoreId: u.datastoreId, imageSetId: 'ws03' };
      await u.catalog.setLabel({ key, studyInstanceUid: fixtureStudyUid('ws03'), finding: 'pneumonia', origin: DR_A, expectedVersion: 1 });
      const before = {
        page: await u.catalog.worklist({ datastoreId: u.datastoreId, limit: 500 }),
        history: await u.catalog.labelHistory(key),
        predictions: await Promise.all(FIXTURE_ITEMS.map((i) => u.catalog.getPrediction({ datastoreId: u.datastoreId, imageSetId: i.id }))),
      };
      expect(before.page.total).toBe(FIXTURE_ITEMS.length);
      expect(before.history.map((l) => l.version)).toEqual([2, 1]);
      u = await u.reopen();
      expect(await u.catalog.worklist({ datastoreId: u.datastoreId, limit: 500 })).toEqual(before.page);
      expect(await u.catalog.labelHistory(key)).toEqual(before.history);
      expect(
        await Promise.all(FIXTURE_ITEMS.map((i) => u.catalog.getPrediction({ datastoreId: u.datastoreId, imageSetId: i.id }))),
      ).toEqual(before.predictions);
      const next = await u.catalog.setLabel({
        key,
        studyInstanceUid: fixtureStudyUid('ws03'),
        finding: 'normal',
        origin: DR_A,
        expectedVersion: 2,
      });
      expect(next.version).toBe(3);
    });
  });
}
