import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { decodeFrame } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo, type ImageSetMetadata } from '@triage/dicom';
import { corpusFiles } from '@triage/dicom/test-support';
import { IngestRefusedError } from '../../dicom-store';
import { readAll, tempStore } from '../test-support/temp-store';
import { STORED_TRANSFER_SYNTAX } from './prepare-instance';

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
        const meta = JSON.parse(zlib.gunzipSync(await readAll((await store.getImageSetMetadata({ datastoreId: ds, imageSetId: outcome.imageSetId })).imageSetMetadataBlob)).toString()) as ImageSetMetadata;
        const instance = meta.Study.Series[outcome.seriesInstanceUid].Instances[outcome.sopInstanceUid];
        expect(instance.ImageFrames).toHaveLength(outcome.frames);
        if (outcome.frames === 0) continue;
        expect(instance.StoredTransferSyntaxUID).toBe(STORED_TRANSFER_SYNTAX);
        const original = readPart10(bytes);
        const info = readPixelInfo(original);
        const originals = getFrames(original, info).map((f) => decodeFrame(original.transferSyntaxUid, f.bytes, info));
        for (const [i, frame] of instance.ImageFrames.entries()) {
          const stored = await readAll((await store.getImageFrame({ datastoreId: ds, imageSetId: outcome.imageSetId, imageFrameInformation: { imageFrameId: frame.ID } })).imageFrameBlob);
          expect(frame.FrameSizeInBytes).toBe(stored.length);
          const storedInfo = { ...info, photometricInterpretation: originals[i].photometricInterpretation, planarConfiguration: 0 };
          const decoded = decodeFrame(STORED_TRANSFER_SYNTAX, stored, storedInfo);
          expect([name, i, Buffer.from(decoded.pixels).equals(Buffer.from(originals[i].pixels))]).toEqual([name, i, true]);
          expect(frame.PixelDataChecksumFromBaseToFullResolution[0].Checksum).toBe(zlib.crc32(originals[i].pixels));
        }
      }
      expect(report.filter((r) => r.includes('stored')).length).toBeGreaterThan(30);
    } finally {
      await dispose();
    }
  });
});

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
