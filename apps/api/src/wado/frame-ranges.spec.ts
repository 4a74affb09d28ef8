import { decodeFrame, decodeHtj2kSubResolution, HTJ2K_SETTINGS, resolutionEnds } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo, TransferSyntax } from '@triage/dicom';
import type { AuditEvent } from '@triage/platform';
import { fixtureInstance, type FixtureOptions } from '../test-support/read-fixtures';
import { parseMultipart } from '../test-support/read-multipart';
import { startTestApp, type TestApp } from '../test-support/test-app';

const STUDY = '1.2.826.0.1.3680043.10.2.7';
const CT: FixtureOptions = { studyUid: STUDY, seriesUid: `${STUDY}.1`, sopUid: `${STUDY}.1.1`, rows: 256, columns: 192 };
const MULTI: FixtureOptions = { studyUid: STUDY, seriesUid: `${STUDY}.2`, sopUid: `${STUDY}.2.1`, rows: 32, columns: 48, frames: 3 };
const HTJ2K = TransferSyntax.HTJ2KLosslessRPCL;
const D = HTJ2K_SETTINGS.decompositions;
/** What Cornerstone3D's dicom-image-loader sends on every frame request, range requests included (it cannot be changed there). */
const CORNERSTONE_ACCEPT = 'multipart/related; type=application/octet-stream; transfer-syntax=*';

let t: TestApp;
let whole: Buffer;
const audit: AuditEvent[] = [];
const url = (o: FixtureOptions, frames = '1', query = '') =>
  `/studies/${o.studyUid}/series/${o.seriesUid}/instances/${o.sopUid}/frames/${frames}${query}`;

beforeAll(async () => {
  t = await startTestApp({ audit: { record: (event) => audit.push(event) } });
  for (const o of [CT, MULTI]) await t.store.storeInstance(t.datastoreId, fixtureInstance(o));
  const response = await t.get(url(CT), { accept: 'image/jphc' });
  whole = response.body;
}, 60_000);

afterAll(async () => {
  await t?.close();
});

describe('WADO-RS frames by byte range (single part)', () => {
  it('answers one frame asked as image/jphc with the stored codestream, its resolution ends and Accept-Ranges', async () => {
    const response = await t.get(url(CT), { accept: 'image/jphc' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(`image/jphc; transfer-syntax=${HTJ2K}`);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('content-length')).toBe(String(whole.length));
    const ends = (response.headers.get('x-triage-resolution-ends') ?? '').split(',').map(Number);
    expect(ends).toEqual(resolutionEnds(new Uint8Array(whole)));
    expect(ends).toHaveLength(D + 1);
    expect(ends[D]).toBe(whole.length);
    const file = readPart10(fixtureInstance(CT));
    const info = readPixelInfo(file);
    const original = decodeFrame(file.transferSyntaxUid, getFrames(file, info)[0].bytes, info).pixels;
    expect(Buffer.from(decodeFrame(HTJ2K, whole, info).pixels).equals(Buffer.from(original))).toBe(true);
  });

  // Every Range form against the frame of N bytes: status, Content-Range, and which bytes come back.
  const table: [string, (n: number) => string, number, (n: number) => string | null, (n: number) => [number, number] | 'problem'][] = [
    ['first 100 bytes', () => 'bytes=0-99', 206, (n) => `bytes 0-99/${n}`, () => [0, 100]],
    ['from 100 to the end', () => 'bytes=100-', 206, (n) => `bytes 100-${n - 1}/${n}`, (n) => [100, n]],
    ['the last 50', () => 'bytes=-50', 206, (n) => `bytes ${n - 50}-${n - 1}/${n}`, (n) => [n - 50, n]],
    ['past the end, clamped', (n) => `bytes=10-${n + 1000}`, 206, (n) => `bytes 10-${n - 1}/${n}`, (n) => [10, n]],
    ['a suffix longer than the frame', (n) => `bytes=-${n + 5}`, 206, (n) => `bytes 0-${n - 1}/${n}`, (n) => [0, n]],
    ['one byte, the last', (n) => `bytes=${n - 1}-${n - 1}`, 206, (n) => `bytes ${n - 1}-${n - 1}/${n}`, (n) => [n - 1, n]],
    ['upper-case unit, spaces', () => 'Bytes= 0-9 ', 206, (n) => `bytes 0-9/${n}`, () => [0, 10]],
    ['starting at the end', (n) => `bytes=${n}-`, 416, (n) => `bytes */${n}`, () => 'problem'],
    ['last before first', () => 'bytes=9-2', 416, (n) => `bytes */${n}`, () => 'problem'],
    ['not numbers', () => 'bytes=a-b', 416, (n) => `bytes */${n}`, () => 'problem'],
    ['an empty suffix', () => 'bytes=-0', 416, (n) => `bytes */${n}`, () => 'problem'],
    ['only a dash', () => 'bytes=-', 416, (n) => `bytes */${n}`, () => 'problem'],
    ['several ranges: whole, 200', () => 'bytes=0-1,5-6', 200, () => null, (n) => [0, n]],
    ['another unit: whole, 200', () => 'items=0-5', 200, () => null, (n) => [0, n]],
  ];
  it.each(table)('%s', async (_name, range, status, contentRange, bytes) => {
    const n = whole.length;
    const response = await t.get(url(CT), { accept: 'image/jphc', range: range(n) });
    expect([response.status, response.headers.get('content-range')]).toEqual([status, contentRange(n)]);
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    const expected = bytes(n);
    if (expected === 'problem') {
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(response.body.toString('utf8')).detail).toMatch(/^Range /);
    } else {
      expect(response.headers.get('content-type')).toBe(`image/jphc; transfer-syntax=${HTJ2K}`);
      expect(response.body.equals(whole.subarray(...expected))).toBe(true);
    }
  });

  it('serves a prefix per resolution that decodes at its level, and the rest completes the frame (as a progressive viewer asks)', async () => {
    const ends = resolutionEnds(new Uint8Array(whole));
    for (let i = 0; i < D; i++) {
      const prefix = await t.get(url(CT), { accept: 'image/jphc', range: `bytes=0-${ends[i] - 1}` });
      expect([prefix.status, prefix.body.length]).toEqual([206, ends[i]]);
      const image = decodeHtj2kSubResolution(new Uint8Array(prefix.body), D - i);
      expect([image.width, image.height]).toEqual([Math.ceil(192 / 2 ** (D - i)), Math.ceil(256 / 2 ** (D - i))]);
      const rest = await t.get(url(CT), { accept: 'image/jphc', range: `bytes=${ends[i]}-` });
      expect(rest.headers.get('content-range')).toBe(`bytes ${ends[i]}-${whole.length - 1}/${whole.length}`);
      expect(Buffer.concat([prefix.body, rest.body]).equals(whole)).toBe(true);
    }
  });

  it("answers Cornerstone3D's range request: its fixed multipart Accept, with the accept query parameter read first", async () => {
    const response = await t.get(url(CT, '1', '?accept=image/jphc'), { accept: CORNERSTONE_ACCEPT, range: 'bytes=0-65535' });
    const last = Math.min(65535, whole.length - 1);
    expect([response.status, response.headers.get('content-range')]).toEqual([206, `bytes 0-${last}/${whole.length}`]);
    expect(response.headers.get('content-type')).toBe(`image/jphc; transfer-syntax=${HTJ2K}`);
    // Without the query parameter the same Accept keeps its meaning: native pixels, multipart, Range not applied.
    const native = await t.get(url(CT), { accept: CORNERSTONE_ACCEPT, range: 'bytes=0-99' });
    expect(native.status).toBe(200);
    expect(native.headers.get('content-range')).toBeNull();
    expect(native.headers.get('content-type')).toMatch(/^multipart\/related; type="application\/octet-stream"/);
    expect(parseMultipart(native.headers.get('content-type') as string, native.body)[0].body.length).toBe(256 * 192 * 2);
  });

  it('ignores Range on a multipart answer (its boundary differs every time): 200 with every frame whole', async () => {
    const response = await t.get(url(MULTI, '1,2'), { accept: 'multipart/related; type="image/jph"', range: 'bytes=0-9' });
    expect([response.status, response.headers.get('content-range'), response.headers.get('accept-ranges')]).toEqual([200, null, null]);
    expect(parseMultipart(response.headers.get('content-type') as string, response.body)).toHaveLength(2);
  });

  it.each([
    ['several frames single part', url(MULTI, '1,2'), { accept: 'image/jphc' }, 406, /holds one frame, 1,2 asks for 2/],
    ['a frame that does not exist', url(MULTI, '4'), { accept: 'image/jphc' }, 404, /frame 4 does not exist/],
    ['another image type', url(CT), { accept: 'image/jpeg' }, 406, /or one frame as image\/jphc/],
  ])('refuses %s with a problem', async (_name, path, headers, status, detail) => {
    const response = await t.get(path, headers);
    expect(response.status).toBe(status);
    expect(JSON.parse(response.body.toString('utf8')).detail).toMatch(detail);
  });

  it('audits a refused frame read at once, by path without the query string; a partial one joins the study access window', async () => {
    audit.length = 0;
    // The study was read in beforeAll: this read is counted in its open access window (recorded when the window ends).
    await t.get(url(CT, '1', '?accept=image/jphc'), { range: 'bytes=0-9' });
    await t.get(url(CT), { accept: 'image/jphc', range: `bytes=${whole.length}-` });
    const path = `/dicomweb${url(CT)}`;
    expect(audit.map((e) => [e.action, e.resource, e.outcome, e.detail])).toEqual([['dicomweb.read', path, 'failed', 'status 416']]);
  });
});
