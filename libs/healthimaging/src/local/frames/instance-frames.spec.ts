import * as fs from 'node:fs';
import { decodeFrame } from '@triage/codec';
import { syntheticInstance } from '@triage/test-support';
import { HealthImagingError } from '../../health-imaging-error';
import { tempStore } from '../test-support/temp-store';

const STUDY = '1.2.826.0.1.3680043.8.498.77';
const SERIES = `${STUDY}.1`;
const HTJ2K = '1.2.840.10008.1.2.4.202';
const NATIVE = '1.2.840.10008.1.2.1';

describe('instanceFrames and readFrame (frame reads from the index)', () => {
  let env: Awaited<ReturnType<typeof tempStore>>;
  let ds: string;
  beforeEach(async () => {
    env = await tempStore({ transcode: 'paused' });
    ds = await env.store.ensureDatastore('frames');
  });
  afterEach(() => env.dispose());

  it('finds an instance by study, series and SOP and reads back each frame bit-exact, as received and once transcoded', async () => {
    const instance = syntheticInstance({
      study: STUDY,
      series: SERIES,
      sop: `${SERIES}.1`,
      rows: 16,
      columns: 12,
      frames: 2,
      bitsStored: 12,
    });
    const outcome = await env.store.storeInstance(ds, instance.bytes);
    const found = await env.store.instanceFrames(ds, STUDY, SERIES, `${SERIES}.1`);
    expect(found && { ...found, imageFrameIds: found.imageFrameIds.length }).toEqual({
      imageSetId: outcome.imageSetId,
      studyInstanceUid: STUDY,
      seriesInstanceUid: SERIES,
      sopInstanceUid: `${SERIES}.1`,
      storedTransferSyntaxUid: HTJ2K,
      pixel: {
        rows: 16,
        columns: 12,
        samplesPerPixel: 1,
        bitsAllocated: 16,
        bitsStored: 12,
        highBit: 11,
        pixelRepresentation: 1,
        photometricInterpretation: 'MONOCHROME2',
        planarConfiguration: 0,
      },
      imageFrameIds: 2,
    });
    const frameBytes = 16 * 12 * 2;
    const readBack = async () => {
      const seen: [string, boolean][] = [];
      for (const [i, id] of found!.imageFrameIds.entries()) {
        const frame = await env.store.readFrame(ds, outcome.imageSetId, id);
        const decoded = decodeFrame(frame.transferSyntaxUid, frame.bytes, found!.pixel);
        seen.push([
          frame.transferSyntaxUid,
          Buffer.from(decoded.pixels).equals(instance.pixels.subarray(i * frameBytes, (i + 1) * frameBytes)),
        ]);
      }
      return seen;
    };
    // Acknowledged before transcoding: the frames as received (native samples), then HTJ2K, the same pixels.
    expect(await readBack()).toEqual([
      [NATIVE, true],
      [NATIVE, true],
    ]);
    env.store.resumeTranscoding();
    await env.store.transcodesSettled();
    expect(await readBack()).toEqual([
      [HTJ2K, true],
      [HTJ2K, true],
    ]);
  });

  it('answers undefined for an instance of another study or series, or not stored', async () => {
    await env.store.storeInstance(ds, syntheticInstance({ study: STUDY, series: SERIES, sop: `${SERIES}.1` }).bytes);
    const cases = [
      [`${STUDY}9`, SERIES, `${SERIES}.1`],
      [STUDY, `${SERIES}9`, `${SERIES}.1`],
      [STUDY, SERIES, `${SERIES}.2`],
    ] as const;
    for (const [study, series, sop] of cases) expect(await env.store.instanceFrames(ds, study, series, sop)).toBeUndefined();
  });

  it('answers each read from the live row: an instance stored again with other pixels, then its image set deleted', async () => {
    const sop = `${SERIES}.1`;
    const seen = async () => {
      const found = await env.store.instanceFrames(ds, STUDY, SERIES, sop);
      return found && { rows: found.pixel.rows, columns: found.pixel.columns, frames: found.imageFrameIds.length };
    };
    await env.store.storeInstance(ds, syntheticInstance({ study: STUDY, series: SERIES, sop, rows: 16, columns: 12, frames: 2 }).bytes);
    const first = [await seen(), await seen()];
    const again = await env.store.storeInstance(
      ds,
      syntheticInstance({ study: STUDY, series: SERIES, sop, rows: 8, columns: 4, frames: 3 }).bytes,
    );
    const second = await seen();
    await env.store.deleteImageSet({ datastoreId: ds, imageSetId: again.imageSetId });
    expect([...first, second, await seen()]).toEqual([
      { rows: 16, columns: 12, frames: 2 },
      { rows: 16, columns: 12, frames: 2 },
      { rows: 8, columns: 4, frames: 3 },
      undefined,
    ]);
  });

  it('refuses a frame of another image set, and a frame whose file was damaged on disk', async () => {
    const outcome = await env.store.storeInstance(ds, syntheticInstance({ study: STUDY, series: SERIES, sop: `${SERIES}.1` }).bytes);
    const [id] = (await env.store.instanceFrames(ds, STUDY, SERIES, `${SERIES}.1`))!.imageFrameIds;
    const other = '0'.repeat(32);
    await expect(env.store.readFrame(ds, other, id)).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const file = fs.readdirSync(env.dataDir, { recursive: true, withFileTypes: true }).find((e) => e.isFile() && e.name.startsWith(id))!;
    const path = `${file.parentPath}/${file.name}`;
    const bytes = fs.readFileSync(path);
    bytes[bytes.length - 1] ^= 0xff;
    fs.writeFileSync(path, bytes);
    const error = await env.store.readFrame(ds, outcome.imageSetId, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HealthImagingError);
    expect((error as Error).message).toBe(
      `image frame ${id} is damaged: ${bytes.length} bytes stored where ${bytes.length} were written, and their CRC-32 differs`,
    );
  });
});
