import { decodeFrame } from '@triage/codec';
import type { DicomJsonDataset } from '@triage/dicom';
import { getFrames, readPart10, readPixelInfo, TransferSyntax } from '@triage/dicom';
import { buffer } from 'node:stream/consumers';
import { fixtureInstance, type FixtureOptions } from '../test-support/read-fixtures';
import { parseMultipart } from '../test-support/read-multipart';
import { startTestApp, type TestApp } from '../test-support/test-app';

const STUDY = '1.2.826.0.1.3680043.10.2.1';
const MULTI: FixtureOptions = { studyUid: STUDY, seriesUid: `${STUDY}.1`, sopUid: `${STUDY}.1.1`, rows: 32, columns: 48, frames: 3 };
const RGB: FixtureOptions = {
  studyUid: STUDY,
  seriesUid: `${STUDY}.2`,
  sopUid: `${STUDY}.2.1`,
  rows: 20,
  columns: 30,
  samplesPerPixel: 3,
  modality: 'OT',
};
const LARGE_SERIES = `${STUDY}.3`;
const LARGE: FixtureOptions[] = [1, 2, 3].map((n) => ({
  studyUid: STUDY,
  seriesUid: LARGE_SERIES,
  sopUid: `${LARGE_SERIES}.${n}`,
  rows: 256,
  columns: 192,
  instanceNumber: n,
  window: { center: 0, width: 2000 },
}));
const HTJ2K = TransferSyntax.HTJ2KLosslessRPCL;
const NATIVE = TransferSyntax.ExplicitVRLittleEndian;

let t: TestApp;
const originals = new Map<string, Uint8Array>();

beforeAll(async () => {
  t = await startTestApp({ codecWorkers: 2 });
  for (const options of [MULTI, RGB, ...LARGE]) {
    const bytes = fixtureInstance(options);
    originals.set(options.sopUid, bytes);
    await t.store.storeInstance(t.datastoreId, bytes);
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

/** The original's frames decoded: what every served pixel must equal. */
function decodedOriginal(sopUid: string): Uint8Array[] {
  const file = readPart10(originals.get(sopUid) as Uint8Array);
  const info = readPixelInfo(file);
  return getFrames(file, info).map((f) => decodeFrame(file.transferSyntaxUid, f.bytes, info).pixels);
}

function frameUrl(o: FixtureOptions, frames: string): string {
  return `/studies/${o.studyUid}/series/${o.seriesUid}/instances/${o.sopUid}/frames/${frames}`;
}

async function problem(url: string, status: number, headers: Record<string, string> = {}): Promise<string> {
  const response = await t.get(url, headers);
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  return JSON.parse(response.body.toString('utf8')).detail;
}

describe('WADO-RS frames', () => {
  it('serves HTJ2K frames as stored when Accept allows image/jph', async () => {
    const response = await t.get(frameUrl(MULTI, '1,3'), { accept: 'multipart/related; type="image/jph"' });
    expect(response.status).toBe(200);
    const contentType = response.headers.get('content-type') as string;
    expect(contentType).toMatch(/^multipart\/related; type="image\/jph"; transfer-syntax=1\.2\.840\.10008\.1\.2\.4\.202; boundary=/);
    const parts = parseMultipart(contentType, response.body);
    expect(parts.map((p) => p.headers['content-type'])).toEqual([
      `image/jph; transfer-syntax=${HTJ2K}`,
      `image/jph; transfer-syntax=${HTJ2K}`,
    ]);
    const expected = decodedOriginal(MULTI.sopUid);
    const info = readPixelInfo(readPart10(originals.get(MULTI.sopUid) as Uint8Array));
    expect(Buffer.from(decodeFrame(HTJ2K, parts[0].body, info).pixels).equals(Buffer.from(expected[0]))).toBe(true);
    expect(Buffer.from(decodeFrame(HTJ2K, parts[1].body, info).pixels).equals(Buffer.from(expected[2]))).toBe(true);
    // No transcode: the bytes are the store's own.
    const [location] = await t.store.locateInstances(t.datastoreId, STUDY, MULTI.seriesUid, MULTI.sopUid);
    const frame = await t.store.getImageFrame({
      datastoreId: t.datastoreId,
      imageSetId: location.imageSetId,
      imageFrameInformation: { imageFrameId: location.imageFrameIds[2] },
    });
    const stored = await buffer(frame.imageFrameBlob);
    expect(parts[1].body.equals(Buffer.from(stored))).toBe(true);
  });

  it.each([
    ['no Accept header', undefined],
    ['octet-stream', 'multipart/related; type="application/octet-stream"'],
    ['octet-stream, explicit syntax', `multipart/related; type="application/octet-stream"; transfer-syntax=${NATIVE}`],
    ['*/*', '*/*'],
  ])('serves native little-endian pixels bit-exact for %s', async (_name, accept) => {
    const response = await t.get(frameUrl(MULTI, '3,2,1'), accept ? { accept } : {});
    expect(response.status).toBe(200);
    const contentType = response.headers.get('content-type') as string;
    expect(contentType).toContain('type="application/octet-stream"');
    expect(contentType).toContain(`transfer-syntax=${NATIVE}`);
    const parts = parseMultipart(contentType, response.body);
    const expected = decodedOriginal(MULTI.sopUid);
    expect(parts).toHaveLength(3);
    parts.forEach((part, i) => expect(part.body.equals(Buffer.from(expected[2 - i]))).toBe(true));
  });

  it('serves colour frames native, interleaved RGB', async () => {
    const response = await t.get(frameUrl(RGB, '1'));
    const [part] = parseMultipart(response.headers.get('content-type') as string, response.body);
    expect(part.body.equals(Buffer.from(decodedOriginal(RGB.sopUid)[0]))).toBe(true);
  });

  it('follows q-values, and prefers stored bytes among equals', async () => {
    const jph = 'multipart/related; type="image/jph"';
    const raw = 'multipart/related; type="application/octet-stream"';
    const typeFor = async (accept: string) => (await t.get(frameUrl(MULTI, '1'), { accept })).headers.get('content-type');
    expect(await typeFor(`${raw}; q=0.5, ${jph}; q=0.9`)).toContain('image/jph');
    expect(await typeFor(`${jph}; q=0.4, ${raw}`)).toContain('application/octet-stream');
    expect(await typeFor(`${raw}, ${jph}`)).toContain('image/jph');
    expect(await typeFor(`${jph}; transfer-syntax=1.2.840.10008.1.2.4.50, ${raw}; q=0.1`)).toContain('application/octet-stream');
  });

  it('answers 406 when nothing acceptable can be offered', async () => {
    const detail = await problem(frameUrl(MULTI, '1'), 406, { accept: 'multipart/related; type="image/jpeg"' });
    expect(detail).toContain('image/jph');
    await problem(frameUrl(MULTI, '1'), 406, {
      accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.4.50',
    });
  });

  it('refuses frame numbers that are malformed (400) or beyond the instance (404)', async () => {
    expect(await problem(frameUrl(MULTI, '4'), 404)).toContain('frame 4');
    for (const bad of ['0', 'a', '1,,2', '-1', '1.5']) await problem(frameUrl(MULTI, bad), 400);
  });

  it('answers 404 for an unknown study, series or instance', async () => {
    await problem(frameUrl({ ...MULTI, sopUid: '1.2.3' }, '1'), 404);
    await problem(`/studies/1.2.3/metadata`, 404);
    await problem(`/studies/${STUDY}/series/1.2.3`, 404, { accept: 'multipart/related; type="application/dicom"' });
  });

  it('refuses path parameters that are not UIDs before any lookup', async () => {
    for (const bad of ['..', '%2E%2E', 'abc', '1.2.3%2F..']) {
      const response = await t.rawGet(`/studies/${STUDY}/series/${bad}/instances/${MULTI.sopUid}/frames/1`);
      expect({ bad, status: response.status }).toEqual({ bad, status: 400 });
    }
  });
});

describe('WADO-RS metadata', () => {
  it('returns DICOM JSON per instance, pixel data as a BulkDataURI to its frames', async () => {
    const response = await t.get(`/studies/${STUDY}/series/${MULTI.seriesUid}/metadata`, { accept: 'application/dicom+json' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/dicom\+json/);
    const [instance] = JSON.parse(response.body.toString('utf8')) as DicomJsonDataset[];
    expect(instance['00080018'].Value).toEqual([MULTI.sopUid]);
    expect(instance['0020000D'].Value).toEqual([STUDY]);
    expect(instance['00100010'].Value).toEqual([{ Alphabetic: 'DOE^JOHN' }]);
    expect(instance['00280010'].Value).toEqual([32]);
    expect(instance['00280011'].Value).toEqual([48]);
    expect(instance['7FE00010'].BulkDataURI).toBe(`/dicomweb${frameUrl(MULTI, '1,2,3')}`);
    expect(instance['7FE00010'].Value).toBeUndefined();
  });

  it('answers at study, series and instance level, and the same twice (cached per version)', async () => {
    const study = JSON.parse((await t.get(`/studies/${STUDY}/metadata`)).body.toString('utf8')) as DicomJsonDataset[];
    expect(study.map((d) => d['00080018'].Value?.[0]).sort()).toEqual([MULTI, RGB, ...LARGE].map((o) => o.sopUid).sort());
    const series = JSON.parse(
      (await t.get(`/studies/${STUDY}/series/${LARGE_SERIES}/metadata`)).body.toString('utf8'),
    ) as DicomJsonDataset[];
    expect(series).toHaveLength(3);
    const again = (await t.get(`/studies/${STUDY}/series/${LARGE_SERIES}/metadata`)).body.toString('utf8');
    expect(JSON.parse(again)).toEqual(series);
    const one = JSON.parse(
      (await t.get(`/studies/${STUDY}/series/${RGB.seriesUid}/instances/${RGB.sopUid}/metadata`)).body.toString('utf8'),
    );
    expect(one).toHaveLength(1);
    expect(one[0]['00280004'].Value).toEqual(['RGB']);
  });
});

describe('WADO-RS instance retrieval', () => {
  async function retrieve(url: string, accept?: string) {
    const response = await t.get(url, accept ? { accept } : {});
    expect(response.status).toBe(200);
    const contentType = response.headers.get('content-type') as string;
    expect(contentType).toMatch(/^multipart\/related; type="application\/dicom"/);
    return { contentType, parts: parseMultipart(contentType, response.body) };
  }

  it('rebuilds Part 10 in Explicit VR Little Endian by default, pixels equal to the original decoded', async () => {
    const { contentType, parts } = await retrieve(`/studies/${STUDY}/series/${MULTI.seriesUid}/instances/${MULTI.sopUid}`);
    expect(contentType).toContain(`transfer-syntax=${NATIVE}`);
    expect(parts).toHaveLength(1);
    expect(parts[0].headers['content-type']).toBe(`application/dicom; transfer-syntax=${NATIVE}`);
    const file = readPart10(parts[0].body);
    expect(file.transferSyntaxUid).toBe(NATIVE);
    expect(file.dataSet.string('x00080018')).toBe(MULTI.sopUid);
    expect(file.dataSet.string('x00100010')).toBe('DOE^JOHN');
    const info = readPixelInfo(file);
    expect(info.numberOfFrames).toBe(3);
    const expected = decodedOriginal(MULTI.sopUid);
    getFrames(file, info).forEach((frame, i) => expect(Buffer.from(frame.bytes).equals(Buffer.from(expected[i]))).toBe(true));
  });

  it('keeps the stored HTJ2K when asked for it, and the frames decode to the original', async () => {
    const { parts } = await retrieve(
      `/studies/${STUDY}/series/${MULTI.seriesUid}/instances/${MULTI.sopUid}`,
      `multipart/related; type="application/dicom"; transfer-syntax=${HTJ2K}`,
    );
    const file = readPart10(parts[0].body);
    expect(file.transferSyntaxUid).toBe(HTJ2K);
    const info = readPixelInfo(file);
    const expected = decodedOriginal(MULTI.sopUid);
    getFrames(file, info).forEach((frame, i) =>
      expect(Buffer.from(decodeFrame(HTJ2K, frame.bytes, info).pixels).equals(Buffer.from(expected[i]))).toBe(true),
    );
  });

  it('retrieves a series and a study part by part', async () => {
    const series = await retrieve(
      `/studies/${STUDY}/series/${LARGE_SERIES}`,
      'multipart/related; type="application/dicom"; transfer-syntax=*',
    );
    expect(series.parts).toHaveLength(3);
    expect(series.parts.every((p) => p.headers['content-type'] === `application/dicom; transfer-syntax=${HTJ2K}`)).toBe(true);
    const study = await retrieve(`/studies/${STUDY}`);
    const uids = study.parts.map((p) => readPart10(p.body).dataSet.string('x00080018')).sort();
    expect(uids).toEqual([MULTI, RGB, ...LARGE].map((o) => o.sopUid).sort());
    for (const part of study.parts) {
      const file = readPart10(part.body);
      const sop = file.dataSet.string('x00080018') as string;
      const frames = getFrames(file);
      decodedOriginal(sop).forEach((expected, i) => expect(Buffer.from(frames[i].bytes).equals(Buffer.from(expected))).toBe(true));
    }
  });

  it('answers 406 for a transfer syntax it does not serve', async () => {
    await problem(`/studies/${STUDY}`, 406, {
      accept: 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.4.50',
    });
  });
});

describe('rendered thumbnails', () => {
  function pngSize(body: Buffer): { width: number; height: number; colorType: number } {
    expect(body.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(body.subarray(12, 16).toString('ascii')).toBe('IHDR');
    return { width: body.readUInt32BE(16), height: body.readUInt32BE(20), colorType: body[25] };
  }

  it('renders the middle instance as a greyscale PNG fitting 128×128', async () => {
    const response = await t.get(`/studies/${STUDY}/series/${LARGE_SERIES}/thumbnail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(pngSize(response.body)).toEqual({ width: 96, height: 128, colorType: 0 });
    const again = await t.get(`/studies/${STUDY}/series/${LARGE_SERIES}/thumbnail`);
    expect(again.body.equals(response.body)).toBe(true);
  });

  it('renders colour series as RGB and fits a viewport', async () => {
    const rgb = await t.get(`/studies/${STUDY}/series/${RGB.seriesUid}/rendered?viewport=60,60`);
    expect(pngSize(rgb.body)).toEqual({ width: 60, height: 40, colorType: 2 });
    const grey = await t.get(`/studies/${STUDY}/series/${LARGE_SERIES}/rendered?viewport=48,48`);
    expect(pngSize(grey.body)).toEqual({ width: 36, height: 48, colorType: 0 });
  });

  it('refuses a bad viewport and unknown series', async () => {
    await problem(`/studies/${STUDY}/series/${LARGE_SERIES}/rendered?viewport=0,10`, 400);
    await problem(`/studies/${STUDY}/series/1.2.3/thumbnail`, 404);
  });
});

describe('metrics', () => {
  it('counts frames and bytes served', async () => {
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.token}` } });
    const text = await response.text();
    expect(text).toMatch(/triage_frames_served_total\{transfer_syntax="1\.2\.840\.10008\.1\.2\.4\.202"\} [1-9]/);
    expect(text).toMatch(/triage_bytes_served_total\{kind="frame"\} [1-9]/);
    expect(text).toMatch(/triage_codec_seconds_count\{op="decode"\} [1-9]/);
  });
});
