import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditRecord } from '@triage/platform';
import { AuditLog, auditLogFile } from '@triage/platform';
import { rawRequest } from '../test-support/raw-request';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('GET /admin/audit filters', () => {
  let t: TestApp;
  let dir: string;
  let audit: AuditLog;
  let otto: string;
  let start: string;
  const page = async (query: string) => {
    const answer = await rawRequest(t.url, 'GET', `/admin/audit?${query}`, { authorization: `Bearer ${otto}` });
    return { status: answer.status, body: JSON.parse(answer.body) as { records: AuditRecord[]; next?: number; detail?: string } };
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-audit-filters-'));
    audit = AuditLog.open(auditLogFile(dir));
    t = await startTestApp({ audit });
    otto = t.tokens.issue('otto', 'auditor');
    const carol = t.tokens.issue('carol', 'clinician');
    start = new Date().toISOString();
    for (const [token, route] of [
      [carol, '/dicomweb/studies'],
      [carol, '/dicomweb/studies/1.2.3/metadata'],
      [otto, '/dicomweb/studies'],
      ['wrong-token-0123456789', '/dicomweb/studies'],
    ])
      await rawRequest(t.url, 'GET', route, { authorization: `Bearer ${token}` });
  });
  afterAll(async () => {
    await t.close();
    audit.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [
      'actor=carol',
      [
        ['carol', 'dicomweb.read', '/dicomweb/studies', 'success'],
        ['carol', 'dicomweb.read', '/dicomweb/studies/1.2.3/metadata', 'failed'],
      ],
    ],
    [
      'outcome=refused',
      [
        ['otto', 'dicomweb.read', '/dicomweb/studies', 'refused'],
        ['anonymous', 'dicomweb.read', '/dicomweb/studies', 'refused'],
      ],
    ],
    ['resource=%2Fdicomweb%2Fstudies%2F1.2.3', [['carol', 'dicomweb.read', '/dicomweb/studies/1.2.3/metadata', 'failed']]],
    ['action=dicomweb.&actor=anonymous', [['anonymous', 'dicomweb.read', '/dicomweb/studies', 'refused']]],
    ['to=2000-01-01T00:00:00Z', []],
  ])('?%s', async (query, expected) => {
    const answer = await page(`${query}&from=${encodeURIComponent(start)}`);
    expect(answer.status).toBe(200);
    expect(answer.body.records.map((r) => [r.actor, r.action, r.resource, r.outcome])).toEqual(expected);
  });

  it('pages a filtered log with `next`', async () => {
    const first = await page(`from=${encodeURIComponent(start)}&action=dicomweb.read&limit=3`);
    expect(first.body.records).toHaveLength(3);
    const rest = await page(`from=${encodeURIComponent(start)}&action=dicomweb.read&limit=3&after=${first.body.next}`);
    expect(rest.body.records.map((r) => r.actor)).toEqual(['anonymous']);
    expect(rest.body.next).toBeUndefined();
  });

  it.each([
    ['from=yesterday', 'querystring: from must match format "date-time"'],
    ['outcome=maybe', 'querystring: outcome must be equal to constant'],
  ])('refuses ?%s: 400 naming it', async (query, detail) => {
    const answer = await page(query);
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toContain(detail);
  });
});
