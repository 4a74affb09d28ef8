import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rawRequest } from '../test-support/raw-request';
import { startTestApp, type TestApp } from '../test-support/test-app';

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A viewer build as esbuild writes it: the page, hashed chunks and worker, the codecs' wasm under their own names. */
const FILES: Record<string, string> = {
  'index.html': '<!doctype html><title>triage</title><script type="module" src="/assets/main-ABCD2345.js"></script>',
  'assets/main-ABCD2345.js': 'export {};',
  'assets/chunk-QWER7654.js': 'export {};',
  'assets/decodeImageFrameWorker-ZXCV2345.js': 'self.onmessage = () => {};',
  'assets/main-ABCD2345.css': 'body{margin:0}',
  'assets/openjphjs.wasm': '\0asm\x01\0\0\0',
};

/** Path → status, media type, Cache-Control. */
const CASES: [string, number, RegExp | undefined, string | undefined][] = [
  ['/', 200, /^text\/html/, 'no-store'],
  ['/index.html', 200, /^text\/html/, 'no-store'],
  ['/assets/main-ABCD2345.js', 200, /^(application|text)\/javascript/, IMMUTABLE],
  ['/assets/chunk-QWER7654.js', 200, /^(application|text)\/javascript/, IMMUTABLE],
  ['/assets/decodeImageFrameWorker-ZXCV2345.js', 200, /^(application|text)\/javascript/, IMMUTABLE],
  ['/assets/main-ABCD2345.css', 200, /^text\/css/, IMMUTABLE],
  ['/assets/openjphjs.wasm', 200, /^application\/wasm$/, 'no-cache'],
  // No wildcard: a path that is not a file of the build is the API's, and needs a token.
  ['/assets/missing-ABCD2345.js', 401, undefined, undefined],
  ['/assets/../../etc/passwd', 401, undefined, undefined],
];

describe('serving the viewer', () => {
  let t: TestApp;
  let viewerDir: string;
  beforeAll(async () => {
    viewerDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-viewer-dist-'));
    for (const [name, text] of Object.entries(FILES)) {
      fs.mkdirSync(path.dirname(path.join(viewerDir, name)), { recursive: true });
      fs.writeFileSync(path.join(viewerDir, name), text, 'latin1');
    }
    t = await startTestApp({ viewerDir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(viewerDir, { recursive: true, force: true });
  });

  it.each(CASES)('GET %s without credentials: %s', async (route, status, type, cacheControl) => {
    const answer = await rawRequest(t.url, 'GET', route);
    expect(answer.status).toBe(status);
    if (type) expect(answer.headers['content-type']).toMatch(type);
    if (cacheControl) expect(answer.headers['cache-control']).toBe(cacheControl);
    if (status === 200)
      expect(answer.body).toBe(Buffer.from(FILES[route === '/' ? 'index.html' : route.slice(1)], 'latin1').toString('utf8'));
  });

  it('answers a revalidation of an unhashed file with 304', async () => {
    const first = await rawRequest(t.url, 'GET', '/assets/openjphjs.wasm');
    const again = await rawRequest(t.url, 'GET', '/assets/openjphjs.wasm', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });
});
