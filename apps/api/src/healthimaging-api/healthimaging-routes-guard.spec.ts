import { listRoutes } from '../app/build-app';
import { concretePath } from '../test-support/concrete-path';
import { rawRequest } from '../test-support/raw-request';
import { signedHeaders } from '../test-support/sign-request';
import { startTestApp, type TestApp } from '../test-support/test-app';
import { recordingStore } from '../test-support/test-app';

/** Path values that must never reach the store, as they appear in the URL. */
const ATTACKS = [
  '..',
  '.',
  '%2e%2e',
  '..%2f..%2fetc%2fpasswd',
  '%2fetc%2fpasswd',
  '%00',
  '0123456789abcdef0123456789abcdef%00',
  '0123456789ABCDEF0123456789ABCDEF',
  '0123456789abcdef0123456789abcdef0',
  '9'.repeat(300),
  '~',
  'C:%5cWindows',
];

describe('every HealthImaging API route', () => {
  let env: TestApp;
  const calls: { method: string; args: unknown[] }[] = [];
  beforeAll(async () => {
    env = await startTestApp({ wrapStore: (store) => recordingStore(store, calls) });
  });
  afterAll(() => env.close());
  beforeEach(() => (calls.length = 0));

  const routes = () => listRoutes(env.app).filter((r) => r.sigv4);
  const body = (method: string) => (method === 'POST' ? Buffer.from('{}') : undefined);

  it('is SigV4-authenticated: none, a bearer token or a wrong secret is refused as AWS refuses it, before the store is asked', async () => {
    expect(routes().filter((r) => r.method !== 'HEAD')).toHaveLength(14);
    const wrongKey = { accessKeyId: env.accessKey.accessKeyId, secretAccessKey: 'not-the-secret-0123456789' };
    for (const route of routes()) {
      const path = concretePath(route.url);
      const where = `${route.method} ${route.url}`;
      const attempts: [Record<string, string>, number, string][] = [
        [{}, 403, 'MissingAuthenticationTokenException'],
        [{ authorization: `Bearer ${env.token}` }, 400, 'IncompleteSignatureException'],
        [await signedHeaders(env.url, route.method, path, wrongKey, body(route.method)), 403, 'InvalidSignatureException'],
      ];
      for (const [headers, status, name] of attempts) {
        const answer = await rawRequest(env.url, route.method, path, headers, body(route.method));
        expect({ where, status: answer.status, name: answer.headers['x-amzn-errortype'] }).toEqual({ where, status, name });
      }
    }
    expect(calls).toEqual([]);
  });

  it('refuses every traversal attempt in every path id with a correct signature, before the store is asked', async () => {
    let tried = 0;
    for (const route of routes()) {
      for (const param of route.url.match(/:[A-Za-z]+/g) ?? []) {
        const [before, after] = route.url.split(param);
        for (const attack of ATTACKS) {
          const rawPath = concretePath(before) + attack + concretePath(after);
          const headers = await signedHeaders(env.url, route.method, rawPath, env.accessKey, body(route.method));
          const answer = await rawRequest(env.url, route.method, rawPath, headers, body(route.method));
          const where = `${route.method} ${rawPath}`;
          // 400 ValidationException from the route; 400/401/404 problem+json when the router matches no route at all (an overlong id).
          expect({ where, refused: [400, 401, 404].includes(answer.status) }).toEqual({ where, refused: true });
          const name = answer.headers['x-amzn-errortype'];
          if (name !== undefined) expect({ where, name }).toEqual({ where, name: 'ValidationException' });
          else if (route.method !== 'HEAD')
            expect({ where, type: answer.headers['content-type'] }).toEqual({
              where,
              type: expect.stringMatching(/^application\/problem\+json/),
            });
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThan(ATTACKS.length * 14);
    expect(calls).toEqual([]);
  });
});
