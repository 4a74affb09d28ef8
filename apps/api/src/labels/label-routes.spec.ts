import type { LabelVersion, WorklistItem } from '@triage/catalog';
import type { TriageEvent } from '@triage/events';
import { eventually } from '@triage/events/test-support';
import { numberedInstance } from '@triage/test-support';
import { startClinicianApp, type ClinicianApp } from '../test-support/clinician-app';
import { openEventStream, type EventStream } from '../test-support/event-stream';
import { stow } from '../test-support/stow-client';

const RUN = 7302;
const NOWHERE = '0123456789abcdef0123456789abcdef';

describe('the label routes', () => {
  let c: ClinicianApp;
  let item: WorklistItem;
  let route: string;
  let stream: EventStream;
  const verified: TriageEvent<'ImageVerified'>[] = [];
  const instance = numberedInstance({ run: RUN, study: 0, index: 0 });

  beforeAll(async () => {
    c = await startClinicianApp();
    c.t.events?.subscribe({ name: 'spec-verified', detailTypes: ['ImageVerified'], handler: async (event) => void verified.push(event) });
    expect((await stow(c.t.url, c.t.token, [instance.bytes])).status).toBe(200);
    item = await eventually(async () => {
      const found = (await c.t.catalog?.worklist({ datastoreId: c.t.datastoreId }))?.items[0];
      expect(found).toBeDefined();
      return found as WorklistItem;
    });
    route = `/api/image-sets/${item.imageSetId}/label`;
    stream = await openEventStream(c.t.url, '/api/worklist/events', { cookie: c.sessions.carol.cookie });
  });
  afterAll(async () => {
    stream.close();
    await c.close();
  });

  it('GET before any label: the findings, no current label, an empty history, unverified', async () => {
    const answer = await c.as('carol', 'GET', route);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ findings: ['normal', 'pneumonia'], history: [], verification: 'unverified' });
  });

  it('PUT writes the next version from the signed-in clinician, audited naming the image set; GET shows it; the worklist and the bus hear of it', async () => {
    const answer = await c.as('carol', 'PUT', route, { finding: 'pneumonia', note: 'left lower lobe', expectedVersion: 0 });
    expect(answer.status).toBe(200);
    const label = JSON.parse(answer.body) as LabelVersion;
    expect(label).toEqual({
      key: { datastoreId: c.t.datastoreId, imageSetId: item.imageSetId },
      studyInstanceUid: instance.studyInstanceUid,
      finding: 'pneumonia',
      origin: { kind: 'clinician', principal: 'carol', role: 'clinician' },
      note: 'left lower lobe',
      verified: true,
      verification: 'confirmed',
      version: 1,
      setAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(c.records().at(-1)).toMatchObject({ actor: 'carol', action: 'labels.write', resource: route, outcome: 'success' });

    const read = JSON.parse((await c.as('carol', 'GET', route)).body);
    expect(read).toEqual({ findings: ['normal', 'pneumonia'], current: label, history: [label], verification: 'confirmed' });
    expect(c.records().at(-1)).toMatchObject({ actor: 'carol', action: 'labels.read', resource: route, outcome: 'success' });

    const event = await stream.waitFor((e) => e.data.includes('"label"'));
    expect(JSON.parse(event.data)).toEqual({ imageSetId: item.imageSetId, change: 'label' });
    await eventually(() => expect(verified).toHaveLength(1));
    expect(verified[0].detail).toMatchObject({
      imageSetId: item.imageSetId,
      finding: 'pneumonia',
      labelVersion: 1,
      verification: 'confirmed',
    });
  });

  it('a correction with the version seen is version 2, newest first in the history', async () => {
    const answer = await c.as('ada', 'PUT', route, { finding: 'normal', expectedVersion: 1 });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      finding: 'normal',
      version: 2,
      verification: 'corrected',
      origin: { principal: 'ada', role: 'admin' },
    });
    const read = JSON.parse((await c.as('carol', 'GET', route)).body);
    expect(read.history.map((v: LabelVersion) => [v.version, v.finding, v.origin])).toEqual([
      [2, 'normal', { kind: 'clinician', principal: 'ada', role: 'admin' }],
      [1, 'pneumonia', { kind: 'clinician', principal: 'carol', role: 'clinician' }],
    ]);
    expect(read.verification).toBe('corrected');
  });

  it("labels one instance on its own key: the image set's label is untouched", async () => {
    const body = { finding: 'pneumonia', expectedVersion: 0, sopInstanceUid: instance.sopInstanceUid };
    const answer = await c.as('carol', 'PUT', route, body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({
      key: { imageSetId: item.imageSetId, sopInstanceUid: instance.sopInstanceUid },
      version: 1,
    });
    const own = JSON.parse((await c.as('carol', 'GET', `${route}?sopInstanceUid=${instance.sopInstanceUid}`)).body);
    expect([own.current.finding, own.history.length, own.verification]).toEqual(['pneumonia', 1, 'confirmed']);
    expect(JSON.parse((await c.as('carol', 'GET', route)).body).current.version).toBe(2);
  });

  it.each([
    ['a stale expectedVersion', 'PUT', { finding: 'pneumonia', expectedVersion: 1 }, 409, 'ConflictException'],
    ['a finding not configured', 'PUT', { finding: 'fracture', expectedVersion: 2 }, 400, 'ValidationException'],
    ['no expectedVersion', 'PUT', { finding: 'normal' }, 400, 'Bad Request'],
    ['a bad instance UID', 'PUT', { finding: 'normal', expectedVersion: 2, sopInstanceUid: '1.2.x' }, 400, 'Bad Request'],
  ])('refuses %s: %s problem+json', async (_name, method, body, status, title) => {
    const answer = await c.as('carol', method, route, body);
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status, title });
  });

  it.each([
    ['GET', `/api/image-sets/${NOWHERE}/label`, 404, 'ResourceNotFoundException'],
    ['PUT', `/api/image-sets/${NOWHERE}/label`, 404, 'ResourceNotFoundException'],
    ['GET', '/api/image-sets/not-an-id/label', 400, 'Bad Request'],
  ])('%s %s: %s %s', async (method, path, status, title) => {
    const answer = await c.as('carol', method, path, method === 'PUT' ? { finding: 'normal', expectedVersion: 0 } : undefined);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({ status, title });
  });

  it('an auditor cannot change a label (403, audited) nor a data scientist read one; a label PUT by cookie needs the CSRF token', async () => {
    const before = (await c.t.catalog?.labelHistory({ datastoreId: c.t.datastoreId, imageSetId: item.imageSetId }))?.length;
    const auditor = await c.as('otto', 'PUT', route, { finding: 'pneumonia', expectedVersion: 2 });
    expect(auditor.status).toBe(403);
    expect(c.records().at(-1)).toMatchObject({
      actor: 'otto',
      action: 'labels.write',
      resource: route,
      outcome: 'refused',
      detail: 'role auditor may not labels.write',
    });
    expect((await c.as('dana', 'GET', route)).status).toBe(403);
    const noCsrf = await c.as('carol', 'PUT', route, { finding: 'pneumonia', expectedVersion: 2 }, { csrf: false });
    expect(noCsrf.status).toBe(403);
    expect(c.records().at(-1)).toMatchObject({
      actor: 'carol',
      action: 'labels.write',
      outcome: 'refused',
      detail: 'missing or wrong CSRF token',
    });
    expect((await c.t.catalog?.labelHistory({ datastoreId: c.t.datastoreId, imageSetId: item.imageSetId }))?.length).toBe(before);
  });
});
