import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { AuditRecord } from '@triage/platform';
import { AuditLog, auditLogFile, createLogger, parseRecord } from '@triage/platform';
import { rawRequest } from '../test-support/raw-request';
import { sessionRequest, signIn } from '../test-support/session-client';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { sessionCookieOptions } from './session-cookie';

const MINUTE = 60_000;

/** A test app with sessions and its own audit log, read back whole. */
async function sessionApp(options: Parameters<typeof startTestApp>[0] = {}) {
  const auditDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-session-audit-'));
  const audit = AuditLog.open(auditLogFile(auditDir));
  const t = await startTestApp({ sessions: {}, audit, ...options });
  return {
    t,
    records: () =>
      fs
        .readFileSync(auditLogFile(auditDir), 'utf8')
        .trimEnd()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => parseRecord(l) as AuditRecord),
    auditFile: auditLogFile(auditDir),
    async close() {
      await t.close();
      audit.close();
      fs.rmSync(auditDir, { recursive: true, force: true });
    },
  };
}
type SessionApp = Awaited<ReturnType<typeof sessionApp>>;

const brief = (r: AuditRecord) => ({ actor: r.actor, action: r.action, resource: r.resource, outcome: r.outcome, detail: r.detail });

describe('sessions', () => {
  let s: SessionApp;
  let t: TestApp;
  let carol: string;
  const logLines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines.push(chunk.toString('utf8'));
        done();
      },
    });
    s = await sessionApp({ logger: createLogger({ level: 'trace', destination }), signInRatePerMin: 1000 });
    t = s.t;
    carol = t.tokens.issue('carol', 'clinician');
  });
  afterAll(() => s.close());

  it('signs in: 200 with who, the CSRF token and the expiry; the cookie HttpOnly, SameSite=Strict, Path=/, Max-Age of 12 h, not Secure over plain HTTP', async () => {
    const session = await signIn(t.url, carol);
    expect(session.answer.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(session.answer.body)).toEqual({
      principal: { name: 'carol', role: 'clinician' },
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(session.setCookie).toMatch(/^triage_session=[A-Za-z0-9_-]{43}; Max-Age=43200; Path=\/; HttpOnly; SameSite=Strict$/);
  });

  it('sets the cookie Secure when the request came over TLS', () => {
    const over = (protocol: 'http' | 'https') => sessionCookieOptions({ protocol } as FastifyRequest, 60);
    expect(over('https')).toEqual({ httpOnly: true, sameSite: 'strict', path: '/', maxAge: 60, secure: true });
    expect(over('http').secure).toBe(false);
  });

  it('GET /session finds the session and its CSRF token again; without a session it is 401', async () => {
    const session = await signIn(t.url, carol);
    const again = await sessionRequest(t.url, { cookie: session.cookie }, 'GET', '/session');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ principal: { name: 'carol', role: 'clinician' }, csrfToken: session.csrfToken });
    expect((await rawRequest(t.url, 'GET', '/session')).status).toBe(401);
    expect((await rawRequest(t.url, 'GET', '/session', { authorization: `Bearer ${carol}` })).status).toBe(401);
  });

  it('refuses a wrong token: 401 problem+json, no cookie, audited as a refused sign-in', async () => {
    const answer = await rawRequest(
      t.url,
      'POST',
      '/session',
      { 'content-type': 'application/json' },
      Buffer.from('{"token":"wrong-0123456789abcdef"}'),
    );
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 401, detail: 'the token is not valid' });
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(brief(s.records().at(-1) as AuditRecord)).toEqual({
      actor: 'anonymous',
      action: 'session.create',
      resource: '/session',
      outcome: 'refused',
      detail: 'sign-in with an invalid token',
    });
  });

  it('audits a successful sign-in under the principal', async () => {
    await signIn(t.url, carol);
    expect(brief(s.records().at(-1) as AuditRecord)).toEqual({
      actor: 'carol',
      action: 'session.create',
      resource: '/session',
      outcome: 'success',
      detail: undefined,
    });
  });

  it.each([
    ['no X-CSRF-Token', undefined],
    ['a wrong X-CSRF-Token', 'not-the-token'],
    ['an empty X-CSRF-Token', ''],
  ])('refuses a cookie-authenticated state change with %s: 403 problem+json, audited', async (_name, csrf) => {
    const session = await signIn(t.url, carol);
    for (const [method, route] of [
      ['DELETE', '/session'],
      ['POST', '/dicomweb/studies'],
    ]) {
      const answer = await sessionRequest(t.url, { cookie: session.cookie, csrfToken: csrf }, method, route);
      expect({ route, status: answer.status }).toEqual({ route, status: 403 });
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(brief(s.records().at(-1) as AuditRecord)).toEqual({
        actor: 'carol',
        action: method === 'DELETE' ? 'session.delete' : 'dicomweb.store',
        resource: route,
        outcome: 'refused',
        detail: 'missing or wrong CSRF token',
      });
    }
    // Still signed in: a refused request does not end the session.
    expect((await sessionRequest(t.url, { cookie: session.cookie }, 'GET', '/session')).status).toBe(200);
  });

  it('needs no CSRF token for reads by cookie, nor for anything by bearer token', async () => {
    const session = await signIn(t.url, carol);
    expect((await sessionRequest(t.url, { cookie: session.cookie }, 'GET', '/dicomweb/studies')).status).toBe(200);
    const stow = await rawRequest(
      t.url,
      'POST',
      '/dicomweb/studies',
      {
        authorization: `Bearer ${carol}`,
        'content-type': 'multipart/related; type="application/dicom"; boundary=x',
      },
      Buffer.from('--x--\r\n'),
    );
    expect(stow.status).not.toBe(403);
  });

  it('signs out with the CSRF token: 204, cookie cleared, audited; the old cookie is 401 afterwards and cleared again', async () => {
    const session = await signIn(t.url, carol);
    const out = await sessionRequest(t.url, session, 'DELETE', '/session');
    expect(out.status).toBe(204);
    expect(out.headers['set-cookie']).toEqual([
      'triage_session=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict',
    ]);
    expect(brief(s.records().at(-1) as AuditRecord)).toEqual({
      actor: 'carol',
      action: 'session.delete',
      resource: '/session',
      outcome: 'success',
      detail: undefined,
    });
    for (const route of ['/session', '/dicomweb/studies']) {
      const after = await sessionRequest(t.url, { cookie: session.cookie }, 'GET', route);
      expect({ route, status: after.status }).toEqual({ route, status: 401 });
      expect(after.headers['set-cookie']?.[0]).toMatch(/^triage_session=; Max-Age=0;/);
    }
    expect(brief(s.records().at(-1) as AuditRecord)).toMatchObject({
      actor: 'anonymous',
      outcome: 'refused',
      detail: 'invalid or expired session',
    });
  });

  it('applies roles to a session as to its token: a data scientist reads no DICOMweb', async () => {
    const dana = t.tokens.issue('dana', 'data-scientist');
    const session = await signIn(t.url, dana);
    const answer = await sessionRequest(t.url, session, 'GET', '/dicomweb/studies');
    expect(answer.status).toBe(403);
    expect(brief(s.records().at(-1) as AuditRecord)).toMatchObject({
      actor: 'dana',
      outcome: 'refused',
      detail: 'role data-scientist may not dicomweb.read',
    });
  });

  it('ends the sessions of a revoked token', async () => {
    const eve = t.tokens.issue('eve', 'clinician');
    const session = await signIn(t.url, eve);
    expect((await sessionRequest(t.url, session, 'GET', '/session')).status).toBe(200);
    t.tokens.revoke('eve');
    expect((await sessionRequest(t.url, session, 'GET', '/session')).status).toBe(401);
    expect((await sessionRequest(t.url, session, 'GET', '/dicomweb/studies')).status).toBe(401);
  });

  it('never writes a token, a session id or a CSRF token into the audit log or the logs', async () => {
    const session = await signIn(t.url, carol);
    await sessionRequest(t.url, session, 'GET', '/dicomweb/studies');
    await sessionRequest(t.url, { cookie: session.cookie }, 'DELETE', '/session');
    const sessionId = session.cookie.split('=')[1];
    const audit = fs.readFileSync(s.auditFile, 'utf8');
    const logs = logLines.join('');
    expect(logs).toContain('/session'); // the requests were logged
    for (const secret of [carol, t.token, sessionId, session.csrfToken]) {
      expect(audit).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
  });
});

describe('session expiry', () => {
  let s: SessionApp;
  let clock = Date.parse('2025-06-01T09:00:00.000Z');
  beforeAll(async () => {
    s = await sessionApp({ sessions: { idleMs: 30 * MINUTE, maxMs: 60 * MINUTE, now: () => clock } });
  });
  afterAll(() => s.close());

  it('ends a session unused for the idle period, and any session at its absolute end', async () => {
    const token = s.t.tokens.issue('carol', 'clinician');
    const idle = await signIn(s.t.url, token);
    expect(idle.setCookie).toContain('Max-Age=3600;');
    const busy = await signIn(s.t.url, token);
    const status = async (session: typeof busy) => (await sessionRequest(s.t.url, session, 'GET', '/session')).status;
    const busyStatuses: number[] = [];
    for (const gap of [20, 20, 15]) {
      clock += gap * MINUTE;
      busyStatuses.push(await status(busy));
    }
    // At 55 min: busy (used every 15-20 min) lives; idle (unused since sign-in) is over.
    expect(busyStatuses).toEqual([200, 200, 200]);
    expect(await status(idle)).toBe(401);
    clock += 10 * MINUTE;
    // At 65 min, past the absolute lifetime, however busy.
    expect(await status(busy)).toBe(401);
    expect(brief(s.records().at(-1) as AuditRecord)).toMatchObject({ outcome: 'refused', detail: 'invalid or expired session' });
  });
});

describe('sign-in rate limit', () => {
  let s: SessionApp;
  beforeAll(async () => {
    s = await sessionApp();
  });
  afterAll(() => s.close());

  it('answers the 11th attempt in a minute from one address with 429 problem+json and Retry-After, audited', async () => {
    const token = s.t.tokens.issue('carol', 'clinician');
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const body = Buffer.from(JSON.stringify({ token: i % 2 === 0 ? token : 'wrong-0123456789abcdef' }));
      const answer = await rawRequest(s.t.url, 'POST', '/session', { 'content-type': 'application/json' }, body);
      statuses.push(answer.status);
      if (i === 10) {
        expect(answer.headers['retry-after']).toMatch(/^\d+$/);
        expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(answer.body)).toMatchObject({ status: 429, title: 'Too Many Requests' });
      }
    }
    expect(statuses).toEqual([200, 401, 200, 401, 200, 401, 200, 401, 200, 401, 429]);
    expect(brief(s.records().at(-1) as AuditRecord)).toEqual({
      actor: 'anonymous',
      action: 'session.create',
      resource: '/session',
      outcome: 'refused',
      detail: 'too many sign-in attempts',
    });
    expect(s.records().filter((r) => r.action === 'session.create')).toHaveLength(11);
  });
});
