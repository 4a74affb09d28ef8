import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rawRequest } from '../test-support/raw-request';
import { startTestApp, type TestApp } from '../test-support/test-app';

/** The policy docs/CLINICIAN_API.md gives the viewer's pages, as written there. */
const CONTRACT_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' data: blob:; " +
  "style-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A CSP header as directive → sources, so the comparison ignores helmet's separators. */
function directives(header: string | string[] | undefined): Record<string, string> {
  return Object.fromEntries(
    String(header)
      .split(';')
      .map((d) => d.trim())
      .filter((d) => d !== '')
      .map((d) => [d.split(/\s+/)[0], d.split(/\s+/).slice(1).join(' ')]),
  );
}

describe('browser security headers', () => {
  let t: TestApp;
  let viewerDir: string;
  beforeAll(async () => {
    viewerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-viewer-'));
    fs.writeFileSync(
      path.join(viewerDir, 'index.html'),
      '<!doctype html><title>triage</title><script type="module" src="main-ABCD2345.js"></script>',
    );
    fs.writeFileSync(path.join(viewerDir, 'main-ABCD2345.js'), 'console.log(1)');
    t = await startTestApp({ viewerDir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(viewerDir, { recursive: true, force: true });
  });

  const common = {
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cross-origin-resource-policy': 'same-origin',
  };

  it.each([
    ['the viewer page /', '/', {}, 200],
    ['a viewer asset', '/main-ABCD2345.js', {}, 200],
    ['a DICOMweb answer', '/dicomweb/studies', 'token', 200],
    ['a refusal', '/dicomweb/studies', {}, 401],
    ['an unknown path', '/no/such/path', 'token', 404],
  ])('%s carries the contract CSP and the other headers', async (_name, route, auth, status) => {
    const headers: Record<string, string> = auth === 'token' ? { authorization: `Bearer ${t.token}` } : {};
    const answer = await rawRequest(t.url, 'GET', route, headers);
    expect(answer.status).toBe(status);
    expect(directives(answer.headers['content-security-policy'])).toEqual(directives(CONTRACT_CSP));
    expect(answer.headers).toMatchObject(common);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });

  it("gives /docs Swagger UI's own policy: inline styles and data: images and fonts, nothing else more", async () => {
    for (const route of ['/docs/', '/docs/static/swagger-initializer.js', '/docs/json']) {
      const answer = await rawRequest(t.url, 'GET', route);
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
      expect(directives(answer.headers['content-security-policy'])).toEqual({
        ...directives(CONTRACT_CSP),
        'style-src': "'self' 'unsafe-inline'",
        'img-src': "'self' data:",
        'font-src': "'self' data:",
      });
      expect(answer.headers).toMatchObject(common);
    }
  });

  it('answers no CORS without TRIAGE_CORS_ORIGINS, whatever the Origin', async () => {
    const answer = await rawRequest(t.url, 'GET', '/dicomweb/studies', {
      authorization: `Bearer ${t.token}`,
      origin: 'https://evil.example',
    });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const preflight = await rawRequest(t.url, 'OPTIONS', '/dicomweb/studies', {
      origin: 'https://evil.example',
      'access-control-request-method': 'GET',
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CORS for the configured origins', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ corsOrigins: ['https://pacs.example.org', 'http://127.0.0.1:9000'] });
  });
  afterAll(() => t.close());

  it.each([
    ['https://pacs.example.org', 'https://pacs.example.org'],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000'],
    ['https://evil.example', undefined],
    ['https://pacs.example.org.evil.example', undefined],
    ['http://pacs.example.org', undefined],
  ])('Origin %s: Access-Control-Allow-Origin %s, on answers and preflights', async (origin, allowed) => {
    const answer = await rawRequest(t.url, 'GET', '/dicomweb/studies', { authorization: `Bearer ${t.token}`, origin });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe(allowed);
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
    const preflight = await rawRequest(t.url, 'OPTIONS', '/dicomweb/studies/1.2.3/series', {
      origin,
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe(allowed);
    if (allowed) expect(preflight.headers['access-control-allow-headers']).toContain('authorization');
  });
});
