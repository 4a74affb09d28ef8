import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { decodeFrame } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo, type ImageSetMetadata } from '@triage/dicom';
import { corpusFiles } from '@triage/dicom/test-support';
import { IngestRefusedError } from '../../dicom-store';
import { readAll, tempStore } from '../test-support/temp-store';
import { NATIVE_TRANSFER_SYNTAX, STORED_TRANSFER_SYNTAX } from './prepare-instance';

/** Valid files beyond the HTJ2K encoder (1- and 32-bit samples): stored as native pixels, not refused. */
const NATIVE = [
  'SC_rgb_rle_32bit.dcm',
  'SC_rgb_rle_32bit_2frame.dcm',
  'liver_1frame.dcm',
  'liver_expb_1frame.dcm',
  'rtdose.dcm',
  'rtdose_1frame.dcm',
  'rtdose_expb.dcm',
  'rtdose_expb_1frame.dcm',
  'rtdose_rle_1frame.dcm',
];

describe('ingest of the shared corpus', () => {
  it('stores every file with frames bit-exact to the decoded original, or refuses it with a reason and leaves the store as it was', async () => {
    const { store, dataDir, dispose } = await tempStore();
    try {
      const ds = await store.ensureDatastore('corpus');
      const report: string[] = [];
      const seen = new Set<string>();
      for (const file of corpusFiles()) {
        const name = path.basename(file);
        const bytes = fs.readFileSync(file);
        const framesBefore = countFiles(path.join(dataDir, 'datastores'));
        let outcome;
        try {
          outcome = await store.storeInstance(ds, bytes, { source: name });
        } catch (error) {
          expect(error).toBeInstanceOf(IngestRefusedError);
          const reason = (error as IngestRefusedError).reason;
          expect(reason.length).toBeGreaterThan(10);
          expect(countFiles(path.join(dataDir, 'datastores'))).toBe(framesBefore);
          report.push(`${name}: refused: ${reason}`);
          continue;
        }
        report.push(`${name}: ${outcome.status} ${outcome.frames} frame(s)`);
        // The corpus holds byte-identical copies under two names: the second is 'unchanged'.
        const digest = createHash('sha256').update(bytes).digest('hex');
        expect([name, outcome.status]).toEqual([name, seen.has(digest) ? 'unchanged' : 'stored']);
        seen.add(digest);
        const meta = JSON.parse(
          zlib
            .gunzipSync(
              await readAll((await store.getImageSetMetadata({ datastoreId: ds, imageSetId: outcome.imageSetId })).imageSetMetadataBlob),
            )
            .toString(),
        ) as ImageSetMetadata;
        const instance = meta.Study.Series[outcome.seriesInstanceUid].Instances[outcome.sopInstanceUid];
        expect(instance.ImageFrames).toHaveLength(outcome.frames);
        if (outcome.frames === 0) continue;
        const original = readPart10(bytes);
        const info = readPixelInfo(original);
        const storedTs = info.bitsAllocated === 8 || info.bitsAllocated === 16 ? STORED_TRANSFER_SYNTAX : NATIVE_TRANSFER_SYNTAX;
        expect([name, instance.StoredTransferSyntaxUID]).toEqual([name, storedTs]);
        const originals = getFrames(original, info).map((f) => decodeFrame(original.transferSyntaxUid, f.bytes, info));
        for (const [i, frame] of instance.ImageFrames.entries()) {
          const out = await store.getImageFrame({
            datastoreId: ds,
            imageSetId: outcome.imageSetId,
            imageFrameInformation: { imageFrameId: frame.ID },
          });
          expect(out.contentType).toBe(storedTs === STORED_TRANSFER_SYNTAX ? 'image/jph' : 'application/octet-stream');
          const stored = await readAll(out.imageFrameBlob);
          expect(frame.FrameSizeInBytes).toBe(stored.length);
          const storedInfo = { ...info, photometricInterpretation: originals[i].photometricInterpretation, planarConfiguration: 0 };
          const decoded = decodeFrame(storedTs, stored, storedInfo);
          expect([name, i, Buffer.from(decoded.pixels).equals(Buffer.from(originals[i].pixels))]).toEqual([name, i, true]);
          expect(frame.PixelDataChecksumFromBaseToFullResolution[0].Checksum).toBe(zlib.crc32(originals[i].pixels));
        }
      }
      // The outcome of every file, for whoever reads the test log.
      process.stdout.write(`corpus outcomes:\n${report.map((r) => `  ${r}`).join('\n')}\n`);
      expect(report.filter((r) => r.includes(': stored')).length).toBeGreaterThan(30);
      expect(NATIVE.map((name) => report.find((r) => r.startsWith(`${name}:`)))).toEqual(
        NATIVE.map((name) => expect.stringMatching(new RegExp(`^${name}: stored`))),
      );
    } finally {
      await dispose();
    }
  });
});

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
