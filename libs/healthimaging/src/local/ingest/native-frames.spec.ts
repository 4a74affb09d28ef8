import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { decodeFrame } from '@triage/codec';
import {
  getFrames,
  readPart10,
  readPixelInfo,
  TransferSyntax,
  writePart10,
  type DicomJsonDataset,
  type ImageSetMetadata,
} from '@triage/dicom';
import { readAll, tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.77';
const NATIVE = TransferSyntax.ExplicitVRLittleEndian;

/** A 2-frame instance of `bits` allocated samples (32: signed values beyond 16 bits; 1: a 5×7 mask, frames mid-byte). */
function instance(bits: 1 | 32, sop: string): Uint8Array {
  const [rows, columns, frames] = bits === 1 ? [5, 7, 2] : [4, 6, 2];
  const count = rows * columns * frames;
  let pixels: Uint8Array;
  if (bits === 32) {
    const values = Int32Array.from({ length: count }, (_, i) => i * 40_000_019 - 900_000_000);
    pixels = new Uint8Array(values.buffer);
  } else {
    pixels = new Uint8Array(Math.ceil(count / 8) + 1);
    for (let i = 0; i < count; i++) if (i % 3 === 0) pixels[i >> 3] |= 1 << (i & 7);
  }
  const dataset: DicomJsonDataset = {
    '00080016': { vr: 'UI', Value: [bits === 1 ? '1.2.840.10008.5.1.4.1.1.66.4' : '1.2.840.10008.5.1.4.1.1.481.2'] },
    '00080018': { vr: 'UI', Value: [sop] },
    '0020000D': { vr: 'UI', Value: [STUDY] },
    '0020000E': { vr: 'UI', Value: [`${STUDY}.${bits}`] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280008': { vr: 'IS', Value: [frames] },
    '00280010': { vr: 'US', Value: [rows] },
    '00280011': { vr: 'US', Value: [columns] },
    '00280100': { vr: 'US', Value: [bits] },
    '00280101': { vr: 'US', Value: [bits] },
    '00280102': { vr: 'US', Value: [bits - 1] },
    '00280103': { vr: 'US', Value: [bits === 32 ? 1 : 0] },
  };
  return writePart10(dataset, { pixelData: pixels });
}

describe('frames the HTJ2K encoder cannot take', () => {
  it.each([[32], [1]] as const)(
    'stores %i-bit frames native (Explicit VR LE), served as octet-stream and copied and deleted with their files',
    async (bits) => {
      const env = await tempStore();
      try {
        const ds = await env.store.ensureDatastore('native');
        const bytes = instance(bits, `${STUDY}.${bits}.1`);
        const outcome = await env.store.storeInstance(ds, bytes);
        expect(outcome).toMatchObject({ status: 'stored', frames: 2 });
        const doc = JSON.parse(
          zlib
            .gunzipSync(
              await readAll(
                (await env.store.getImageSetMetadata({ datastoreId: ds, imageSetId: outcome.imageSetId })).imageSetMetadataBlob,
              ),
            )
            .toString(),
        ) as ImageSetMetadata;
        const entry = doc.Study.Series[outcome.seriesInstanceUid].Instances[outcome.sopInstanceUid];
        expect(entry.StoredTransferSyntaxUID).toBe(NATIVE);

        const original = readPart10(bytes);
        const info = readPixelInfo(original);
        const expected = getFrames(original, info).map((f) => decodeFrame(original.transferSyntaxUid, f.bytes, info));
        const frameFile = (id: string) => path.join(env.dataDir, 'datastores', ds, 'frames', id.slice(0, 2), `${id}.raw`);
        for (const [i, frame] of entry.ImageFrames.entries()) {
          const out = await env.store.getImageFrame({
            datastoreId: ds,
            imageSetId: outcome.imageSetId,
            imageFrameInformation: { imageFrameId: frame.ID },
          });
          expect(out.contentType).toBe('application/octet-stream');
          const stored = await readAll(out.imageFrameBlob);
          // 1-bit frames are kept packed, one frame from a byte boundary; 32-bit ones as their little-endian samples.
          expect(stored.length).toBe(bits === 1 ? Math.ceil((info.rows * info.columns) / 8) : info.rows * info.columns * 4);
          expect(frame.FrameSizeInBytes).toBe(stored.length);
          expect(Buffer.from(decodeFrame(NATIVE, stored, info).pixels).equals(Buffer.from(expected[i].pixels))).toBe(true);
          expect(frame.PixelDataChecksumFromBaseToFullResolution[0].Checksum).toBe(zlib.crc32(expected[i].pixels));
          expect(fs.existsSync(frameFile(frame.ID))).toBe(true);
        }
        const [lo, hi] = bits === 1 ? [0, 1] : [-900_000_000, 47 * 40_000_019 - 900_000_000];
        expect([entry.ImageFrames[0].MinPixelValue, entry.ImageFrames[1].MaxPixelValue]).toEqual([lo, hi]);

        const copy = await env.store.copyImageSet({
          datastoreId: ds,
          sourceImageSetId: outcome.imageSetId,
          copyImageSetInformation: { sourceImageSet: { latestVersionId: '1' } },
        });
        const copyId = copy.destinationImageSetProperties?.imageSetId as string;
        const copied = JSON.parse(
          zlib
            .gunzipSync(await readAll((await env.store.getImageSetMetadata({ datastoreId: ds, imageSetId: copyId })).imageSetMetadataBlob))
            .toString(),
        ) as ImageSetMetadata;
        const copiedFrame = copied.Study.Series[outcome.seriesInstanceUid].Instances[outcome.sopInstanceUid].ImageFrames[0];
        const out = await env.store.getImageFrame({
          datastoreId: ds,
          imageSetId: copyId,
          imageFrameInformation: { imageFrameId: copiedFrame.ID },
        });
        expect(out.contentType).toBe('application/octet-stream');
        expect(
          Buffer.from(decodeFrame(NATIVE, await readAll(out.imageFrameBlob), info).pixels).equals(Buffer.from(expected[0].pixels)),
        ).toBe(true);

        await env.store.deleteImageSet({ datastoreId: ds, imageSetId: copyId });
        expect(fs.existsSync(frameFile(copiedFrame.ID))).toBe(false);
        expect(fs.existsSync(frameFile(entry.ImageFrames[0].ID))).toBe(true);
      } finally {
        await env.dispose();
      }
    },
  );

  it('opens an index from before native frames, whose frames are all HTJ2K', async () => {
    const env = await tempStore();
    const file = path.join(env.dataDir, 'index.sqlite');
    await env.store.close();
    const db = new Database(file);
    db.exec(
      "DROP TABLE frames; CREATE TABLE frames (id TEXT PRIMARY KEY, datastore_id TEXT NOT NULL, image_set_id TEXT NOT NULL, size INTEGER NOT NULL, crc32 INTEGER NOT NULL) WITHOUT ROWID; INSERT INTO frames VALUES ('f', 'd', 'i', 1, 2)",
    );
    db.close();
    const again = await tempStore({ dataDir: env.dataDir });
    try {
      const ds = await again.store.ensureDatastore('after');
      expect((await again.store.storeInstance(ds, instance(32, `${STUDY}.32.2`))).status).toBe('stored');
      await again.store.close();
      const check = new Database(file, { readonly: true });
      expect(check.prepare("SELECT form FROM frames WHERE id = 'f'").get()).toEqual({ form: 'htj2k' });
      expect(check.prepare("SELECT count(*) AS n FROM frames WHERE form = 'native'").get()).toEqual({ n: 2 });
      check.close();
    } finally {
      fs.rmSync(env.dataDir, { recursive: true, force: true });
    }
  });
});
