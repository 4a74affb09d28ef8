import { listRoutes } from './build-app';
import { multipartRelated } from '@triage/dicomweb';
import { concretePath } from '../test-support/concrete-path';
import { rawRequest } from '../test-support/raw-request';
import { startTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

describe('bearer token', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves /healthz without a token', async () => {
    const answer = await rawRequest(t.url, 'GET', '/healthz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' });
  });

  it('knows the routes it protects (DICOMweb, metrics) and the public ones (/healthz and the API docs)', () => {
    const urls = listRoutes(t.app).map((r) => r.url);
    expect(urls).toEqual(
      expect.arrayContaining(['/healthz', '/metrics', '/docs', '/docs/json', '/dicomweb/studies', '/dicomweb/studies/:study']),
    );
    const open = listRoutes(t.app)
      .filter((r) => r.public)
      .map((r) => `${r.method} ${r.url}`);
    expect(open.filter((r) => !/^(GET|HEAD) \/docs(\/|$)/.test(r)).sort()).toEqual(['GET /healthz', 'HEAD /healthz']);
    expect(open).toEqual(expect.arrayContaining(['GET /docs/', 'GET /docs/json']));
  });

  it('serves the API docs (Swagger UI and the OpenAPI JSON) without a token', async () => {
    const ui = await rawRequest(t.url, 'GET', '/docs/');
    expect(ui.status).toBe(200);
    expect(ui.headers['content-type']).toMatch(/^text\/html/);
    const redirect = await rawRequest(t.url, 'GET', '/docs');
    expect([200, 302]).toContain(redirect.status);
    const json = await rawRequest(t.url, 'GET', '/docs/json');
    expect(json.status).toBe(200);
    expect(JSON.parse(json.body).paths['/dicomweb/studies/{study}']).toBeDefined();
  });

  it.each([
    ['no Authorization header', undefined, 'Bearer realm="triage"'],
    ['a wrong token', 'Bearer wrong-token-0123456789', 'Bearer realm="triage", error="invalid_token"'],
    ['another scheme', 'Basic dXNlcjpwYXNz', 'Bearer realm="triage", error="invalid_token"'],
    ['an empty bearer', 'Bearer ', 'Bearer realm="triage", error="invalid_token"'],
  ])('refuses every other route with %s: 401 problem+json with a challenge', async (_name, authorization, challenge) => {
    // SigV4 routes (the HealthImaging API) refuse as AWS does: healthimaging-api/sigv4-refusals.spec.ts.
    const routes = listRoutes(t.app).filter((r) => !r.public && !r.sigv4);
    expect(routes.length).toBeGreaterThan(6);
    const { body, contentType } = multipartRelated([Buffer.from('x')]);
    for (const route of [...routes, { method: 'GET', url: '/no/such/route' }]) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const send = route.method === 'POST' ? body : undefined;
      if (send) headers['content-type'] = contentType;
      const answer = await rawRequest(t.url, route.method, concretePath(route.url), headers, send);
      expect({ route: `${route.method} ${route.url}`, status: answer.status }).toEqual({
        route: `${route.method} ${route.url}`,
        status: 401,
      });
      expect(answer.headers['www-authenticate']).toBe(challenge);
      if (route.method !== 'HEAD') {
        expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(answer.body)).toMatchObject({ type: 'about:blank', title: 'Unauthorized', status: 401 });
      }
    }
  });

  it('lets the right token through', async () => {
    const answer = await rawRequest(t.url, 'GET', '/metrics', { authorization: `Bearer ${t.token}` });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('triage_http_request_duration_seconds');
  });
});
