import { listRoutes } from './build-app';
import { concretePath } from '../test-support/concrete-path';
import { multipartRelated } from '@triage/dicomweb';
import { rawRequest } from '../test-support/raw-request';
import { recordingStore, startTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

/** Values that must never reach the store or the file system, as they appear in the URL. */
const ATTACKS = [
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2f..%2fetc%2fpasswd',
  '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '%2E%2E%2F%2E%2E%2F',
  '%252e%252e%252f',
  '%2fetc%2fpasswd',
  '1.2%2f..%2f3',
  '1.2%2F3',
  '..%5c..%5cwindows',
  '%00',
  '1.2.3%00',
  '1.2.3%00.dcm',
  '1.2.3%0a',
  '1..2',
  '.1.2',
  '1.2.',
  '1.2.3%20',
  '-1.2',
  '1.' + '2.'.repeat(40) + '3', // 85 characters: longer than a UID may be
  '1'.repeat(65),
  '9'.repeat(300), // longer than any parameter the router accepts
  '0123456789ABCDEF0123456789ABCDEF', // HealthImaging ids are lower case
  '0123456789abcdef0123456789abcdef0',
  '~',
  'C:%5cWindows',
];

describe('path parameters', () => {
  let t: TestApp;
  const calls: { method: string; args: unknown[] }[] = [];
  beforeAll(async () => {
    t = await startTestApp({ wrapStore: (store) => recordingStore(store, calls) });
  });
  afterAll(() => t.close());

  it('refuses every traversal attempt in every parameter of every route with 400/404 problem+json, before the store is asked anything', async () => {
    // SigV4 routes answer AWS errors, not problem+json: healthimaging-api/sigv4-refusals.spec.ts covers them.
    const routes = listRoutes(t.app).filter((r) => r.url.includes(':') && !r.sigv4);
    expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(['/dicomweb/studies/:study']));
    const auth = { authorization: `Bearer ${t.token}` };
    const { body, contentType } = multipartRelated([Buffer.from('x')]);
    let tried = 0;
    for (const route of routes) {
      const params = route.url.match(/:[A-Za-z]+/g) ?? [];
      for (const param of params) {
        for (const attack of ATTACKS) {
          const [before, after] = route.url.split(param);
          const rawPath = concretePath(before) + attack + concretePath(after);
          const headers: Record<string, string> = route.method === 'POST' ? { ...auth, 'content-type': contentType } : auth;
          const answer = await rawRequest(t.url, route.method, rawPath, headers, route.method === 'POST' ? body : undefined);
          const where = `${route.method} ${rawPath}`;
          expect({ where, status: [400, 404].includes(answer.status) }).toEqual({ where, status: true });
          if (route.method !== 'HEAD')
            expect({ where, type: answer.headers['content-type'] }).toEqual({
              where,
              type: expect.stringMatching(/^application\/problem\+json/),
            });
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(ATTACKS.length * 2);
    expect(calls).toEqual([]);
  });

  it('refuses dot segments and absolute paths in the path itself', async () => {
    const auth = { authorization: `Bearer ${t.token}` };
    for (const rawPath of [
      '/dicomweb/studies/../../../etc/passwd',
      '/dicomweb/../../etc/passwd',
      '//etc/passwd',
      '/dicomweb/studies/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/dicomweb/studies/1.2.3/series/..%2f..%2f..',
      '/docs/static/..%2f..%2f..%2f..%2fpackage.json',
      '/docs/static/../../../../package.json',
    ]) {
      const answer = await rawRequest(t.url, 'GET', rawPath, auth);
      expect({ rawPath, ok: [400, 403, 404].includes(answer.status) }).toEqual({ rawPath, ok: true });
      expect(answer.body).not.toMatch(/root:|"workspaces"/);
    }
    expect(calls).toEqual([]);
  });

  it('answers malformed percent-encoding with a 400 problem', async () => {
    const answer = await rawRequest(t.url, 'GET', '/dicomweb/studies/%zz', { authorization: `Bearer ${t.token}` });
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('the store is asked once a request is well-formed (so the checks above can fail)', async () => {
    const answer = await rawRequest(t.url, 'GET', '/dicomweb/studies/1.2.3/series', { authorization: `Bearer ${t.token}` });
    expect(answer.status).toBeLessThan(500);
    expect(calls.length).toBeGreaterThan(0);
  });
});
