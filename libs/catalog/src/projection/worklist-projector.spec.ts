import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPart10, toDicomJson, type DicomJsonDataset } from '@triage/dicom';
import { LocalEventBus } from '@triage/events';
import { LocalHealthImaging } from '@triage/healthimaging';
import { generateChestRadiograph, generateCtSeries } from '@triage/sample-data';
import { syntheticInstance } from '@triage/test-support';
import type { StudySummary } from '../catalog';
import { LocalCatalog } from '../local/local-catalog';
import { studySummaryOf } from './study-summary-of';
import { worklistProjector } from './worklist-projector';

/** The summary a worklist must show, read straight from the Part 10 file (not through the store). */
function expectedFromFile(
  bytes: Uint8Array,
): Omit<StudySummary, 'datastoreId' | 'imageSetId' | 'series' | 'instances' | 'updatedAt' | 'thumbnailSeriesInstanceUid'> {
  const json: DicomJsonDataset = toDicomJson(readPart10(bytes));
  const value = (tag: string) => json[tag]?.Value?.[0];
  const name = value('00100010') as { Alphabetic: string };
  return {
    studyInstanceUid: value('0020000D') as string,
    patientName: name.Alphabetic,
    patientId: value('00100020') as string,
    patientBirthDate: value('00100030') as string,
    studyDate: value('00080020') as string,
    studyTime: value('00080030') as string,
    accessionNumber: value('00080050') as string,
    studyDescription: value('00081030') as string,
    modalities: [value('00080060') as string],
  };
}

describe('worklist projection from the store, through real events', () => {
  let dir: string;
  let bus: LocalEventBus;
  let store: LocalHealthImaging;
  let catalog: LocalCatalog;
  let datastoreId: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-projection-'));
    bus = await LocalEventBus.open({ file: path.join(dir, 'bus.db') });
    // Transcoding held: the last frame of an image set transcoded moves its updatedAt (no event: its content is the same),
    // here between the projection's read and the spec's.
    store = await LocalHealthImaging.open({ dataDir: path.join(dir, 'store'), outbox: bus, transcode: 'paused' });
    catalog = await LocalCatalog.open({ file: path.join(dir, 'catalog.db'), outbox: bus });
    bus.subscribe(worklistProjector({ catalog, store }));
    datastoreId = await store.ensureDatastore('projection');
  });
  afterAll(async () => {
    await bus.close();
    await store.close();
    await catalog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const chest = generateChestRadiograph({ seed: 'catalog-projection', index: 0, size: 64, label: 'pneumonia' });
  const ct = [...generateCtSeries({ seed: 'catalog-projection', slices: 50, rows: 64, columns: 64 })];
  // 25 of the 50 slices the generator makes at least: enough to count, fast on two loaded cores.
  const SLICES = 25;
  let chestSet: string;
  let ctSet: string;

  it('records a chest DX: patient, study, one series, one instance, the series as thumbnail', async () => {
    chestSet = (await store.storeInstance(datastoreId, chest.bytes)).imageSetId;
    await bus.settled();
    const item = await catalog.getWorklistItem(datastoreId, chestSet);
    const imageSet = await store.getImageSet({ datastoreId, imageSetId: chestSet });
    expect(item).toEqual({
      datastoreId,
      imageSetId: chestSet,
      ...expectedFromFile(chest.bytes),
      series: 1,
      instances: 1,
      thumbnailSeriesInstanceUid: chest.seriesInstanceUid,
      updatedAt: imageSet.updatedAt?.toISOString(),
      verification: 'unverified',
    });
    expect(item?.modalities).toEqual(['DX']);
  });

  it('records a CT series, then refreshes it as slices are added', async () => {
    for (const slice of ct.slice(0, 10)) ctSet = (await store.storeInstance(datastoreId, slice.bytes)).imageSetId;
    await bus.settled();
    expect(await catalog.getWorklistItem(datastoreId, ctSet)).toMatchObject({ instances: 10, series: 1 });
    for (const slice of ct.slice(10, SLICES)) await store.storeInstance(datastoreId, slice.bytes);
    await bus.settled();
    const imageSet = await store.getImageSet({ datastoreId, imageSetId: ctSet });
    expect(await catalog.getWorklistItem(datastoreId, ctSet)).toEqual({
      datastoreId,
      imageSetId: ctSet,
      ...expectedFromFile(ct[0].bytes),
      series: 1,
      instances: SLICES,
      thumbnailSeriesInstanceUid: ct[0].seriesInstanceUid,
      updatedAt: imageSet.updatedAt?.toISOString(),
      verification: 'unverified',
    });
    expect((await catalog.worklist({ datastoreId, modality: 'CT' })).items.map((i) => i.imageSetId)).toEqual([ctSet]);
  });

  it('refreshes an item when the image set metadata is updated', async () => {
    const before = await catalog.getWorklistItem(datastoreId, ctSet);
    const updates = { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'RENAMED^PATIENT' } } };
    const latest = await store.getImageSet({ datastoreId, imageSetId: ctSet });
    await store.updateImageSetMetadata({
      datastoreId,
      imageSetId: ctSet,
      latestVersionId: latest.versionId,
      updateImageSetMetadataUpdates: { DICOMUpdates: { updatableAttributes: new TextEncoder().encode(JSON.stringify(updates)) } },
    });
    await bus.settled();
    const after = await catalog.getWorklistItem(datastoreId, ctSet);
    expect(after?.patientName).toBe('RENAMED^PATIENT');
    expect(after?.updatedAt).toBe((await store.getImageSet({ datastoreId, imageSetId: ctSet })).updatedAt?.toISOString());
    expect({ ...after, patientName: before?.patientName, updatedAt: before?.updatedAt }).toEqual(before);
    expect((await catalog.worklist({ datastoreId, patientName: 'renamed patient' })).total).toBe(1);
  });

  it('ignores a non-primary image set (an instance whose patient conflicts with the study)', async () => {
    const conflicting = syntheticInstance({
      study: chest.studyInstanceUid,
      series: `${chest.seriesInstanceUid}.9`,
      sop: `${chest.seriesInstanceUid}.9.1`,
      patientId: 'SOMEONE-ELSE',
      modality: 'DX',
    });
    const outcome = await store.storeInstance(datastoreId, conflicting.bytes);
    expect(outcome.imageSetId).not.toBe(chestSet);
    await bus.settled();
    expect(await catalog.getWorklistItem(datastoreId, outcome.imageSetId)).toBeUndefined();
    expect(await studySummaryOf(store, datastoreId, outcome.imageSetId, chest.studyInstanceUid)).toBeUndefined();
    expect((await catalog.worklist({ datastoreId })).items.map((i) => i.imageSetId).sort()).toEqual([chestSet, ctSet].sort());
    // The primary image set is as it was.
    expect(await catalog.getWorklistItem(datastoreId, chestSet)).toMatchObject({ instances: 1, series: 1 });
  });

  it('finds the study from the metadata document when the caller cannot say it', async () => {
    expect(await studySummaryOf(store, datastoreId, chestSet)).toEqual(
      await studySummaryOf(store, datastoreId, chestSet, chest.studyInstanceUid),
    );
  });

  it('removes a deleted image set, keeping its label history', async () => {
    const key = { datastoreId, imageSetId: ctSet };
    await catalog.setLabel({
      key,
      studyInstanceUid: ct[0].studyInstanceUid,
      finding: 'normal',
      origin: { kind: 'import', source: 'test' },
    });
    await store.deleteImageSet({ datastoreId, imageSetId: ctSet });
    await bus.settled();
    expect(await catalog.getWorklistItem(datastoreId, ctSet)).toBeUndefined();
    expect(await studySummaryOf(store, datastoreId, ctSet, ct[0].studyInstanceUid)).toBeUndefined();
    expect((await catalog.labelHistory(key)).map((l) => l.finding)).toEqual(['normal']);
    expect((await catalog.worklist({ datastoreId })).items.map((i) => i.imageSetId)).toEqual([chestSet]);
  });
});
