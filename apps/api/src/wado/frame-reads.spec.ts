import { decodeFrame, encodeJpegLsLossless, type FrameInfo } from '@triage/codec';
import type { ImageFrameId } from '@triage/dicom';
import { getFrames, readPart10, readPixelInfo, TransferSyntax } from '@triage/dicom';
import type { ImageStore } from '../app/api-context';
import { fixtureInstance, type FixtureOptions } from '../test-support/read-fixtures';
import { parseMultipart } from '../test-support/read-multipart';
import { countingCodecPool, recordingStore, startTestApp, type CodecCalls, type TestApp } from '../test-support/test-app';

/**
 * The frames route reads one instance's index row and its frame files, never the image set's
 * metadata document; native-pixel answers go through the decoded-frame cache (bounded by bytes)
 * and the prefetch of a series read in order; frames still awaiting their transcoding are passed
 * through, decoded or encoded as the Accept needs.
 */

const STUDY = '1.2.826.0.1.3680043.10.2.11';
const HTJ2K = TransferSyntax.HTJ2KLosslessRPCL;
const NATIVE = TransferSyntax.ExplicitVRLittleEndian;
const JPEG_LS = '1.2.840.10008.1.2.4.80';
const RAW = `multipart/related; type="application/octet-stream"; transfer-syntax=${NATIVE}`;
const JPH = `multipart/related; type="image/jph"; transfer-syntax=${HTJ2K}`;
const ROWS = 16;
const COLUMNS = 16;
/** One 16×16 frame of 16-bit samples, decoded. */
const FRAME_BYTES = ROWS * COLUMNS * 2;

const instance = (series: number, n: number): FixtureOptions => ({
  studyUid: STUDY,
  seriesUid: `${STUDY}.${series}`,
  sopUid: `${STUDY}.${series}.${n}`,
  instanceNumber: n,
  rows: ROWS,
  columns: COLUMNS,
});
/** A study that keeps growing: 40 instances at first, one more written between frame reads. */
const LARGE = Array.from({ length: 40 }, (_, i) => instance(1, i + 1));
/** A series read in order, for the prefetch. */
const ORDERED = Array.from({ length: 6 }, (_, i) => instance(2, i + 1));
/** Two instances whose frames stand for frames still awaiting transcoding: kept native, and kept as JPEG-LS. */
const PENDING_NATIVE = instance(3, 1);
const PENDING_JPEG_LS = instance(4, 1);

/** What the store wrapper answers beyond the real store: the backlog, and frames as kept before their transcoding. */
interface Stand {
  backlog?: number;
  /** Frame ids read back in the original's form instead of HTJ2K, and that form's transfer syntax. */
  pending: Map<ImageFrameId, typeof NATIVE | typeof JPEG_LS>;
}

/**
 * The store as the routes see it: calls recorded; `readFrame` of a frame named in `stand.pending`
 * answers the frame as it is kept until the ingest change (transcoding behind the acknowledgement)
 * lands: native samples or a JPEG-LS original. It stands in for a pending frame; the real thing
 * answers the same shape (`{ bytes, transferSyntaxUid }`).
 */
function standInStore(store: ImageStore, calls: { method: string; args: unknown[] }[], stand: Stand): ImageStore {
  const recorded = recordingStore(store, calls);
  return new Proxy(recorded, {
    get(target, property, receiver) {
      if (property === 'pendingTranscodes') return stand.backlog === undefined ? undefined : () => stand.backlog;
      if (property !== 'readFrame') return Reflect.get(target, property, receiver) as unknown;
      return async (...args: Parameters<ImageStore['readFrame']>) => {
        const frame = await target.readFrame(...args);
        const form = stand.pending.get(args[2]);
        if (!form) return frame;
        const decoded = decodeFrame(frame.transferSyntaxUid, frame.bytes, PIXEL);
        return form === NATIVE
          ? { bytes: decoded.pixels, transferSyntaxUid: NATIVE }
          : { bytes: encodeJpegLsLossless(decoded), transferSyntaxUid: JPEG_LS };
      };
    },
  });
}

const PIXEL: FrameInfo = {
  rows: ROWS,
  columns: COLUMNS,
  samplesPerPixel: 1,
  bitsAllocated: 16,
  bitsStored: 16,
  highBit: 15,
  pixelRepresentation: 1,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
};

function decodedOriginal(o: FixtureOptions): Buffer {
  const file = readPart10(fixtureInstance(o));
  const info = readPixelInfo(file);
  return Buffer.from(decodeFrame(file.transferSyntaxUid, getFrames(file, info)[0].bytes, info).pixels);
}

const frameUrl = (o: FixtureOptions, frames = '1') => `/studies/${o.studyUid}/series/${o.seriesUid}/instances/${o.sopUid}/frames/${frames}`;

async function metric(t: TestApp, pattern: RegExp): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.token}` } })).text();
  return Number(pattern.exec(text)?.[1] ?? 0);
}

/** The decoded-frame cache's counters, by outcome. */
async function cacheOutcomes(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const outcome of ['hit', 'awaited', 'miss', 'prefetch'])
    out[outcome] = await metric(t, new RegExp(`^triage_frame_cache_total\\{outcome="${outcome}"\\} (\\d+)$`, 'm'));
  return out;
}

/** The one part of a native-pixel frame answer. */
async function rawFrame(t: TestApp, o: FixtureOptions): Promise<Buffer> {
  const response = await t.get(frameUrl(o), { accept: RAW });
  expect({ sop: o.sopUid, status: response.status }).toEqual({ sop: o.sopUid, status: 200 });
  const parts = parseMultipart(response.headers.get('content-type') as string, response.body);
  expect(parts.map((p) => p.headers['content-type'])).toEqual([`application/octet-stream; transfer-syntax=${NATIVE}`]);
  return parts[0].body;
}

/** Waits until the codec pool has nothing running and `done` holds (prefetches run after their answer). */
async function settled(calls: CodecCalls, done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && (calls.running > 0 || !done()); i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('frames read from the index and the frame files', () => {
  let t: TestApp;
  const storeCalls: { method: string; args: unknown[] }[] = [];
  const codec: CodecCalls = { decode: 0, encodeHtj2k: 0, running: 0 };
  const stand: Stand = { pending: new Map() };

  beforeAll(async () => {
    t = await startTestApp({
      codecWorkers: 2,
      wrapStore: (store) => standInStore(store, storeCalls, stand),
      wrapCodecPool: (pool) => countingCodecPool(pool, codec),
    });
    for (const o of [...LARGE, ...ORDERED, PENDING_NATIVE, PENDING_JPEG_LS]) await t.store.storeInstance(t.datastoreId, fixtureInstance(o));
    // Every frame in its final form (HTJ2K): what is decoded below is counted from there.
    await t.transcoded();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  /** The store methods the routes called while `run` ran. */
  async function methodsCalled(run: () => Promise<unknown>): Promise<string[]> {
    const from = storeCalls.length;
    await run();
    await settled(codec, () => true);
    return storeCalls.slice(from).map((c) => c.method);
  }

  it('reads no metadata document and no image set for a frame, however the study grows between reads', async () => {
    // The metadata route reads the document (and reads it again after a write): the wrapper sees it.
    const metadata = () => t.get(`/studies/${STUDY}/series/${STUDY}.1/metadata`);
    expect((await methodsCalled(metadata)).filter((m) => m === 'getImageSetMetadata')).toEqual(['getImageSetMetadata']);
    const reads: [string, () => Promise<unknown>][] = [];
    for (let n = 41; n <= 43; n++) {
      const added = instance(1, n);
      reads.push([`write ${added.sopUid}`, () => t.store.storeInstance(t.datastoreId, fixtureInstance(added))]);
      reads.push([`jphc of ${n}`, () => t.get(frameUrl(added), { accept: 'image/jphc' })]);
      reads.push([`image/jph of ${n - 1}`, () => t.get(frameUrl(instance(1, n - 1)), { accept: JPH })]);
      // Instances apart (1, 11, 21): no series read in order, so no prefetch.
      const apart = (n - 41) * 10 + 1;
      reads.push([`raw of ${apart}`, () => t.get(frameUrl(instance(1, apart)), { accept: RAW })]);
    }
    const seen: [string, string[]][] = [];
    for (const [name, run] of reads) seen.push([name, await methodsCalled(run)]);
    // Each frame read: the instance's index row and its frame file; a raw read also lists the series' order (at most every 2 s) for the prefetch.
    const one = ['instanceFrames', 'readFrame'];
    expect(seen.map(([name, methods]) => [name, methods.filter((m) => m !== 'locateInstances')])).toEqual(
      reads.map(([name]) => [name, name.startsWith('write') ? [] : one]),
    );
    expect(seen.flatMap(([, methods]) => methods).filter((m) => m === 'getImageSetMetadata' || m === 'getImageSet')).toEqual([]);
    expect((await methodsCalled(metadata)).filter((m) => m === 'getImageSetMetadata')).toEqual(['getImageSetMetadata']);
  });

  it('decodes the next instances of a series read in order ahead of their requests, and serves them from the cache', async () => {
    const before = { ...codec };
    const outcomes = await cacheOutcomes(t);
    const delta = async () => {
      const now = await cacheOutcomes(t);
      return Object.fromEntries(Object.entries(now).map(([k, v]) => [k, v - outcomes[k]]));
    };
    expect(await rawFrame(t, ORDERED[0])).toEqual(decodedOriginal(ORDERED[0]));
    expect(await rawFrame(t, ORDERED[1])).toEqual(decodedOriginal(ORDERED[1]));
    // The second read in order queued the four after it (depth 4): decoded while nobody asked yet.
    await settled(codec, () => codec.decode - before.decode === 6);
    expect([codec.decode - before.decode, await delta()]).toEqual([6, { hit: 0, awaited: 0, miss: 2, prefetch: 4 }]);
    for (const o of ORDERED.slice(2)) expect(await rawFrame(t, o)).toEqual(decodedOriginal(o));
    await settled(codec, () => true);
    expect([codec.decode - before.decode, codec.encodeHtj2k - before.encodeHtj2k, await delta()]).toEqual([
      6,
      0,
      { hit: 4, awaited: 0, miss: 2, prefetch: 4 },
    ]);
  });

  it('serves a frame awaiting transcoding: passed through, decoded or encoded on the codec pool as the Accept needs', async () => {
    const [native] = (await t.store.locateInstances(t.datastoreId, STUDY, PENDING_NATIVE.seriesUid)).flatMap((l) => l.imageFrameIds);
    const [jpegLs] = (await t.store.locateInstances(t.datastoreId, STUDY, PENDING_JPEG_LS.seriesUid)).flatMap((l) => l.imageFrameIds);
    stand.pending.set(native, NATIVE).set(jpegLs, JPEG_LS);
    // In order: a frame's native pixels, once decoded or passed through, are cached and encoded from there.
    const cases: [string, FixtureOptions, Record<string, string>, number, string, number, number][] = [
      ['native, raw: passed through', PENDING_NATIVE, { accept: RAW }, 200, `application/octet-stream; transfer-syntax=${NATIVE}`, 0, 0],
      ['native, image/jph: encoded', PENDING_NATIVE, { accept: JPH }, 200, `image/jph; transfer-syntax=${HTJ2K}`, 0, 1],
      ['native, image/jphc: encoded', PENDING_NATIVE, { accept: 'image/jphc' }, 200, `image/jphc; transfer-syntax=${HTJ2K}`, 0, 1],
      ['JPEG-LS, image/jph: decoded, encoded', PENDING_JPEG_LS, { accept: JPH }, 200, `image/jph; transfer-syntax=${HTJ2K}`, 1, 1],
      ['JPEG-LS, raw: decoded', PENDING_JPEG_LS, { accept: RAW }, 200, `application/octet-stream; transfer-syntax=${NATIVE}`, 1, 0],
      ['JPEG-LS, raw again: cached', PENDING_JPEG_LS, { accept: RAW }, 200, `application/octet-stream; transfer-syntax=${NATIVE}`, 0, 0],
      [
        'JPEG-LS, image/jphc of bytes 0-9',
        PENDING_JPEG_LS,
        { accept: 'image/jphc', range: 'bytes=0-9' },
        206,
        `image/jphc; transfer-syntax=${HTJ2K}`,
        0,
        1,
      ],
    ];
    const seen = [];
    const expected = [];
    for (const [name, o, headers, status, type, decodes, encodes] of cases) {
      const before = { ...codec };
      const response = await t.get(frameUrl(o), headers);
      await settled(codec, () => true);
      const multipart = (response.headers.get('content-type') ?? '').startsWith('multipart/');
      const body = multipart ? parseMultipart(response.headers.get('content-type') as string, response.body)[0] : undefined;
      const bytes = body?.body ?? response.body;
      const pixels =
        status === 206 ? bytes.length : type.includes('jph') ? Buffer.from(decodeFrame(HTJ2K, bytes, PIXEL).pixels) : Buffer.from(bytes);
      seen.push([
        name,
        response.status,
        body?.headers['content-type'] ?? response.headers.get('content-type'),
        codec.decode - before.decode,
        codec.encodeHtj2k - before.encodeHtj2k,
        pixels,
      ]);
      expected.push([name, status, type, decodes, encodes, status === 206 ? 10 : decodedOriginal(o)]);
    }
    expect(seen).toEqual(expected);
    // Once transcoded (the stand-in gone), the same pixels, from the cache.
    stand.pending.clear();
    for (const o of [PENDING_NATIVE, PENDING_JPEG_LS]) expect(await rawFrame(t, o)).toEqual(decodedOriginal(o));
  });

  it('reports the transcoding backlog the store counts, 0 for a store that keeps none', async () => {
    const backlog = () => metric(t, /^triage_transcode_backlog_frames (\d+)$/m);
    stand.backlog = 7;
    expect(await backlog()).toBe(7);
    stand.backlog = 0;
    expect(await backlog()).toBe(0);
    stand.backlog = undefined;
    expect(await backlog()).toBe(0);
  });
});

describe('the decoded-frame cache of an app, bounded by bytes', () => {
  let t: TestApp;
  const codec: CodecCalls = { decode: 0, encodeHtj2k: 0, running: 0 };
  // Three instances, each alone in its series (no order to prefetch along); room for two decoded frames.
  const [A, B, C] = [5, 6, 7].map((series) => instance(series, 1));

  beforeAll(async () => {
    t = await startTestApp({ codecWorkers: 2, frameCacheBytes: 2 * FRAME_BYTES, wrapCodecPool: (pool) => countingCodecPool(pool, codec) });
    for (const o of [A, B, C]) await t.store.storeInstance(t.datastoreId, fixtureInstance(o));
    await t.transcoded();
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('keeps the two most recently read frames, and decodes the one evicted again', async () => {
    const steps: [string, FixtureOptions, string, number][] = [
      ['A', A, 'miss', 1],
      ['B', B, 'miss', 1],
      ['C: A leaves', C, 'miss', 1],
      ['C again', C, 'hit', 0],
      ['B again', B, 'hit', 0],
      ['A again: decoded, C leaves', A, 'miss', 1],
      ['B still held', B, 'hit', 0],
      ['C: decoded', C, 'miss', 1],
    ];
    const seen = [];
    for (const [name, o] of steps) {
      const before = { decode: codec.decode, outcomes: await cacheOutcomes(t) };
      expect(await rawFrame(t, o)).toEqual(decodedOriginal(o));
      const after = await cacheOutcomes(t);
      const outcome = Object.keys(after).find((k) => after[k] !== before.outcomes[k]);
      seen.push([name, o, outcome, codec.decode - before.decode]);
    }
    expect(seen).toEqual(steps);
    expect(await metric(t, /^triage_frame_cache_bytes (\d+)$/m)).toBe(2 * FRAME_BYTES);
  });
});
