import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPart10, type DicomJsonDataset } from '@triage/dicom';
import { corpusDir, fuzzRepros, refusalClass } from '@triage/test-data';
import { parseMultipart } from '../test-support/read-multipart';
import { stow } from '../test-support/stow-client';
import { startTestApp, type TestApp } from '../test-support/test-app';

/**
 * Issue 9, classes A, B and D: one STOW-RS request carrying a good instance, every reproducer, and
 * another good instance. Each reproducer is its own part's refusal (0xC000 and its reason, as
 * fuzz-repro/expected.tsv classes it); the good parts on both sides of them are stored and readable.
 */

const repros = fuzzRepros();
const GOOD = ['CT_small.dcm', 'MR_small.dcm'];

let t: TestApp;
let answer: Awaited<ReturnType<typeof stow>>;

beforeAll(async () => {
  t = await startTestApp({ codecWorkers: 2 });
  const good = GOOD.map((name) => new Uint8Array(fs.readFileSync(path.join(corpusDir(), name))));
  answer = await stow(t.url, t.token, [good[0], ...repros.map((r) => new Uint8Array(fs.readFileSync(r.file))), good[1]]);
}, 120_000);

afterAll(() => t?.close());

const items = (tag: string) => (answer.body[tag]?.Value ?? []) as DicomJsonDataset[];
const first = (item: DicomJsonDataset, tag: string) => item[tag]?.Value?.[0];
/** Which part (1-based) a FailedSOPSequence item speaks of: its reason starts with `part N:`. */
const partOf = (item: DicomJsonDataset) => Number(/^part (\d+):/.exec(String(first(item, '00000902')))?.[1]);

describe('STOW-RS of a good instance, every A/B/D reproducer and another good instance in one request', () => {
  it('answers 202 with exactly the good instances (and any reproducer the table expects stored) in ReferencedSOPSequence', () => {
    const storedRepros = repros.filter((r) => r.expected.stow.startsWith('stored:'));
    expect(answer.status).toBe(202);
    expect(items('00081199')).toHaveLength(GOOD.length + storedRepros.length);
  });

  it.each(repros.map((r, i) => [r.name, r.class, r, i + 2] as const))(
    '%s (class %s): the outcome fuzz-repro/expected.tsv gives for STOW-RS',
    (name, _class, repro, part) => {
      const failed = items('00081198').find((item) => partOf(item) === part);
      const outcome = failed ? `refused:${refusalClass(String(first(failed, '00000902')))}` : 'stored';
      expect({ name, outcome }).toEqual({ name, outcome: repro.expected.stow.replace(/^stored:\d+$/, 'stored') });
      // Bad input is never a server failure (0x0110).
      if (failed) expect({ name, status: first(failed, '00081197') }).toEqual({ name, status: 0xc000 });
    },
  );

  it('reports every part: as many items as parts', () => {
    expect(items('00081199').length + items('00081198').length).toBe(repros.length + GOOD.length);
  });

  it('serves the metadata and every frame of each acknowledged instance through WADO-RS', async () => {
    const referenced = items('00081199');
    for (const name of GOOD) {
      const sop = readSopUid(path.join(corpusDir(), name));
      expect(referenced.map((item) => first(item, '00081155'))).toContain(sop);
    }
    for (const item of referenced) {
      const sop = String(first(item, '00081155'));
      const [study, series] = await studyAndSeries(sop);
      const [located] = await t.store.locateInstances(t.datastoreId, study, series, sop);
      const base = `/studies/${study}/series/${series}/instances/${sop}`;
      const metadata = await t.get(`${base}/metadata`);
      expect({ sop, status: metadata.status }).toEqual({ sop, status: 200 });
      expect(JSON.parse(metadata.body.toString('utf8'))).toHaveLength(1);
      const list = located.imageFrameIds.map((_, i) => i + 1).join(',');
      if (!list) continue;
      const frames = await t.get(`${base}/frames/${list}`, { accept: 'multipart/related; type="application/octet-stream"' });
      expect({ sop, status: frames.status }).toEqual({ sop, status: 200 });
      expect(parseMultipart(frames.headers.get('content-type') as string, frames.body)).toHaveLength(located.imageFrameIds.length);
    }
  });
});

async function studyAndSeries(sop: string): Promise<[string, string]> {
  const response = await t.get(`/instances?SOPInstanceUID=${sop}`);
  const [found] = JSON.parse(response.body.toString('utf8')) as DicomJsonDataset[];
  return [String(found['0020000D'].Value?.[0]), String(found['0020000E'].Value?.[0])];
}

function readSopUid(file: string): string {
  return String(readPart10(fs.readFileSync(file)).dataSet.string('x00080018')).trim();
}
