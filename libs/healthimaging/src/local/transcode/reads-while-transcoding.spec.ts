import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodecPool, decodeFrame } from '@triage/codec';
import { readPart10, readPixelInfo } from '@triage/dicom';
import { corpusFiles } from '@triage/test-data';
import { syntheticPart10 } from '@triage/test-support';
import { readMetadata } from '../test-support/read-metadata';
import { readAll, tempStore } from '../test-support/temp-store';
import type { LocalHealthImaging } from '../local-health-imaging';

const HTJ2K = '1.2.840.10008.1.2.4.202';
const corpus = (name: string) => fs.readFileSync(corpusFiles().find((f) => path.basename(f) === name) as string);
const SYNTHETIC_STUDY = '1.2.826.0.1.3680043.8.498.920';

/** Each frame of a stored instance as readFrame answers now: its syntax and its decoded pixels (by the instance's stored pixel module). */
async function framesNow(store: LocalHealthImaging, ds: string, bytes: Uint8Array): Promise<{ syntax: string; pixels: Buffer }[]> {
  const file = readPart10(bytes);
  const uid = (tag: string) => file.dataSet.string(tag)?.trim() as string;
  const found = await store.instanceFrames(ds, uid('x0020000d'), uid('x0020000e'), uid('x00080018'));
  if (!found) throw new Error('instance not found');
  const out = [];
  for (const id of found.imageFrameIds) {
    const frame = await store.readFrame(ds, found.imageSetId, id);
    out.push({
      syntax: frame.transferSyntaxUid,
      pixels: Buffer.from(decodeFrame(frame.transferSyntaxUid, frame.bytes, found.pixel).pixels),
    });
  }
  return out;
}

describe('reads while frames await transcoding', () => {
  let pool: CodecPool;
  beforeAll(() => (pool = new CodecPool({ size: 2 })));
  afterAll(() => pool.close());

  it('serves each frame as received with the same pixels as once transcoded (native, RLE, JPEG baseline)', async () => {
    const env = await tempStore({ codecPool: pool, transcode: 'paused' });
    try {
      const ds = await env.store.ensureDatastore('reads');
      const inputs: [string, Uint8Array][] = [
        [
          'synthetic',
          syntheticPart10({
            study: SYNTHETIC_STUDY,
            series: `${SYNTHETIC_STUDY}.1`,
            sop: `${SYNTHETIC_STUDY}.1.1`,
            frames: 2,
            rows: 32,
            columns: 24,
          }),
        ],
        ['MR_small_RLE.dcm', corpus('MR_small_RLE.dcm')],
        ['SC_rgb_jpeg_dcmtk.dcm', corpus('SC_rgb_jpeg_dcmtk.dcm')],
        ['SC_rgb_small_odd_jpeg.dcm', corpus('SC_rgb_small_odd_jpeg.dcm')],
      ];
      for (const [, bytes] of inputs) await env.store.storeInstance(ds, bytes);
      const pending: (readonly [string, { syntax: string; pixels: Buffer }[]])[] = [];
      for (const [name, bytes] of inputs) pending.push([name, await framesNow(env.store, ds, bytes)] as const);
      env.store.resumeTranscoding();
      await env.store.transcodesSettled();
      const table = [];
      for (const [i, [name, bytes]] of inputs.entries()) {
        const after = await framesNow(env.store, ds, bytes);
        table.push([
          name,
          pending[i][1].map((f) => f.syntax).join(','),
          after.map((f) => f.syntax).join(','),
          after.every((f, j) => f.pixels.equals(pending[i][1][j].pixels)),
        ]);
      }
      const syntaxOf = (bytes: Uint8Array) => readPart10(bytes).transferSyntaxUid;
      expect(table).toEqual([
        ['synthetic', '1.2.840.10008.1.2.1,1.2.840.10008.1.2.1', `${HTJ2K},${HTJ2K}`, true],
        ['MR_small_RLE.dcm', syntaxOf(inputs[1][1]), HTJ2K, true],
        ['SC_rgb_jpeg_dcmtk.dcm', syntaxOf(inputs[2][1]), HTJ2K, true],
        ['SC_rgb_small_odd_jpeg.dcm', syntaxOf(inputs[3][1]), HTJ2K, true],
      ]);
      expect(readPixelInfo(readPart10(inputs[1][1])).numberOfFrames).toBe(1);
    } finally {
      await env.dispose();
    }
  });

  it('GetImageFrame transcodes a pending frame at once; GetImageSet and the documents say what is still pending', async () => {
    const env = await tempStore({ codecPool: pool, transcode: 'paused' });
    try {
      const ds = await env.store.ensureDatastore('api');
      const series = `${SYNTHETIC_STUDY}.2`;
      const outcomes = [];
      for (let n = 1; n <= 2; n++) {
        const bytes = syntheticPart10({ study: SYNTHETIC_STUDY, series, sop: `${series}.${n}`, frames: 2, rows: 16, columns: 16, seed: n });
        outcomes.push(await env.store.storeInstance(ds, bytes));
      }
      const imageSetId = outcomes[0].imageSetId;
      const cacheDir = path.join(env.dataDir, 'datastores', ds, 'imagesets', imageSetId.slice(0, 2), imageSetId);
      const state = async () => {
        const set = await env.store.getImageSet({ datastoreId: ds, imageSetId });
        const [latest] = (await env.store.listImageSetVersions({ datastoreId: ds, imageSetId })).imageSetPropertiesList ?? [];
        expect([latest.ImageSetWorkflowStatus, latest.message]).toEqual([set.imageSetWorkflowStatus, set.message]);
        const doc = await readMetadata(env.store, ds, imageSetId);
        const frames = Object.values(doc.Study.Series[series].Instances).flatMap((i) => i.ImageFrames);
        return {
          pending: env.store.pendingTranscodes(),
          status: set.imageSetWorkflowStatus,
          message: set.message,
          sized: frames.filter((f) => f.FrameSizeInBytes !== undefined).length,
          cached: fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).length : 0,
          updatedAt: set.updatedAt?.getTime(),
        };
      };
      const before = await state();
      expect({ ...before, updatedAt: undefined }).toEqual({
        pending: 4,
        status: 'IMPORTING',
        message: 'transcoding: 4 of 4 frames to go',
        sized: 0,
        cached: 0,
        updatedAt: undefined,
      });
      const doc = await readMetadata(env.store, ds, imageSetId);
      const first = doc.Study.Series[series].Instances[`${series}.1`].ImageFrames[0].ID;
      const out = await env.store.getImageFrame({ datastoreId: ds, imageSetId, imageFrameInformation: { imageFrameId: first } });
      const jph = await readAll(out.imageFrameBlob);
      const middle = await state();
      expect([out.contentType, { ...middle, updatedAt: undefined }]).toEqual([
        'image/jph',
        { pending: 3, status: 'IMPORTING', message: 'transcoding: 3 of 4 frames to go', sized: 1, cached: 0, updatedAt: undefined },
      ]);
      const sized = (await readMetadata(env.store, ds, imageSetId)).Study.Series[series].Instances[`${series}.1`].ImageFrames[0];
      expect(sized.FrameSizeInBytes).toBe(jph.length);
      expect(middle.updatedAt).toBe(before.updatedAt);

      env.store.resumeTranscoding();
      await env.store.transcodesSettled();
      const after = await state();
      expect({ ...after, updatedAt: undefined }).toEqual({
        pending: 0,
        status: 'UPDATED',
        message: undefined,
        sized: 4,
        cached: 1,
        updatedAt: undefined,
      });
      // Readers key cached documents on updatedAt: the last frame transcoded moves it.
      expect((after.updatedAt ?? 0) > (before.updatedAt ?? Infinity)).toBe(true);
    } finally {
      await env.dispose();
    }
  });
});
