import { syntheticPart10 } from '@triage/test-support';
import type { LocalHealthImaging } from '../local-health-imaging';
import { tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.77';
const SERIES = `${STUDY}.1`;
const instance = (n: number, patientId: string) =>
  syntheticPart10({ study: STUDY, series: SERIES, sop: `${SERIES}.${n}`, instanceNumber: n, patientId, patientName: 'DOE^JANE' });

describe('instances in non-primary image sets: located by SOP Instance UID, listed as conflicts', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let store: LocalHealthImaging;
  let ds: string;
  let primary: string;
  let other: string;

  beforeAll(async () => {
    env = await tempStore();
    store = env.store;
    ds = await store.ensureDatastore('conflicts');
    primary = (await store.storeInstance(ds, instance(1, 'P1'))).imageSetId;
    await store.storeInstance(ds, instance(2, 'P1'));
    // The same SOP Instance as 2 with another PatientID: it replaces 2 and goes to a non-primary image set.
    other = (await store.storeInstance(ds, instance(2, 'P1-CORRECTED'))).imageSetId;
    await store.storeInstance(ds, instance(3, 'P1-CORRECTED'));
  });
  afterAll(() => env.dispose());

  it('keeps study and series reads to the primary image set', async () => {
    expect(other).not.toBe(primary);
    const study = await store.locateInstances(ds, STUDY);
    expect(study.map((l) => [l.imageSetId, l.sopInstanceUid])).toEqual([[primary, `${SERIES}.1`]]);
    expect((await store.locateInstances(ds, STUDY, SERIES)).map((l) => l.sopInstanceUid)).toEqual([`${SERIES}.1`]);
  });

  it('finds one instance by its SOP Instance UID in the non-primary image set, with or without the series', async () => {
    for (const series of [SERIES, undefined]) {
      const [location, ...rest] = await store.locateInstances(ds, STUDY, series, `${SERIES}.3`);
      expect(rest).toEqual([]);
      expect(location).toMatchObject({
        imageSetId: other,
        studyInstanceUid: STUDY,
        seriesInstanceUid: SERIES,
        sopInstanceUid: `${SERIES}.3`,
      });
      expect(location.imageFrameIds).toHaveLength(1);
    }
    expect(await store.locateInstances(ds, STUDY, `${SERIES}.9`, `${SERIES}.3`)).toEqual([]);
    expect(await store.locateInstances(ds, `${STUDY}.5`, undefined, `${SERIES}.3`)).toEqual([]);
  });

  it('lists the study with both image sets, their counts and the attribute that conflicts', async () => {
    expect(await store.listConflicts(ds)).toEqual([
      {
        studyInstanceUid: STUDY,
        imageSets: [
          { imageSetId: primary, isPrimary: true, instances: 1, attributes: expect.objectContaining({ PatientID: 'P1' }) },
          {
            imageSetId: other,
            isPrimary: false,
            instances: 2,
            attributes: expect.objectContaining({ PatientID: 'P1-CORRECTED' }),
            conflictsWith: ['PatientID'],
          },
        ],
      },
    ]);
  });

  it('lists nothing for a datastore without conflicts', async () => {
    const clean = await store.ensureDatastore('clean');
    await store.storeInstance(clean, instance(1, 'P1'));
    expect(await store.listConflicts(clean)).toEqual([]);
  });
});
