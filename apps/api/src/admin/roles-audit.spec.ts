import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditRecord } from '@triage/platform';
import { AuditLog, auditLogFile, parseRecord, verifyAuditLog } from '@triage/platform';
import { listRoutes } from '../app/build-app';
import { concretePath } from '../test-support/concrete-path';
import { rawRequest } from '../test-support/raw-request';
import { stow } from '../test-support/stow-client';
import { numberedInstance } from '@triage/test-support';
import { startTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe('roles and the audit log', () => {
  let t: TestApp;
  let auditDir: string;
  let audit: AuditLog;
  const tokens: Record<string, string> = {};
  const instance = numberedInstance({ run: 4242, study: 0, index: 0 });
  const studyPath = `/dicomweb/studies/${instance.studyInstanceUid}`;

  const as = (who: string, method: string, url: string, body?: object) =>
    rawRequest(
      t.url,
      method,
      url,
      { authorization: `Bearer ${tokens[who]}`, ...(body && { 'content-type': 'application/json' }) },
      body && Buffer.from(JSON.stringify(body)),
    );
  const records = () =>
    fs
      .readFileSync(auditLogFile(auditDir), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => parseRecord(l) as AuditRecord);

  beforeAll(async () => {
    auditDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-audit-'));
    audit = AuditLog.open(auditLogFile(auditDir));
    t = await startTestApp({ audit });
    tokens.admin = t.token;
    for (const [name, role] of [
      ['carol', 'clinician'],
      ['dana', 'data-scientist'],
      ['otto', 'auditor'],
    ]) {
      const answer = await as('admin', 'POST', '/admin/tokens', { name, role });
      expect(answer.status).toBe(201);
      expect(answer.headers['cache-control']).toBe('no-store');
      const issued = JSON.parse(answer.body) as { name: string; role: string; token: string };
      expect(issued).toMatchObject({ name, role });
      tokens[role] = issued.token;
    }
    expect((await stow(t.url, tokens.clinician, [instance.bytes])).status).toBe(200);
  });
  afterAll(async () => {
    await t.close();
    audit.close();
    fs.rmSync(auditDir, { recursive: true, force: true });
  });

  it('declares an action on every route but /healthz (a route without one is refused to everyone but admins)', async () => {
    const routes = listRoutes(t.app).filter((r) => !r.public);
    expect(routes.length).toBeGreaterThan(10);
    const before = records().length;
    let failed = 0;
    for (const route of routes) {
      const answer = await as('data-scientist', route.method, concretePath(route.url));
      if (answer.status >= 400) failed += 1;
    }
    const refused = records()
      .slice(before)
      .filter((r) => r.outcome === 'refused');
    expect(refused.filter((r) => r.action === 'undeclared').map((r) => r.resource)).toEqual([]);
    expect(refused).toHaveLength(failed);
  });

  it('serves the docs to every role and audits nothing about them (they are public)', async () => {
    const before = records().length;
    for (const url of ['/docs', '/docs/json', '/docs/static/swagger-ui.css'])
      expect({ url, status: (await as('data-scientist', 'GET', url)).status }).toEqual({ url, status: 200 });
    expect(records().slice(before)).toEqual([]);
  });

  it('a clinician reads and stores images but cannot issue tokens or read the audit log', async () => {
    expect((await as('clinician', 'GET', `${studyPath}/metadata`)).status).toBe(200);
    const refused = await as('clinician', 'POST', '/admin/tokens', { name: 'mallory', role: 'admin' });
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({ status: 403, detail: 'the role clinician may not perform tokens.manage' });
    expect((await as('clinician', 'GET', '/admin/tokens')).status).toBe(403);
    expect((await as('clinician', 'DELETE', '/admin/tokens/dana')).status).toBe(403);
    expect((await as('clinician', 'GET', '/admin/audit')).status).toBe(403);
    expect(
      records()
        .filter((r) => r.actor === 'carol' && r.outcome === 'refused')
        .map((r) => `${r.action} ${r.resource}`),
    ).toEqual([
      'tokens.manage /admin/tokens',
      'tokens.manage /admin/tokens',
      'tokens.manage /admin/tokens/dana',
      'audit.read /admin/audit',
    ]);
  });

  it('an auditor reads the audit log and cannot change data', async () => {
    const other = numberedInstance({ run: 4242, study: 1, index: 0 });
    const answer = await stow(t.url, tokens.auditor, [other.bytes]);
    expect(answer.status).toBe(403);
    expect((await as('auditor', 'POST', '/admin/tokens', { name: 'x', role: 'auditor' })).status).toBe(403);
    expect((await as('admin', 'GET', `/dicomweb/studies?StudyInstanceUID=${other.studyInstanceUid}`)).body).toBe('[]');
    const page = await as('auditor', 'GET', '/admin/audit?limit=2');
    expect(page.status).toBe(200);
    const body = JSON.parse(page.body) as { records: AuditRecord[]; next: number };
    expect(body.records.map((r) => r.seq)).toEqual([1, 2]);
    expect(body.next).toBe(2);
    const refusal = records().find((r) => r.actor === 'otto' && r.action === 'dicomweb.store');
    expect(refusal).toMatchObject({
      role: 'auditor',
      outcome: 'refused',
      resource: '/dicomweb/studies',
      source: '127.0.0.1',
      detail: 'role auditor may not dicomweb.store',
    });
    expect(records().some((r) => r.actor === 'otto' && r.action === 'audit.read' && r.outcome === 'success')).toBe(true);
  });

  it('a data scientist cannot read identified PHI: QIDO, WADO, thumbnails', async () => {
    const before = records().length;
    for (const url of [
      `/dicomweb/studies?PatientName=Synthetic*`,
      `${studyPath}/metadata`,
      studyPath,
      `/dicomweb/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/thumbnail`,
    ]) {
      const answer = await as('data-scientist', 'GET', url);
      expect({ url, status: answer.status }).toEqual({ url, status: 403 });
    }
    const refused = records()
      .slice(before)
      .filter((r) => r.actor === 'dana' && r.outcome === 'refused');
    expect(refused).toHaveLength(4);
    expect(refused[0]).toMatchObject({
      role: 'data-scientist',
      action: 'dicomweb.read',
      resource: '/dicomweb/studies',
      detail: 'role data-scientist may not dicomweb.read; keys: PatientName',
    });
  });

  it('audits refusals without a token or with a wrong one', async () => {
    const before = records().length;
    await rawRequest(t.url, 'GET', `${studyPath}/metadata`);
    await rawRequest(t.url, 'GET', '/no/such/path', { authorization: 'Bearer not-a-token-0123456789' });
    const anonymous = records()
      .slice(before)
      .filter((r) => r.actor === 'anonymous');
    expect(anonymous.map((r) => [r.action, r.resource, r.outcome, r.detail])).toEqual([
      ['dicomweb.read', `${studyPath}/metadata`, 'refused', 'no bearer token'],
      ['no-route', '/no/such/path', 'refused', 'invalid bearer token'],
    ]);
  });

  it('audits a HealthImaging API request with a bad signature, under the route action', async () => {
    const signature = 'deadbeef'.repeat(8);
    const answer = await rawRequest(t.url, 'POST', '/datastore', {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDNOSUCHKEY/20260101/us-east-1/medical-imaging/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
      'x-amz-date': '20260101T000000Z',
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    const record = records().pop();
    expect(record).toMatchObject({
      actor: 'anonymous',
      role: 'none',
      action: 'healthimaging.write',
      resource: '/datastore',
      outcome: 'refused',
    });
    expect(record?.detail).toMatch(/Exception$/);
    expect(fs.readFileSync(auditLogFile(auditDir), 'utf8')).not.toContain(signature);
  });

  it('audits PHI reads with the names of the matching keys and the number of results, never their values', async () => {
    const answer = await as('clinician', 'GET', `/dicomweb/studies?PatientName=Synthetic*&StudyDate=20260101`);
    expect(JSON.parse(answer.body)).toHaveLength(1);
    const search = records()
      .filter((r) => r.actor === 'carol' && r.resource === '/dicomweb/studies')
      .pop();
    expect(search).toMatchObject({ action: 'dicomweb.read', outcome: 'success', detail: 'keys: PatientName,StudyDate; results: 1' });
    const metadataPath = `/dicomweb/studies/${instance.studyInstanceUid}/series/${instance.seriesInstanceUid}/metadata`;
    expect(JSON.parse((await as('clinician', 'GET', metadataPath)).body)).toHaveLength(1);
    expect(
      records()
        .filter((r) => r.actor === 'carol' && r.resource === metadataPath)
        .pop(),
    ).toMatchObject({ action: 'dicomweb.read', outcome: 'success', detail: 'results: 1' });
    expect(records().find((r) => r.actor === 'carol' && r.action === 'dicomweb.store')).toMatchObject({
      outcome: 'success',
      resource: '/dicomweb/studies',
    });
    const text = fs.readFileSync(auditLogFile(auditDir), 'utf8');
    expect(text).not.toContain('Synthetic^');
    expect(text).not.toContain('20260101');
  });

  it('lists and revokes tokens, audits both, and never writes a token to the log', async () => {
    const list = JSON.parse((await as('admin', 'GET', '/admin/tokens')).body) as { tokens: { name: string; role: string }[] };
    expect(list.tokens.map((h) => `${h.name}:${h.role}`).sort()).toEqual([
      'carol:clinician',
      'dana:data-scientist',
      'otto:auditor',
      'test-admin:admin',
    ]);
    expect(JSON.stringify(list)).not.toMatch(/sha256|token"/);
    expect((await as('admin', 'POST', '/admin/tokens', { name: 'carol', role: 'admin' })).status).toBe(409);
    expect((await as('admin', 'POST', '/admin/tokens', { name: '../x', role: 'admin' })).status).toBe(400);
    expect((await as('admin', 'POST', '/admin/tokens', { name: 'eve', role: 'root' })).status).toBe(400);
    expect((await as('admin', 'DELETE', '/admin/tokens/dana')).status).toBe(204);
    expect((await as('admin', 'DELETE', '/admin/tokens/dana')).status).toBe(404);
    // 401, not the 403 a valid data-scientist token gets for /metrics: the token is no more.
    const revoked = await as('data-scientist', 'GET', '/metrics');
    expect(revoked.status).toBe(401);
    const changes = records().filter((r) => r.action === 'tokens.manage' && r.actor === 'test-admin');
    expect(changes.map((r) => `${r.resource} ${r.outcome}`)).toEqual(
      expect.arrayContaining([
        '/admin/tokens/carol success',
        '/admin/tokens/otto success',
        '/admin/tokens/dana success',
        '/admin/tokens/dana failed',
      ]),
    );
    const text = fs.readFileSync(auditLogFile(auditDir), 'utf8');
    for (const token of Object.values(tokens)) expect(text).not.toContain(token);
    expect(await verifyAuditLog(auditLogFile(auditDir))).toMatchObject({ ok: true, problems: [] });
  });
});
