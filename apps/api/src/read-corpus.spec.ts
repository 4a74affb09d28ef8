import * as fs from 'node:fs';
import * as path from 'node:path';
import { api } from 'dicomweb-client';
import { decodeFrame } from '@triage/codec';
import type { DicomJsonDataset } from '@triage/dicom';
import { getFrames, readPart10, readPixelInfo, TransferSyntax } from '@triage/dicom';
import { corpusFiles, expectedOutcomes, refusalClass } from '@triage/test-data';
import { parseMultipart } from './test-support/read-multipart';
import { storeSnapshot } from './test-support/read-store-snapshot';
import { startTestApp, type TestApp } from './test-support/test-app';
import { NodeXhr } from './test-support/read-xhr';
import { asDecoded, decodedOriginal } from './test-support/decoded-original';

/**
 * The issue's acceptance test: every corpus file sent by STOW-RS with dicomweb-client is stored
 * with every frame retrievable by WADO-RS bit-exact to the decoded original, or refused with its
 * reason in FailedSOPSequence, leaving the store as it was.
 */

let t: TestApp;
let client: InstanceType<typeof api.DICOMwebClient>;
const outcomes: string[] = [];

beforeAll(async () => {
  t = await startTestApp({ codecWorkers: 2 });
  client = new api.DICOMwebClient({
    url: t.dicomweb,
    headers: { Authorization: `Bearer ${t.token}` },
    verbose: false,
    singlepart: false,
  });
}, 60_000);

afterAll(async () => {
  // The outcome of every file, for whoever reads the test log.
  if (outcomes.length) process.stdout.write(`corpus outcomes:\n${outcomes.join('\n')}\n`);
  await t?.close();
});

/** STOW-RS with dicomweb-client; it rejects on 409 (all refused), so the response is taken from the error then. */
async function stow(bytes: Uint8Array): Promise<{ status: number; body: DicomJsonDataset }> {
  const xhr = new NodeXhr();
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    // The typings name the DOM's XMLHttpRequest, which Node's type library does not have.
    const options = { datasets: [buffer], request: { instance: xhr } } as unknown as Parameters<typeof client.storeInstances>[0];
    const response = await client.storeInstances(options);
    return { status: xhr.status, body: JSON.parse(String(response)) };
  } catch (error) {
    const failure = error as { status?: number; response?: unknown };
    if (failure.status === undefined || failure.response === undefined) throw error;
    return { status: failure.status, body: JSON.parse(String(failure.response)) };
  }
}

async function framesOf(url: string, accept: string): Promise<Buffer[]> {
  const response = await t.get(url, { accept });
  expect(response.status).toBe(200);
  return parseMultipart(response.headers.get('content-type') as string, response.body).map((p) => p.body);
}

const files = corpusFiles();
const expected = expectedOutcomes('stow');

describe('STOW-RS then WADO-RS over the corpus', () => {
  it('has an expected outcome for every corpus file', () => {
    expect(files.map((f) => path.basename(f))).toEqual(Object.keys(expected));
  });

  it.each(files.map((f) => [path.basename(f), f]))('%s', async (name, file) => {
    const bytes = new Uint8Array(fs.readFileSync(file));
    const before = await storeSnapshot(t);
    const { status, body } = await stow(bytes);
    const referenced = (body['00081199']?.Value ?? []) as DicomJsonDataset[];
    const failed = (body['00081198']?.Value ?? []) as DicomJsonDataset[];
    expect(referenced.length + failed.length).toBe(1);

    if (failed.length === 1) {
      const item = failed[0];
      const reason = String(item['00000902']?.Value?.[0] ?? '');
      expect({ name, outcome: `refused:${refusalClass(reason)}` }).toEqual({ name, outcome: expected[name] });
      expect(status).toBe(409);
      expect(item['00081197']?.Value?.[0]).toEqual(expect.any(Number));
      expect(await storeSnapshot(t)).toBe(before);
      outcomes.push(`  ${name}: refused (0x${Number(item['00081197']?.Value?.[0]).toString(16)}) ${reason}`);
      return;
    }

    expect(status).toBe(200);
    const item = referenced[0];
    const sop = String(item['00081155']?.Value?.[0]);
    const located = await t.store.locateInstances(t.datastoreId, ...(await studyAndSeries(sop)), sop);
    expect(located).toHaveLength(1);
    const { studyInstanceUid, seriesInstanceUid } = located[0];
    const base = `/studies/${studyInstanceUid}/series/${seriesInstanceUid}/instances/${sop}`;
    const original = decodedOriginal(bytes, name);
    const frameCount = located[0].imageFrameIds.length;
    expect({ name, outcome: `stored:${frameCount}` }).toEqual({ name, outcome: expected[name] });
    expect(frameCount).toBe(original?.pixels.length ?? 0);
    if (original && frameCount > 0) {
      const list = Array.from({ length: frameCount }, (_, i) => i + 1).join(',');
      const native = await framesOf(`${base}/frames/${list}`, 'multipart/related; type="application/octet-stream"');
      native.forEach((frame, i) =>
        expect({ name, frame: i + 1, equal: asDecoded(frame, original, i).equals(Buffer.from(original.pixels[i])) }).toEqual({
          name,
          frame: i + 1,
          equal: true,
        }),
      );
      const metadata = JSON.parse((await t.get(`${base}/metadata`)).body.toString('utf8')) as DicomJsonDataset[];
      const stored = String(metadata[0]['00083002']?.Value?.[0]);
      // 1- and 32-bit samples are beyond the HTJ2K encoder: stored with native frames, not refused.
      const htj2k = original.bitsAllocated === 8 || original.bitsAllocated === 16;
      expect([name, stored]).toEqual([name, htj2k ? TransferSyntax.HTJ2KLosslessRPCL : TransferSyntax.ExplicitVRLittleEndian]);
      // Native frames are the instance's pixel data whatever the Accept: check both requests.
      const accepts = stored === TransferSyntax.HTJ2KLosslessRPCL ? [stored] : ['*', undefined];
      for (const ts of accepts) {
        const instance = await t.get(base, { accept: `multipart/related; type="application/dicom"${ts ? `; transfer-syntax=${ts}` : ''}` });
        const [part] = parseMultipart(instance.headers.get('content-type') as string, instance.body);
        expect(part.headers['content-type']).toBe(`application/dicom; transfer-syntax=${stored}`);
        const rebuilt = readPart10(part.body);
        expect(rebuilt.transferSyntaxUid).toBe(stored);
        const info = readPixelInfo(rebuilt);
        getFrames(rebuilt, info).forEach((frame, i) =>
          expect({
            name,
            ts,
            frame: i + 1,
            equal: Buffer.from(decodeFrame(stored, frame.bytes, info).pixels).equals(Buffer.from(original.pixels[i])),
          }).toEqual({ name, ts, frame: i + 1, equal: true }),
        );
      }
      outcomes.push(`  ${name}: stored, ${frameCount} frame(s) bit-exact (stored as ${stored})`);
    } else {
      const instance = await t.get(base);
      expect(instance.status).toBe(200);
      const [part] = parseMultipart(instance.headers.get('content-type') as string, instance.body);
      expect(readPart10(part.body).dataSet.string('x00080018')).toBe(sop);
      outcomes.push(`  ${name}: stored, no pixel data`);
    }
  });
});

/** The study and series of a stored SOP instance, by QIDO. */
async function studyAndSeries(sop: string): Promise<[string, string]> {
  const response = await t.get(`/instances?SOPInstanceUID=${sop}`);
  const [found] = JSON.parse(response.body.toString('utf8')) as DicomJsonDataset[];
  return [String(found['0020000D'].Value?.[0]), String(found['0020000E'].Value?.[0])];
}
