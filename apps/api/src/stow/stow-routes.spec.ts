import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeFrame } from '@triage/codec';
import { numberedInstances, numberedPixelModule, type SyntheticInstance } from '@triage/test-support';
import { stow } from '../test-support/stow-client';
import { frameBytes } from '../test-support/read-store';
import { startTestApp } from '../test-support/test-app';
import { multipartRelated, UNCHANGED_COMMENT } from '@triage/dicomweb';
import type { TestApp } from '../test-support/test-app';

const HTJ2K_RPCL = '1.2.840.10008.1.2.4.202';

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

function sequence(body: Record<string, unknown>, tag: string): Record<string, { Value?: unknown[] }>[] {
  return ((body[tag] as { Value?: unknown[] } | undefined)?.Value ?? []) as Record<string, { Value?: unknown[] }>[];
}

describe('STOW-RS', () => {
  let t: TestApp;
  let good: SyntheticInstance[];
  let other: SyntheticInstance;
  beforeAll(async () => {
    t = await startTestApp();
    good = [...numberedInstances({ count: 3, studies: 1 })];
    [other] = [...numberedInstances({ count: 1 })];
  });
  afterAll(() => t.close());

  it('stores every instance: 200 with ReferencedSOPSequence and RetrieveURLs; frames come back bit-exact', async () => {
    const answer = await stow(t.url, t.token, good.slice(0, 2));
    expect(answer.status).toBe(200);
    expect(answer.contentType).toMatch(/^application\/dicom\+json/);
    expect(answer.body['00081198']).toBeUndefined();
    const referenced = sequence(answer.body, '00081199');
    expect(referenced.map((r) => r['00081155'].Value?.[0])).toEqual(good.slice(0, 2).map((g) => g.sopInstanceUid));
    expect(referenced[0]['00081150'].Value).toEqual([good[0].sopClassUid]);
    expect(referenced[0]['00081190'].Value).toEqual([
      `${t.url}/dicomweb/studies/${good[0].studyInstanceUid}/series/${good[0].seriesInstanceUid}/instances/${good[0].sopInstanceUid}`,
    ]);
    const [location] = await t.store.locateInstances(
      t.datastoreId,
      good[0].studyInstanceUid,
      good[0].seriesInstanceUid,
      good[0].sopInstanceUid,
    );
    const frame = await frameBytes(t.store, t.datastoreId, location.imageSetId, location.imageFrameIds[0]);
    const decoded = decodeFrame(HTJ2K_RPCL, frame, numberedPixelModule());
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(good[0].pixels))).toBe(true);
  });

  it('the same instances again change nothing, still answer 200, and say so in each item', async () => {
    const before = files(t.dataDir);
    const answer = await stow(t.url, t.token, good.slice(0, 2));
    expect(answer.status).toBe(200);
    const referenced = sequence(answer.body, '00081199');
    expect(referenced.map((r) => r['00000902']?.Value?.[0])).toEqual([UNCHANGED_COMMENT, UNCHANGED_COMMENT]);
    expect(files(t.dataDir)).toEqual(before);
  });

  it('a mix of good and bad parts: 202, each refusal in FailedSOPSequence with FailureReason and the reason in words', async () => {
    const truncated = good[2].bytes.subarray(0, 300);
    const answer = await stow(
      t.url,
      t.token,
      [
        good[2],
        { bytes: Buffer.from('not dicom at all, just text'), contentType: 'application/dicom' },
        { bytes: other.bytes, contentType: 'text/plain' },
        truncated,
        other,
      ],
      good[2].studyInstanceUid,
    );
    expect(answer.status).toBe(202);
    expect(answer.body['00081190'].Value).toEqual([`${t.url}/dicomweb/studies/${good[2].studyInstanceUid}`]);
    expect(sequence(answer.body, '00081199').map((r) => r['00081155'].Value?.[0])).toEqual([good[2].sopInstanceUid]);
    const failed = sequence(answer.body, '00081198');
    expect(failed.map((f) => f['00081197'].Value?.[0])).toEqual([0xc000, 0xc000, 0xc000, 0xc000]);
    const reasons = failed.map((f) => String(f['00000902'].Value?.[0]));
    expect(reasons[0]).toMatch(/^part 2: not a readable DICOM instance: /);
    expect(reasons[1]).toBe('part 3: Content-Type text/plain is not application/dicom');
    expect(reasons[2]).toMatch(/^part 4: not a readable DICOM instance: .*truncated/);
    expect(reasons[3]).toBe(
      `part 5: its StudyInstanceUID ${other.studyInstanceUid} is not the study of the URL, ${good[2].studyInstanceUid}`,
    );
    // The refused instance of another study names itself, and is not stored.
    expect(failed[3]['00081155'].Value).toEqual([other.sopInstanceUid]);
    expect(failed[3]['00081150'].Value).toEqual([other.sopClassUid]);
    expect(await t.store.locateInstances(t.datastoreId, other.studyInstanceUid)).toEqual([]);
  });

  it('all refused: 409, and the store is as it was', async () => {
    const before = files(t.dataDir);
    const answer = await stow(t.url, t.token, [Buffer.from('garbage garbage garbage garbage')]);
    expect(answer.status).toBe(409);
    expect(sequence(answer.body, '00081198')).toHaveLength(1);
    expect(sequence(answer.body, '00081198')[0]['00081155']).toEqual({ vr: 'UI' });
    expect(files(t.dataDir)).toEqual(before);
  });

  it('counts ingest outcomes in /metrics', async () => {
    const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.token}` } });
    const text = await response.text();
    expect(text).toMatch(/triage_instances_ingested_total\{outcome="stored"\} 3/);
    expect(text).toMatch(/triage_instances_ingested_total\{outcome="unchanged"\} 2/);
    expect(text).toMatch(/triage_instances_ingested_total\{outcome="refused"\} 5/);
    expect(text).toMatch(/triage_http_request_duration_seconds_count\{method="POST",route="\/dicomweb\/studies",status_code="200"\} 2/);
  });

  it.each([
    ['application/dicom', 415, /not supported/],
    ['multipart/related; type="application/dicom+json"; boundary=x', 415, /type "application\/dicom\+json" is not supported/],
    ['multipart/related; type="application/dicom"', 400, /no boundary/],
  ])('Content-Type %s: %d problem+json', async (contentType, status, detail) => {
    const response = await fetch(`${t.url}/dicomweb/studies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}`, 'content-type': contentType },
      body: Buffer.from(good[0].bytes),
    });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await response.json()) as { detail: string }).detail).toMatch(detail);
  });

  it.each([
    ['unquoted', (b: string) => b],
    ['quoted', (b: string) => `"${b}"`],
  ])('a 100-character boundary, %s, as Orthanc 1.10 sends: stored', async (_name, quote) => {
    const boundary = `orthanc-${'0123456789abcdef'.repeat(5)}-0123456789a`;
    expect(boundary).toHaveLength(100);
    const { body } = multipartRelated([good[0].bytes], 'application/dicom', boundary);
    const response = await fetch(`${t.url}/dicomweb/studies`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.token}`,
        'content-type': `multipart/related; type="application/dicom"; boundary=${quote(boundary)}`,
      },
      body,
    });
    expect(response.status).toBe(200);
    const referenced = sequence((await response.json()) as Record<string, unknown>, '00081199');
    expect(referenced.map((r) => r['00081155'].Value?.[0])).toEqual([good[0].sopInstanceUid]);
  });

  it('a boundary that cannot be read (over 200 characters) is a 400 problem', async () => {
    const response = await fetch(`${t.url}/dicomweb/studies`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${t.token}`,
        'content-type': `multipart/related; type="application/dicom"; boundary=${'b'.repeat(201)}`,
      },
      body: Buffer.from(good[0].bytes),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(
      /^the multipart boundary "b{80}" cannot be read: expected 1 to 200 printable characters/,
    );
  });

  it('a body without parts or cut short is a 400 problem', async () => {
    const headers = { authorization: `Bearer ${t.token}`, 'content-type': 'multipart/related; type="application/dicom"; boundary=abc' };
    const empty = await fetch(`${t.url}/dicomweb/studies`, { method: 'POST', headers, body: '--abc--\r\n' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { detail: string }).detail).toMatch(/no parts/);
    const cut = await fetch(`${t.url}/dicomweb/studies`, {
      method: 'POST',
      headers,
      body: '--abc\r\nContent-Type: application/dicom\r\n\r\nDICM',
    });
    expect(cut.status).toBe(400);
    expect(((await cut.json()) as { detail: string }).detail).toMatch(/ends inside part 0/);
  });
});

describe('STOW-RS limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ bodyLimitBytes: 64 * 1024, partLimitBytes: 20 * 1024 });
  });
  afterAll(() => t.close());

  it('an instance over the part limit is refused with 0xA700 and the next one is stored', async () => {
    const [small] = [...numberedInstances({ count: 1 })];
    const [big] = [...numberedInstances({ count: 1, rows: 128, columns: 128 })];
    const answer = await stow(t.url, t.token, [big, small]);
    expect(answer.status).toBe(202);
    const [failed] = sequence(answer.body, '00081198');
    expect(failed['00081197'].Value).toEqual([0xa700]);
    expect(String(failed['00000902'].Value?.[0])).toMatch(
      /^part 1: the instance is \d+ bytes, over the limit of 20480 bytes per instance$/,
    );
    expect(sequence(answer.body, '00081199')).toHaveLength(1);
  });

  it('a body over the limit is a 413 problem', async () => {
    const instances = [...numberedInstances({ count: 10 })];
    const answer = await stow(t.url, t.token, instances).catch((error: Error) => error);
    // Declared too large: refused before reading.
    expect(answer).toMatchObject({ status: 413 });
  });
});
