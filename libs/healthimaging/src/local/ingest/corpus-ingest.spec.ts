import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { decodeFrame } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo, type ImageSetMetadata } from '@triage/dicom';
import { corpusFiles, expectedOutcomes, refusalClass } from '@triage/test-data';
import { IngestRefusedError } from '../../dicom-store';
import { readAll, tempStore } from '../test-support/temp-store';
import { NATIVE_TRANSFER_SYNTAX, STORED_TRANSFER_SYNTAX } from './prepare-instance';

const files = corpusFiles();
const expected = expectedOutcomes('ingest');
const report: string[] = [];

describe('ingest of the corpus', () => {
  let store: Awaited<ReturnType<typeof tempStore>>['store'];
  let dataDir: string;
  let dispose: () => Promise<void>;
  let ds: string;
  const seen = new Set<string>();

  beforeAll(async () => {
    ({ store, dataDir, dispose } = await tempStore());
    ds = await store.ensureDatastore('corpus');
  });

  afterAll(async () => {
    // The outcome of every file, for whoever reads the test log.
    process.stdout.write(`corpus outcomes:\n${report.map((r) => `  ${r}`).join('\n')}\n`);
    await dispose?.();
  });

  it('has an expected outcome for every corpus file', () => {
    expect(files.map((f) => path.basename(f))).toEqual(Object.keys(expected));
  });

  it.each(files.map((f) => [path.basename(f), f]))(
    '%s: stored with frames bit-exact to the decoded original, or refused leaving the store as it was, as expected-outcomes.tsv says',
    async (name, file) => {
      const bytes = fs.readFileSync(file);
      const framesBefore = countFiles(path.join(dataDir, 'datastores'));
      let outcome;
      try {
        outcome = await store.storeInstance(ds, bytes, { source: name });
        await store.transcodesSettled();
      } catch (error) {
        if (!(error instanceof IngestRefusedError)) throw error;
        report.push(`${name}: refused: ${error.reason}`);
        expect({ name, outcome: `refused:${refusalClass(error.reason)}` }).toEqual({ name, outcome: expected[name] });
        expect(countFiles(path.join(dataDir, 'datastores'))).toBe(framesBefore);
        return;
      }
      report.push(`${name}: ${outcome.status} ${outcome.frames} frame(s)`);
      expect({ name, outcome: `stored:${outcome.frames}` }).toEqual({ name, outcome: expected[name] });
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
      if (outcome.frames === 0) return;
      const original = readPart10(bytes);
      const info = readPixelInfo(original);
      // 1- and 32-bit samples are beyond the HTJ2K encoder: stored as native pixels, not refused.
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
    },
  );
});

function countFiles(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}
