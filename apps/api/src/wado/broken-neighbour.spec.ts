import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { readImageFrame, readImageSetMetadata } from '@triage/healthimaging';
import { numberedInstance, numberedInstances, syntheticInstance, type SyntheticInstance } from '@triage/test-support';
import { parseMultipart } from '../test-support/read-multipart';
import { startTestApp, type TestApp } from '../test-support/test-app';

// One series of five: A's frame file deleted, B's attributes as 03090 left them (a sequence that is
// not a list), C healthy, D's frame file cut short, E's stored entry not JSON at all.
let t: TestApp;
let A: SyntheticInstance, B: SyntheticInstance, C: SyntheticInstance, D: SyntheticInstance, E: SyntheticInstance;
let studyUrl: string;
let seriesUrl: string;

beforeAll(async () => {
  t = await startTestApp();
  [A, B, C, D, E] = [...numberedInstances({ count: 5, run: 90309 })];
  for (const instance of [A, B, C, D, E]) await t.store.storeInstance(t.datastoreId, instance.bytes);
  // The frame files damaged below are the transcoded ones.
  await t.transcoded();
  studyUrl = `/studies/${C.studyInstanceUid}`;
  seriesUrl = `${studyUrl}/series/${C.seriesInstanceUid}`;
  const frameFile = async (instance: SyntheticInstance): Promise<string> => {
    const [location] = await t.store.locateInstances(t.datastoreId, instance.studyInstanceUid, undefined, instance.sopInstanceUid);
    const id = location.imageFrameIds[0];
    return path.join(t.storeDir, 'datastores', t.datastoreId, 'frames', id.slice(0, 2), `${id}.jph`);
  };
  fs.rmSync(await frameFile(A));
  const cut = await frameFile(D);
  fs.truncateSync(cut, Math.floor(fs.statSync(cut).size / 2));
  // Past ingest's checks, through the index itself: what a store written before them may hold.
  const db = new Database(path.join(t.storeDir, 'index.sqlite'));
  try {
    const entryOf = db.prepare<[string], { entry: string }>('SELECT entry FROM instances WHERE sop_uid = ?');
    const setEntry = db.prepare('UPDATE instances SET entry = ? WHERE sop_uid = ?');
    const b = JSON.parse(entryOf.get(B.sopInstanceUid)?.entry ?? '') as { instance: { DICOM: Record<string, unknown> } };
    b.instance.DICOM['ReferencedImageSequence'] = 'AAAA';
    setEntry.run(JSON.stringify(b), B.sopInstanceUid);
    setEntry.run('{"patient": {', E.sopInstanceUid);
  } finally {
    db.close();
  }
  // Materialised documents written so far are derived from the rows: drop them so the damage is read.
  fs.rmSync(path.join(t.storeDir, 'datastores', t.datastoreId, 'imagesets'), { recursive: true, force: true });
}, 60_000);

afterAll(async () => {
  await t?.close();
});

const B_WARNING = () => `299 triage "instance ${B.sopInstanceUid} skipped: its metadata cannot be read: value.map is not a function"`;
const E_WARNING = () => `299 triage "instance ${E.sopInstanceUid} skipped: its metadata is missing from its image set document"`;
const A_WARNING = () => `299 triage "instance ${A.sopInstanceUid} skipped: image frame ${'X'} is indexed but its file cannot be read"`;

/** The unreadable-instances counter by reason, as /metrics says. */
async function unreadableCounts(): Promise<Record<string, number>> {
  const response = await fetch(`${t.url}/metrics`, { headers: { authorization: `Bearer ${t.token}` } });
  const text = await response.text();
  const out: Record<string, number> = {};
  for (const match of text.matchAll(/^triage_unreadable_instances_total\{reason="(\w+)"\} (\d+)$/gm)) out[match[1]] = Number(match[2]);
  return out;
}

/** What a request added to the counter, by reason. */
async function counted<T>(request: () => Promise<T>): Promise<{ result: T; added: Record<string, number> }> {
  const before = await unreadableCounts();
  const result = await request();
  const after = await unreadableCounts();
  const added: Record<string, number> = {};
  for (const [reason, n] of Object.entries(after)) if (n - (before[reason] ?? 0) > 0) added[reason] = n - (before[reason] ?? 0);
  return { result, added };
}

function sopUids(body: Buffer): string[] {
  return (JSON.parse(body.toString('utf8')) as Record<string, { Value?: string[] }>[]).map((d) => String(d['00080018']?.Value?.[0]));
}

async function frameIdOf(instance: SyntheticInstance): Promise<string> {
  const [location] = await t.store.locateInstances(t.datastoreId, instance.studyInstanceUid, undefined, instance.sopInstanceUid);
  return location.imageFrameIds[0];
}

describe('a broken instance never breaks its neighbours', () => {
  it.each([
    ['series', () => `${seriesUrl}/metadata`],
    ['study', () => `${studyUrl}/metadata`],
  ])('%s metadata: 200 with A, C and D; B and E named in the Warning header, counted as metadata', async (_level, url) => {
    const { result, added } = await counted(() => t.get(url()));
    expect(result.status).toBe(200);
    expect(sopUids(result.body)).toEqual([A.sopInstanceUid, C.sopInstanceUid, D.sopInstanceUid]);
    expect(result.headers.get('warning')).toBe(`${B_WARNING()}, ${E_WARNING()}`);
    expect(added).toEqual({ metadata: 2 });
  });

  it('instance metadata of B: 500 problem+json naming it, with the Warning header', async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/instances/${B.sopInstanceUid}/metadata`));
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(result.headers.get('warning')).toBe(B_WARNING());
    expect((JSON.parse(result.body.toString('utf8')) as { detail: string }).detail).toBe(
      `instance ${B.sopInstanceUid} of series ${B.seriesInstanceUid} of study ${B.studyInstanceUid} is stored but cannot be read: ` +
        `instance ${B.sopInstanceUid}: its metadata cannot be read: value.map is not a function`,
    );
    expect(added).toEqual({ metadata: 1 });
  });

  it.each([
    ['series', () => seriesUrl],
    ['study', () => studyUrl],
  ])('%s retrieval: 200 with C alone, parsed to the closing delimiter; A and B named, D counted', async (_level, url) => {
    const { result, added } = await counted(() => t.get(url(), { accept: 'multipart/related; type="application/dicom"' }));
    expect(result.status).toBe(200);
    const parts = parseMultipart(result.headers.get('content-type') ?? '', result.body);
    expect(parts).toHaveLength(1);
    expect(parts[0].body.includes(Buffer.from(C.sopInstanceUid, 'latin1'))).toBe(true);
    // A fails before the body starts (named); D after C was sent (logged and counted only).
    expect(result.headers.get('warning')).toBe(`${B_WARNING()}, ${E_WARNING()}, ${A_WARNING().replace('X', await frameIdOf(A))}`);
    expect(added).toEqual({ metadata: 2, frames: 2 });
  });

  it('instance retrieval of D (frame cut short): 500 problem+json before any body, naming it', async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/instances/${D.sopInstanceUid}`));
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(result.headers.get('warning')).toMatch(
      new RegExp(
        `^299 triage "instance ${D.sopInstanceUid.replace(/\./g, '\\.')} skipped: image frame ${await frameIdOf(D)} is damaged: \\d+ bytes stored where \\d+ were written"$`,
      ),
    );
    expect(added).toEqual({ frames: 1 });
  });

  it('instance retrieval of C: 200, one part', async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/instances/${C.sopInstanceUid}`));
    expect(result.status).toBe(200);
    expect(result.headers.get('warning')).toBeNull();
    expect(parseMultipart(result.headers.get('content-type') ?? '', result.body)).toHaveLength(1);
    expect(added).toEqual({});
  });

  it.each([
    ['A', 'image/jph', () => A],
    ['D', 'image/jph', () => D],
    ['A', 'application/octet-stream', () => A],
  ])('frames of %s (%s): 500 problem+json naming it', async (_name, type, instance) => {
    const { result, added } = await counted(() =>
      t.get(`${seriesUrl}/instances/${instance().sopInstanceUid}/frames/1`, { accept: `multipart/related; type="${type}"` }),
    );
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(result.headers.get('warning')).toContain(`299 triage "instance ${instance().sopInstanceUid} skipped: image frame`);
    expect(added).toEqual({ frames: 1 });
  });

  it('frames of E (its index entry unreadable): 500 problem+json naming it, counted as metadata', async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/instances/${E.sopInstanceUid}/frames/1`));
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(result.headers.get('warning')).toBe(`299 triage "instance ${E.sopInstanceUid} skipped: its index entry cannot be read"`);
    expect((JSON.parse(result.body.toString('utf8')) as { detail: string }).detail).toBe(
      `instance ${E.sopInstanceUid} of series ${E.seriesInstanceUid} of study ${E.studyInstanceUid} is stored but cannot be read: ` +
        `instance ${E.sopInstanceUid}: its index entry cannot be read`,
    );
    expect(added).toEqual({ metadata: 1 });
  });

  it('frames of B: 200 (a frame needs its pixel attributes only, not the sequence the document cannot render)', async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/instances/${B.sopInstanceUid}/frames/1`));
    expect([result.status, result.headers.get('warning'), added]).toEqual([200, null, {}]);
  });

  it('frames of C: 200, one part', async () => {
    const result = await t.get(`${seriesUrl}/instances/${C.sopInstanceUid}/frames/1`, { accept: 'multipart/related; type="image/jph"' });
    expect(result.status).toBe(200);
    expect(parseMultipart(result.headers.get('content-type') ?? '', result.body)).toHaveLength(1);
  });

  it('thumbnail: the middle readable instance (C) rendered; B and E named', async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/thumbnail`, { accept: 'image/png' }));
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toBe('image/png');
    expect(result.headers.get('warning')).toBe(`${B_WARNING()}, ${E_WARNING()}`);
    expect(added).toEqual({ metadata: 2 });
  });

  it('rendered at another size: the middle one, then outwards past the broken ones', async () => {
    const { result } = await counted(() => t.get(`${seriesUrl}/rendered?viewport=40,40`, { accept: 'image/png' }));
    expect(result.status).toBe(200);
    expect(result.body.subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  const qidoWarning = (instance: SyntheticInstance, detail: string) =>
    `299 triage "instance ${instance.sopInstanceUid} skipped: ${detail}"`;
  const E_QIDO = () => new RegExp(`299 triage "instance ${E.sopInstanceUid.replace(/\./g, '\\.')} skipped: [^"]*JSON[^"]*"`);

  it("QIDO of the series' instances: 200 with A, C and D; B and E named, counted as metadata", async () => {
    const { result, added } = await counted(() => t.get(`${seriesUrl}/instances`));
    expect(result.status).toBe(200);
    expect(sopUids(result.body)).toEqual([A.sopInstanceUid, C.sopInstanceUid, D.sopInstanceUid]);
    const warning = result.headers.get('warning') ?? '';
    expect(warning.startsWith(`${qidoWarning(B, 'value.map is not a function')}, `)).toBe(true);
    expect(warning.slice(qidoWarning(B, 'value.map is not a function').length + 2)).toMatch(new RegExp(`^${E_QIDO().source}$`));
    expect(added).toEqual({ metadata: 2 });
  });

  it('QIDO of all instances, paged: the page keeps its positions (A, then B left out) and the paging warning', async () => {
    const { result, added } = await counted(() => t.get(`/instances?limit=2`));
    expect(result.status).toBe(200);
    expect(sopUids(result.body)).toEqual([A.sopInstanceUid]);
    expect(result.headers.get('warning')).toBe(
      `299 - "there are more results: ask again with offset=2", ${qidoWarning(B, 'value.map is not a function')}`,
    );
    expect(added).toEqual({ metadata: 1 });
  });

  it("QIDO of the study's instances from offset 2: C and D; E named", async () => {
    const { result } = await counted(() => t.get(`${studyUrl}/instances?offset=2`));
    expect(result.status).toBe(200);
    expect(sopUids(result.body)).toEqual([C.sopInstanceUid, D.sopInstanceUid]);
    expect(result.headers.get('warning')).toMatch(new RegExp(`^${E_QIDO().source}$`));
  });

  it.each([
    ['studies', () => '/studies'],
    ['series', () => `${studyUrl}/series`],
  ])('QIDO of %s: 200, whole, no warning (instance attributes are not read there)', async (_level, url) => {
    const result = await t.get(url());
    expect(result.status).toBe(200);
    expect((JSON.parse(result.body.toString('utf8')) as unknown[]).length).toBe(1);
    expect(result.headers.get('warning')).toBeNull();
  });

  it("HealthImaging API: the document holds A to D (E left out); C's frame answers, A's alone fails", async () => {
    const hi = t.healthImaging();
    const [location] = await t.store.locateInstances(t.datastoreId, C.studyInstanceUid, undefined, C.sopInstanceUid);
    const doc = await readImageSetMetadata(hi, { datastoreId: t.datastoreId, imageSetId: location.imageSetId });
    expect(Object.keys(doc.Study.Series[C.seriesInstanceUid].Instances)).toEqual([
      A.sopInstanceUid,
      B.sopInstanceUid,
      C.sopInstanceUid,
      D.sopInstanceUid,
    ]);
    const frame = (imageFrameId: string) =>
      readImageFrame(hi, { datastoreId: t.datastoreId, imageSetId: location.imageSetId, imageFrameInformation: { imageFrameId } });
    expect((await frame(location.imageFrameIds[0])).length).toBe(
      doc.Study.Series[C.seriesInstanceUid].Instances[C.sopInstanceUid].ImageFrames[0].FrameSizeInBytes,
    );
    await expect(frame(await frameIdOf(A))).rejects.toMatchObject({ name: 'InternalServerException' });
  });
});

describe('an image set whose metadata document is damaged on disk', () => {
  // Another study (its own image set) beside the first: its cached document overwritten.
  let F: SyntheticInstance;
  beforeAll(async () => {
    F = numberedInstance({ run: 90310, study: 0, index: 0 });
    await t.store.storeInstance(t.datastoreId, F.bytes);
    // A version's document file is written only once none of its frames awaits transcoding.
    await t.transcoded();
    const [location] = await t.store.locateInstances(t.datastoreId, F.studyInstanceUid);
    // Materialised through the store (not the API, whose documents would then be in memory), then damaged.
    const out = await t.store.getImageSetMetadata({ datastoreId: t.datastoreId, imageSetId: location.imageSetId });
    out.imageSetMetadataBlob.resume();
    const dir = path.join(t.storeDir, 'datastores', t.datastoreId, 'imagesets', location.imageSetId.slice(0, 2), location.imageSetId);
    for (const name of fs.readdirSync(dir)) if (/^v\d+\.json\.gz$/.test(name)) fs.writeFileSync(path.join(dir, name), 'not gzip');
  });

  it.each([
    ['metadata', () => `/studies/${F.studyInstanceUid}/metadata`],
    ['retrieval', () => `/studies/${F.studyInstanceUid}`],
  ])('%s: 500 problem+json naming the instance, before any body; the other study still answers', async (_route, url) => {
    const { result, added } = await counted(() => t.get(url()));
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(result.headers.get('warning')).toMatch(
      new RegExp(
        `^299 triage "instance ${F.sopInstanceUid.replace(/\./g, '\\.')} skipped: the metadata document of image set [0-9a-f]{32} could not be read: `,
      ),
    );
    expect(added).toEqual({ document: 1 });
    expect((await t.get(`${seriesUrl}/instances/${C.sopInstanceUid}/metadata`)).status).toBe(200);
  });

  it('QIDO of its instances: 200 (the index, not the document)', async () => {
    const result = await t.get(`/studies/${F.studyInstanceUid}/instances`);
    expect(result.status).toBe(200);
    expect(sopUids(result.body)).toEqual([F.sopInstanceUid]);
  });
});

describe('a multi-frame instance whose second frame file is cut short', () => {
  const study = '1.3.6.1.4.1.99999.7.90311.1';
  const M = syntheticInstance({ study, series: `${study}.1`, sop: `${study}.1.1`, frames: 3, rows: 16, columns: 16 });
  const url = (frames: string) => `/studies/${study}/series/${study}.1/instances/${study}.1.1/frames/${frames}`;
  let second: string;
  beforeAll(async () => {
    await t.store.storeInstance(t.datastoreId, M.bytes);
    await t.transcoded();
    [, second] = (await t.store.locateInstances(t.datastoreId, study)).flatMap((l) => l.imageFrameIds);
    const file = path.join(t.storeDir, 'datastores', t.datastoreId, 'frames', second.slice(0, 2), `${second}.jph`);
    fs.truncateSync(file, 10);
  });

  it('frames 1,2,3: 200 with frame 1 alone, the body closed (frames after the broken one would shift), counted', async () => {
    const { result, added } = await counted(() => t.get(url('1,2,3'), { accept: 'multipart/related; type="image/jph"' }));
    expect(result.status).toBe(200);
    expect(parseMultipart(result.headers.get('content-type') ?? '', result.body)).toHaveLength(1);
    expect(result.headers.get('warning')).toBeNull();
    expect(added).toEqual({ frames: 1 });
  });

  it('frames 2,3: 500 problem+json naming it before any body', async () => {
    const { result, added } = await counted(() => t.get(url('2,3'), { accept: 'multipart/related; type="image/jph"' }));
    expect(result.status).toBe(500);
    expect(result.headers.get('warning')).toMatch(
      new RegExp(
        `^299 triage "instance ${M.sopInstanceUid.replace(/\./g, '\\.')} skipped: image frame ${second} is damaged: 10 bytes stored where \\d+ were written"$`,
      ),
    );
    expect(added).toEqual({ frames: 1 });
  });

  it('instance retrieval: 500 problem+json (its only instance cannot be rebuilt)', async () => {
    const result = await t.get(`/studies/${study}/series/${study}.1/instances/${study}.1.1`);
    expect(result.status).toBe(500);
    expect(result.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  });
});
