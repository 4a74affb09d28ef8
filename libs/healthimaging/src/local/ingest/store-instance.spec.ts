import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { CodecPool, decodeFrame } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo, type ImageSetMetadata } from '@triage/dicom';
import { IngestRefusedError } from '../../dicom-store';
import { HealthImagingError } from '../../health-imaging-error';
import type { LocalHealthImaging } from '../local-health-imaging';
import { syntheticPart10 } from '@triage/test-support';
import { readAll, tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.1';
const SERIES = `${STUDY}.1`;
const sop = (n: number) => `${SERIES}.${n}`;

async function metadata(store: LocalHealthImaging, datastoreId: string, imageSetId: string, versionId?: string): Promise<ImageSetMetadata> {
  // Documents with every FrameSizeInBytes: the frames transcoded.
  await store.transcodesSettled();
  const out = await store.getImageSetMetadata({ datastoreId, imageSetId, versionId });
  expect(out.contentType).toBe('application/json');
  expect(out.contentEncoding).toBe('gzip');
  return JSON.parse(zlib.gunzipSync(await readAll(out.imageSetMetadataBlob)).toString()) as ImageSetMetadata;
}

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

describe('LocalHealthImaging ingest', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let ds: string;
  beforeEach(async () => {
    env = await tempStore();
    ds = await env.store.ensureDatastore('test');
  });
  afterEach(() => env.dispose());

  it('creates a datastore once and finds it again after reopening', async () => {
    expect(await env.store.ensureDatastore('test')).toBe(ds);
    expect(await env.store.ensureDatastore('other')).not.toBe(ds);
    await env.store.close();
    const again = await tempStore({ dataDir: env.dataDir });
    env = again;
    expect(await again.store.ensureDatastore('test')).toBe(ds);
    expect((await again.store.getDatastore({ datastoreId: ds })).datastoreProperties?.datastoreStatus).toBe('ACTIVE');
  });

  it('puts the instances of one study in one primary image set, with frames and checksums in the metadata', async () => {
    const a = await env.store.storeInstance(
      ds,
      syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1), instanceNumber: 1, frames: 2 }),
    );
    const b = await env.store.storeInstance(
      ds,
      syntheticPart10({ study: STUDY, series: `${STUDY}.2`, sop: `${STUDY}.2.1`, modality: 'MR', seriesNumber: 2 }),
    );
    expect(a).toMatchObject({ status: 'stored', frames: 2, studyInstanceUid: STUDY, seriesInstanceUid: SERIES, sopInstanceUid: sop(1) });
    expect(b.imageSetId).toBe(a.imageSetId);
    const set = await env.store.getImageSet({ datastoreId: ds, imageSetId: a.imageSetId });
    expect(set).toMatchObject({ isPrimary: true, imageSetState: 'ACTIVE', versionId: '2' });
    const doc = await metadata(env.store, ds, a.imageSetId);
    expect(doc.Patient.DICOM['PatientName']).toBe('DOE^JANE');
    expect(Object.keys(doc.Study.Series)).toEqual([SERIES, `${STUDY}.2`]);
    const frames = doc.Study.Series[SERIES].Instances[sop(1)].ImageFrames;
    expect(frames).toHaveLength(2);
    expect(frames[0]).toMatchObject({
      ID: expect.stringMatching(/^[0-9a-f]{32}$/),
      FrameSizeInBytes: expect.any(Number),
      MinPixelValue: expect.any(Number),
    });
    expect(frames[0].PixelDataChecksumFromBaseToFullResolution[0]).toMatchObject({ Width: 8, Height: 8 });
    const jph = await env.store.getImageFrame({
      datastoreId: ds,
      imageSetId: a.imageSetId,
      imageFrameInformation: { imageFrameId: frames[1].ID },
    });
    expect(jph.contentType).toBe('image/jph');
    expect((await readAll(jph.imageFrameBlob)).length).toBe(frames[1].FrameSizeInBytes);
    expect(fs.existsSync(path.join(env.dataDir, 'datastores', ds, 'frames', frames[1].ID.slice(0, 2), `${frames[1].ID}.jph`))).toBe(true);
  });

  it('sends an instance whose patient attributes conflict to a non-primary image set, and its kin after it', async () => {
    const primary = await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1) }));
    const odd = await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(2), patientId: 'OTHER' }));
    const oddKin = await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(3), patientId: 'OTHER' }));
    const same = await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(4) }));
    expect(odd.imageSetId).not.toBe(primary.imageSetId);
    expect(oddKin.imageSetId).toBe(odd.imageSetId);
    expect(same.imageSetId).toBe(primary.imageSetId);
    expect((await env.store.getImageSet({ datastoreId: ds, imageSetId: odd.imageSetId })).isPrimary).toBe(false);
    expect((await metadata(env.store, ds, primary.imageSetId)).Patient.DICOM['PatientID']).toBe('PID1');
    expect((await metadata(env.store, ds, odd.imageSetId)).Patient.DICOM['PatientID']).toBe('OTHER');
    const located = await env.store.locateInstances(ds, STUDY);
    expect(located.map((l) => l.sopInstanceUid).sort()).toEqual([sop(1), sop(4)]);
  });

  it('is idempotent per SOP Instance UID: the same bytes change nothing, other bytes make a new version', async () => {
    const bytes = syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1), seed: 1 });
    const first = await env.store.storeInstance(ds, bytes);
    const before = files(env.dataDir).filter((f) => !f.includes('index.sqlite'));
    const again = await env.store.storeInstance(ds, bytes);
    expect(again).toMatchObject({ status: 'unchanged', imageSetId: first.imageSetId, frames: 1 });
    expect(files(env.dataDir).filter((f) => !f.includes('index.sqlite'))).toEqual(before);
    expect((await env.store.getImageSet({ datastoreId: ds, imageSetId: first.imageSetId })).versionId).toBe('1');

    const v1Frame = (await metadata(env.store, ds, first.imageSetId)).Study.Series[SERIES].Instances[sop(1)].ImageFrames[0];
    const replaced = await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1), seed: 2 }));
    expect(replaced).toMatchObject({ status: 'stored', imageSetId: first.imageSetId });
    const v2Frame = (await metadata(env.store, ds, first.imageSetId)).Study.Series[SERIES].Instances[sop(1)].ImageFrames[0];
    expect(v2Frame.ID).not.toBe(v1Frame.ID);
    expect(v2Frame.PixelDataChecksumFromBaseToFullResolution[0].Checksum).not.toBe(
      v1Frame.PixelDataChecksumFromBaseToFullResolution[0].Checksum,
    );
    // The earlier version still says what it said.
    expect((await metadata(env.store, ds, first.imageSetId, '1')).Study.Series[SERIES].Instances[sop(1)].ImageFrames[0]).toEqual(v1Frame);
    const versions = await env.store.listImageSetVersions({ datastoreId: ds, imageSetId: first.imageSetId });
    expect(versions.imageSetPropertiesList?.map((v) => v.versionId)).toEqual(['2', '1']);
    const located = await env.store.locateInstances(ds, STUDY, SERIES, sop(1));
    expect(located).toEqual([
      {
        imageSetId: first.imageSetId,
        studyInstanceUid: STUDY,
        seriesInstanceUid: SERIES,
        sopInstanceUid: sop(1),
        imageFrameIds: [v2Frame.ID],
      },
    ]);
  });

  it('commits concurrent stores of one study together, every instance in the latest version', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(i + 1), instanceNumber: i + 1, seed: i })),
      ),
    );
    expect(new Set(outcomes.map((o) => o.imageSetId)).size).toBe(1);
    const doc = await metadata(env.store, ds, outcomes[0].imageSetId);
    expect(Object.keys(doc.Study.Series[SERIES].Instances)).toHaveLength(24);
    const located = await env.store.locateInstances(ds, STUDY, SERIES);
    expect(located.map((l) => l.sopInstanceUid)).toEqual(Array.from({ length: 24 }, (_, i) => sop(i + 1)));
  });

  it('refuses what it cannot store, with the reason, and leaves the store as it was', async () => {
    await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1) }));
    const before = files(env.dataDir).filter((f) => !f.includes('index.sqlite'));
    await expect(env.store.storeInstance(ds, new TextEncoder().encode('this is not a DICOM file at all'))).rejects.toBeInstanceOf(
      IngestRefusedError,
    );
    const truncated = syntheticPart10({ study: STUDY, series: SERIES, sop: sop(2), rows: 64, columns: 64 });
    const refusal = await env.store.storeInstance(ds, truncated.subarray(0, truncated.length - 100)).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(IngestRefusedError);
    expect((refusal as IngestRefusedError).reason).toMatch(/truncated|too few|past the end/);
    expect(files(env.dataDir).filter((f) => !f.includes('index.sqlite'))).toEqual(before);
    expect(await env.store.locateInstances(ds, STUDY)).toHaveLength(1);
  });

  it('checks ids before anything else: malformed ones are a ValidationException, unknown ones ResourceNotFoundException', async () => {
    const { imageSetId } = await env.store.storeInstance(ds, syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1) }));
    const name = (p: Promise<unknown>) =>
      p.then(
        () => 'resolved',
        (e: HealthImagingError) => e.name,
      );
    expect(await name(env.store.getImageSet({ datastoreId: '../../etc', imageSetId }))).toBe('ValidationException');
    expect(await name(env.store.getImageSet({ datastoreId: ds, imageSetId: 'A'.repeat(32) }))).toBe('ValidationException');
    expect(await name(env.store.getImageFrame({ datastoreId: ds, imageSetId, imageFrameInformation: { imageFrameId: '../x' } }))).toBe(
      'ValidationException',
    );
    expect(await name(env.store.getImageSetMetadata({ datastoreId: ds, imageSetId, versionId: '1/../2' }))).toBe('ValidationException');
    expect(await name(env.store.getImageSet({ datastoreId: ds, imageSetId: 'f'.repeat(32) }))).toBe('ResourceNotFoundException');
    expect(await name(env.store.getImageSet({ datastoreId: 'f'.repeat(32), imageSetId }))).toBe('ResourceNotFoundException');
    expect(
      await name(env.store.getImageFrame({ datastoreId: ds, imageSetId, imageFrameInformation: { imageFrameId: 'f'.repeat(32) } })),
    ).toBe('ResourceNotFoundException');
    expect(await name(env.store.getImageSetMetadata({ datastoreId: ds, imageSetId, versionId: '7' }))).toBe('ResourceNotFoundException');
  });
});

describe('LocalHealthImaging with a codec pool', () => {
  it('transcodes on worker threads with the same result', async () => {
    const pool = new CodecPool({ size: 2 });
    const env = await tempStore({ codecPool: pool });
    try {
      const ds = await env.store.ensureDatastore('pool');
      const bytes = syntheticPart10({ study: STUDY, series: SERIES, sop: sop(1), frames: 3, rows: 16, columns: 16 });
      const outcome = await env.store.storeInstance(ds, bytes);
      expect(outcome).toMatchObject({ status: 'stored', frames: 3 });
      const doc = await metadata(env.store, ds, outcome.imageSetId);
      const frames = doc.Study.Series[SERIES].Instances[sop(1)].ImageFrames;
      const file = readPart10(bytes);
      const info = readPixelInfo(file);
      for (const [i, frame] of frames.entries()) {
        const jph = await readAll(
          (
            await env.store.getImageFrame({
              datastoreId: ds,
              imageSetId: outcome.imageSetId,
              imageFrameInformation: { imageFrameId: frame.ID },
            })
          ).imageFrameBlob,
        );
        const expected = decodeFrame(file.transferSyntaxUid, getFrames(file, info)[i].bytes, info).pixels;
        expect(Buffer.from(decodeFrame('1.2.840.10008.1.2.4.202', jph, info).pixels).equals(Buffer.from(expected))).toBe(true);
      }
    } finally {
      await env.dispose();
      await pool.close();
    }
  });
});
