import { HealthImagingError } from '../../health-imaging-error';
import { syntheticPart10 } from '@triage/test-support';
import { readMetadata } from '../test-support/read-metadata';
import { readAll, tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.77';
const SERIES = `${STUDY}.1`;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const errorName = (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: HealthImagingError) => e.name,
  );

describe('image set versions: update, revert, copy, delete', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let ds: string;
  let imageSetId: string;
  beforeEach(async () => {
    env = await tempStore();
    ds = await env.store.ensureDatastore('versions');
    for (let i = 1; i <= 3; i++) {
      ({ imageSetId } = await env.store.storeInstance(
        ds,
        syntheticPart10({ study: STUDY, series: SERIES, sop: `${SERIES}.${i}`, instanceNumber: i, seed: i }),
      ));
    }
  });
  afterEach(() => env.dispose());

  it('updates attributes in a new version, keeps the old one, and QIDO sees the new values', async () => {
    const out = await env.store.updateImageSetMetadata({
      datastoreId: ds,
      imageSetId,
      latestVersionId: '3',
      updateImageSetMetadataUpdates: {
        DICOMUpdates: { updatableAttributes: json({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'FIXED^NAME' } } }) },
      },
    });
    expect(out).toMatchObject({ latestVersionId: '4', imageSetState: 'ACTIVE' });
    expect((await readMetadata(env.store, ds, imageSetId)).Patient.DICOM['PatientName']).toBe('FIXED^NAME');
    expect((await readMetadata(env.store, ds, imageSetId, '3')).Patient.DICOM['PatientName']).toBe('DOE^JANE');
    const [study] = await env.store.qido(ds, {
      level: 'studies',
      match: { PatientName: ['fixed*'] },
      includeField: [],
      limit: 10,
      offset: 0,
    });
    expect(study['0020000D'].Value).toEqual([STUDY]);
    // A later ingest lands on top of the updated version.
    await env.store.storeInstance(
      ds,
      syntheticPart10({ study: STUDY, series: SERIES, sop: `${SERIES}.4`, patientName: 'FIXED^NAME', seed: 4 }),
    );
    const latest = await readMetadata(env.store, ds, imageSetId);
    expect(Object.keys(latest.Study.Series[SERIES].Instances)).toHaveLength(4);
    expect(latest.Patient.DICOM['PatientName']).toBe('FIXED^NAME');
  });

  it('refuses a stale latestVersionId, and UID changes without force', async () => {
    const update = (latestVersionId: string, body: unknown, force?: boolean) =>
      env.store.updateImageSetMetadata({
        datastoreId: ds,
        imageSetId,
        latestVersionId,
        force,
        updateImageSetMetadataUpdates: { DICOMUpdates: { updatableAttributes: json(body) } },
      });
    expect(await errorName(update('2', { Study: { DICOM: { StudyDescription: 'X' } } }))).toBe('ConflictException');
    expect(await errorName(update('3', { Study: { DICOM: { StudyInstanceUID: '1.2.3' } } }))).toBe('ValidationException');
    expect(await errorName(update('3', { Study: { DICOM: { StudyID: 'NEW' } } }, true))).toBe('resolved');
    const set = await env.store.getImageSet({ datastoreId: ds, imageSetId });
    expect(set).toMatchObject({ versionId: '4', overrides: { forced: true } });
  });

  it('removes an instance, then reverts to the version before', async () => {
    await env.store.updateImageSetMetadata({
      datastoreId: ds,
      imageSetId,
      latestVersionId: '3',
      updateImageSetMetadataUpdates: {
        DICOMUpdates: { removableAttributes: json({ Study: { Series: { [SERIES]: { Instances: { [`${SERIES}.2`]: {} } } } } }) },
      },
    });
    expect(Object.keys((await readMetadata(env.store, ds, imageSetId)).Study.Series[SERIES].Instances).sort()).toEqual([
      `${SERIES}.1`,
      `${SERIES}.3`,
    ]);
    expect((await env.store.locateInstances(ds, STUDY)).map((l) => l.sopInstanceUid)).toEqual([`${SERIES}.1`, `${SERIES}.3`]);
    const reverted = await env.store.updateImageSetMetadata({
      datastoreId: ds,
      imageSetId,
      latestVersionId: '4',
      updateImageSetMetadataUpdates: { revertToVersionId: '3' },
    });
    expect(reverted.latestVersionId).toBe('5');
    const doc = await readMetadata(env.store, ds, imageSetId);
    expect(doc).toEqual({ ...(await readMetadata(env.store, ds, imageSetId, '3')) });
    const located = await env.store.locateInstances(ds, STUDY);
    expect(located.map((l) => l.sopInstanceUid)).toEqual([`${SERIES}.1`, `${SERIES}.2`, `${SERIES}.3`]);
    const frame = await env.store.getImageFrame({
      datastoreId: ds,
      imageSetId,
      imageFrameInformation: { imageFrameId: located[1].imageFrameIds[0] },
    });
    expect((await readAll(frame.imageFrameBlob)).length).toBeGreaterThan(0);
    const versions = await env.store.listImageSetVersions({ datastoreId: ds, imageSetId });
    expect(versions.imageSetPropertiesList?.map((v) => v.versionId)).toEqual(['5', '4', '3', '2', '1']);
  });

  it('copies an image set with its frames, and deletes one without touching the other', async () => {
    const copy = await env.store.copyImageSet({
      datastoreId: ds,
      sourceImageSetId: imageSetId,
      copyImageSetInformation: { sourceImageSet: { latestVersionId: '3' } },
    });
    const copyId = copy.destinationImageSetProperties?.imageSetId as string;
    expect(copyId).not.toBe(imageSetId);
    expect((await env.store.getImageSet({ datastoreId: ds, imageSetId: copyId })).isPrimary).toBe(false);
    const original = await readMetadata(env.store, ds, imageSetId);
    const copied = await readMetadata(env.store, ds, copyId);
    expect(Object.keys(copied.Study.Series[SERIES].Instances)).toEqual(Object.keys(original.Study.Series[SERIES].Instances));
    const frameId = copied.Study.Series[SERIES].Instances[`${SERIES}.1`].ImageFrames[0].ID;
    const originalFrameId = original.Study.Series[SERIES].Instances[`${SERIES}.1`].ImageFrames[0].ID;
    const bytes = async (id: string, set: string) =>
      readAll(
        (await env.store.getImageFrame({ datastoreId: ds, imageSetId: set, imageFrameInformation: { imageFrameId: id } })).imageFrameBlob,
      );
    expect((await bytes(frameId, copyId)).equals(await bytes(originalFrameId, imageSetId))).toBe(true);

    const deleted = await env.store.deleteImageSet({ datastoreId: ds, imageSetId });
    expect(deleted.imageSetState).toBe('DELETED');
    expect(await errorName(env.store.getImageSet({ datastoreId: ds, imageSetId }))).toBe('ResourceNotFoundException');
    expect(await errorName(bytes(originalFrameId, imageSetId))).toBe('ResourceNotFoundException');
    expect((await bytes(frameId, copyId)).length).toBeGreaterThan(0);
    expect(await env.store.qido(ds, { level: 'studies', match: {}, includeField: [], limit: 10, offset: 0 })).toEqual([]);
  });

  it('searches image sets by study UID, patient ID and primary flag', async () => {
    await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: `${SERIES}.9`, patientId: 'ELSE' }));
    const byStudy = await env.store.searchImageSets({
      datastoreId: ds,
      searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: STUDY }] }] },
    });
    expect(byStudy.imageSetsMetadataSummaries).toHaveLength(2);
    const primary = await env.store.searchImageSets({
      datastoreId: ds,
      searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ isPrimary: true }] }] },
    });
    expect(primary.imageSetsMetadataSummaries?.map((s) => s.imageSetId)).toEqual([imageSetId]);
    expect(primary.imageSetsMetadataSummaries?.[0].DICOMTags).toMatchObject({
      DICOMPatientId: 'PID1',
      DICOMNumberOfStudyRelatedInstances: 3,
    });
    const other = await env.store.searchImageSets({
      datastoreId: ds,
      searchCriteria: { filters: [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'ELSE' }] }] },
    });
    expect(other.imageSetsMetadataSummaries?.[0].isPrimary).toBe(false);
    const paged = await env.store.searchImageSets({ datastoreId: ds, maxResults: 1 });
    expect(paged.imageSetsMetadataSummaries).toHaveLength(1);
    const next = await env.store.searchImageSets({ datastoreId: ds, maxResults: 1, nextToken: paged.nextToken });
    expect(next.imageSetsMetadataSummaries?.[0].imageSetId).not.toBe(paged.imageSetsMetadataSummaries?.[0].imageSetId);
    expect(next.nextToken).toBeUndefined();
  });
});
