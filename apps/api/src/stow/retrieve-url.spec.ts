import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPart10 } from '@triage/dicom';
import type { AuditEvent } from '@triage/platform';
import { corpusDir } from '@triage/test-data';
import { parseMultipart } from '../test-support/read-multipart';
import { WORKSPACE_ROOT } from '../test-support/server-process';
import { stow } from '../test-support/stow-client';
import { startTestApp, type TestApp } from '../test-support/test-app';

const CT_SMALL = fs.readFileSync(path.join(corpusDir(), 'CT_small.dcm'));
const CT_OTHER_PATIENT = fs.readFileSync(path.join(WORKSPACE_ROOT, 'tools/test-data/fuzz-repro/CT_small_other_patientid.dcm'));

const header = (bytes: Uint8Array) => readPart10(bytes, { untilTag: 'x7fe00010' }).dataSet;
const SOP_CLASS = header(CT_SMALL).string('x00080016')?.trim();
const SOP = header(CT_SMALL).string('x00080018')?.trim();
const STUDY = header(CT_SMALL).string('x0020000d')?.trim();
const SERIES = header(CT_SMALL).string('x0020000e')?.trim();
const PATIENT = header(CT_SMALL).string('x00100020')?.trim();
const OTHER_SOP = header(CT_OTHER_PATIENT).string('x00080018')?.trim();
const OTHER_PATIENT = header(CT_OTHER_PATIENT).string('x00100020')?.trim();

describe('class E: an instance whose PatientID conflicts with its study is acknowledged with a RetrieveURL that answers', () => {
  let t: TestApp;
  const audit: AuditEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp({ audit: { record: (event) => audit.push(event) } });
  });
  afterAll(() => t.close());

  it('has the copy in the same study and series with another PatientID and SOP Instance UID', () => {
    expect([STUDY, SERIES]).toEqual([
      header(CT_OTHER_PATIENT).string('x0020000d')?.trim(),
      header(CT_OTHER_PATIENT).string('x0020000e')?.trim(),
    ]);
    expect(OTHER_PATIENT).not.toBe(PATIENT);
    expect(OTHER_SOP).not.toBe(SOP);
  });

  it('stores CT_small, then the other-PatientID copy: both acknowledged, the RetrieveURL returns the copy, /admin/conflicts names PatientID', async () => {
    const retrieveUrlOf = (sop?: string) => `${t.dicomweb}/studies/${STUDY}/series/${SERIES}/instances/${sop}`;
    const acknowledged = (sop?: string) => ({
      '00081199': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: [SOP_CLASS] },
            '00081155': { vr: 'UI', Value: [sop] },
            '00081190': { vr: 'UR', Value: [retrieveUrlOf(sop)] },
          },
        ],
      },
    });
    const first = await stow(t.url, t.token, [CT_SMALL]);
    expect({ status: first.status, body: first.body }).toEqual({ status: 200, body: acknowledged(SOP) });
    const second = await stow(t.url, t.token, [CT_OTHER_PATIENT]);
    expect({ status: second.status, contentType: second.contentType, body: second.body }).toEqual({
      status: 200,
      contentType: 'application/dicom+json; charset=utf-8',
      body: acknowledged(OTHER_SOP),
    });
    const retrieveUrl = retrieveUrlOf(OTHER_SOP);

    const answer = await fetch(retrieveUrl, {
      headers: { authorization: `Bearer ${t.token}`, accept: 'multipart/related; type="application/dicom"' },
    });
    expect(answer.status).toBe(200);
    const parts = parseMultipart(answer.headers.get('content-type') ?? '', Buffer.from(await answer.arrayBuffer()));
    expect(parts).toHaveLength(1);
    const returned = header(parts[0].body);
    expect([returned.string('x00080018')?.trim(), returned.string('x00100020')?.trim()]).toEqual([OTHER_SOP, OTHER_PATIENT]);
    // Study-level reads and QIDO stay with the primary image set: CT_small, as before.
    const study = await t.get(`/studies/${STUDY}/instances`);
    expect((JSON.parse(study.body.toString()) as Record<string, { Value: unknown[] }>[]).map((i) => i['00080018'].Value[0])).toEqual([SOP]);
    const metadata = await t.get(`/studies/${STUDY}/series/${SERIES}/instances/${OTHER_SOP}/metadata`);
    expect(metadata.status).toBe(200);
    expect((JSON.parse(metadata.body.toString()) as Record<string, { Value: unknown[] }>[])[0]['00100020'].Value).toEqual([OTHER_PATIENT]);

    const conflicts = await fetch(`${t.url}/admin/conflicts`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(conflicts.status).toBe(200);
    const [primary, nonPrimary] = (await t.store.searchImageSets({ datastoreId: t.datastoreId })).imageSetsMetadataSummaries!.sort(
      (a, b) => Number(b.isPrimary) - Number(a.isPrimary),
    );
    expect(await conflicts.json()).toEqual({
      conflicts: [
        {
          studyInstanceUid: STUDY,
          imageSets: [
            { imageSetId: primary.imageSetId, isPrimary: true, instances: 1, attributes: expect.objectContaining({ PatientID: PATIENT }) },
            {
              imageSetId: nonPrimary.imageSetId,
              isPrimary: false,
              instances: 1,
              attributes: expect.objectContaining({ PatientID: OTHER_PATIENT }),
              conflictsWith: ['PatientID'],
            },
          ],
        },
      ],
    });
    expect(audit.filter((e) => e.resource === '/admin/conflicts')).toEqual([
      expect.objectContaining({ action: 'healthimaging.read', outcome: 'success', detail: 'results: 1' }),
    ]);
  });
});
