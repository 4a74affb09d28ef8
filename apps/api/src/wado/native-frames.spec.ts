import * as zlib from 'node:zlib';
import { decodeFrame } from '@triage/codec';
import type { DicomJsonDataset } from '@triage/dicom';
import { getFrames, readPart10, readPixelInfo, TransferSyntax, writePart10 } from '@triage/dicom';
import { parseMultipart } from '../test-support/read-multipart';
import { startTestApp, type TestApp } from '../test-support/test-app';

/**
 * Instances the HTJ2K encoder cannot take (32- and 1-bit samples) are stored with native frames:
 * served as octet-stream untouched, in Part 10 as Explicit VR Little Endian whatever the Accept,
 * never as image/jph.
 */

const STUDY = '1.2.826.0.1.3680043.10.7.1';
const NATIVE = TransferSyntax.ExplicitVRLittleEndian;
const DOSE = { series: `${STUDY}.1`, sop: `${STUDY}.1.1`, rows: 6, columns: 10, frames: 3 };
// 5×7 = 35 bits a frame: frames lie mid-byte in the Part 10 pixel data, the hard case of 1-bit.
const MASK = { series: `${STUDY}.2`, sop: `${STUDY}.2.1`, rows: 5, columns: 7, frames: 3 };

/** A 32-bit signed RT Dose-like instance with values beyond 16 bits. */
function doseInstance(): Uint8Array {
  const count = DOSE.rows * DOSE.columns * DOSE.frames;
  const pixels = new Uint8Array(count * 4);
  const view = new DataView(pixels.buffer);
  for (let i = 0; i < count; i++) view.setInt32(i * 4, ((i * 2654435) % 3_000_000_000) - 1_000_000_000, true);
  return writePart10(dataset(DOSE, '1.2.840.10008.5.1.4.1.1.481.2', 'RTDOSE', 32, 1), { source: 'dose', pixelData: pixels });
}

/** A 1-bit segmentation-like instance, its frames packed back to back as Part 10 holds them. */
function maskInstance(): Uint8Array {
  const bits = MASK.rows * MASK.columns * MASK.frames;
  const pixels = new Uint8Array(Math.ceil(bits / 8) + (Math.ceil(bits / 8) % 2));
  for (let i = 0; i < bits; i++) if ((i * 7) % 5 < 2) pixels[i >> 3] |= 1 << (i & 7);
  return writePart10(dataset(MASK, '1.2.840.10008.5.1.4.1.1.66.4', 'SEG', 1, 0), { source: 'mask', pixelData: pixels });
}

function dataset(o: typeof DOSE, sopClass: string, modality: string, bits: number, signed: number): DicomJsonDataset {
  return {
    '00080016': { vr: 'UI', Value: [sopClass] },
    '00080018': { vr: 'UI', Value: [o.sop] },
    '00080060': { vr: 'CS', Value: [modality] },
    '00100020': { vr: 'LO', Value: ['PID-NATIVE'] },
    '0020000D': { vr: 'UI', Value: [STUDY] },
    '0020000E': { vr: 'UI', Value: [o.series] },
    '00200013': { vr: 'IS', Value: [1] },
    '00280002': { vr: 'US', Value: [1] },
    '00280004': { vr: 'CS', Value: ['MONOCHROME2'] },
    '00280008': { vr: 'IS', Value: [o.frames] },
    '00280010': { vr: 'US', Value: [o.rows] },
    '00280011': { vr: 'US', Value: [o.columns] },
    '00280100': { vr: 'US', Value: [bits] },
    '00280101': { vr: 'US', Value: [bits] },
    '00280102': { vr: 'US', Value: [bits - 1] },
    '00280103': { vr: 'US', Value: [signed] },
  };
}

let t: TestApp;
const originals = new Map<string, Uint8Array>();

beforeAll(async () => {
  t = await startTestApp({ codecWorkers: 2 });
  for (const [sop, bytes] of [
    [DOSE.sop, doseInstance()],
    [MASK.sop, maskInstance()],
  ] as const) {
    originals.set(sop, bytes);
    await t.store.storeInstance(t.datastoreId, bytes);
  }
}, 60_000);

afterAll(async () => {
  await t?.close();
});

function decodedOriginal(sop: string): Uint8Array[] {
  const file = readPart10(originals.get(sop) as Uint8Array);
  const info = readPixelInfo(file);
  return getFrames(file, info).map((f) => decodeFrame(file.transferSyntaxUid, f.bytes, info).pixels);
}

const instanceUrl = (o: typeof DOSE) => `/studies/${STUDY}/series/${o.series}/instances/${o.sop}`;

describe.each([
  ['32-bit', DOSE],
  ['1-bit', MASK],
] as const)('a %s instance stored with native frames', (_, o) => {
  it('records Explicit VR Little Endian as its stored syntax, pixel data as a BulkDataURI', async () => {
    const response = await t.get(`${instanceUrl(o)}/metadata`);
    const [meta] = JSON.parse(response.body.toString('utf8')) as DicomJsonDataset[];
    expect(meta['00083002']?.Value).toEqual([NATIVE]);
    expect(meta['7FE00010']).toEqual({ vr: expect.any(String), BulkDataURI: expect.stringContaining(`${instanceUrl(o)}/frames/1,2,3`) });
  });

  it('serves its frames as octet-stream, the stored bytes, bit-exact to the decoded original', async () => {
    for (const accept of [
      'multipart/related; type="application/octet-stream"',
      `multipart/related; type="application/octet-stream"; transfer-syntax=${NATIVE}`,
      '*/*',
      '',
    ]) {
      const response = await t.get(`${instanceUrl(o)}/frames/3,1`, accept ? { accept } : {});
      expect({ accept, status: response.status }).toEqual({ accept, status: 200 });
      const parts = parseMultipart(response.headers.get('content-type') as string, response.body);
      expect(parts.map((p) => p.headers['content-type'])).toEqual([
        `application/octet-stream; transfer-syntax=${NATIVE}`,
        `application/octet-stream; transfer-syntax=${NATIVE}`,
      ]);
      const info = { ...readPixelInfo(readPart10(originals.get(o.sop) as Uint8Array)), numberOfFrames: 1 };
      const expected = decodedOriginal(o.sop);
      // 1-bit frames come packed, 8 pixels a byte, each frame from a byte boundary: as Explicit VR Little Endian holds one frame.
      expect(parts[0].body.length).toBe(o === MASK ? Math.ceil((o.rows * o.columns) / 8) : o.rows * o.columns * 4);
      expect(Buffer.from(decodeFrame(NATIVE, parts[0].body, info).pixels).equals(Buffer.from(expected[2]))).toBe(true);
      expect(Buffer.from(decodeFrame(NATIVE, parts[1].body, info).pixels).equals(Buffer.from(expected[0]))).toBe(true);
    }
  });

  it('answers 406 saying the frames are stored uncompressed when the client accepts only HTJ2K', async () => {
    const response = await t.get(`${instanceUrl(o)}/frames/1`, {
      accept: 'multipart/related; type="image/jph"; transfer-syntax=1.2.840.10008.1.2.4.202',
    });
    expect(response.status).toBe(406);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const detail = JSON.parse(response.body.toString('utf8')).detail as string;
    expect(detail).toContain('stored uncompressed');
    expect(detail).toContain('application/octet-stream');
  });

  it('rebuilds the instance as Explicit VR Little Endian Part 10 for every Accept, frames bit-exact', async () => {
    const accepts = ['', `; transfer-syntax=${NATIVE}`, '; transfer-syntax=*', '; transfer-syntax=1.2.840.10008.1.2.4.202'];
    for (const suffix of accepts) {
      const response = await t.get(instanceUrl(o), { accept: `multipart/related; type="application/dicom"${suffix}` });
      expect({ suffix, status: response.status }).toEqual({ suffix, status: 200 });
      const [part] = parseMultipart(response.headers.get('content-type') as string, response.body);
      expect(part.headers['content-type']).toBe(`application/dicom; transfer-syntax=${NATIVE}`);
      const rebuilt = readPart10(part.body);
      expect(rebuilt.transferSyntaxUid).toBe(NATIVE);
      const info = readPixelInfo(rebuilt);
      expect(info.numberOfFrames).toBe(3);
      const expected = decodedOriginal(o.sop);
      getFrames(rebuilt, info).forEach((frame, i) =>
        expect({ suffix, i, equal: Buffer.from(decodeFrame(NATIVE, frame.bytes, info).pixels).equals(Buffer.from(expected[i])) }).toEqual({
          suffix,
          i,
          equal: true,
        }),
      );
    }
  });

  it('renders a thumbnail', async () => {
    const response = await t.get(`/studies/${STUDY}/series/${o.series}/thumbnail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const grey = pngGrey(response.body);
    // A window over the values' range shows both ends; 1-bit pixels are exactly black or white.
    expect(Math.min(...grey)).toBe(0);
    expect(Math.max(...grey)).toBe(255);
    if (o === MASK) expect(grey.every((g) => g === 0 || g === 255)).toBe(true);
  });
});

/** The grey levels of an unfiltered 8-bit greyscale PNG, as encodePng writes it. */
function pngGrey(png: Buffer): number[] {
  const width = png.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  expect(png[25]).toBe(0); // colour type 0: grey
  const out: number[] = [];
  for (let row = 0; row * (width + 1) < raw.length; row++) out.push(...raw.subarray(row * (width + 1) + 1, (row + 1) * (width + 1)));
  return out;
}
