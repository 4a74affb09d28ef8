import { Writable } from 'node:stream';
import { createLogger } from '@triage/platform';
import { rawRequest } from '../test-support/raw-request';
import { startTestApp, type TestApp } from '../test-support/test-app';

describe('the access log (AccessLogController)', () => {
  let t: TestApp;
  const lines: string[] = [];
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    t = await startTestApp({ logger: createLogger({ level: 'info', destination }) });
  });
  afterAll(async () => t.close());

  it('writes one line per answered request: method, path without its query, status; never the token or the query', async () => {
    lines.length = 0;
    const requests: [string, Record<string, string>, number][] = [
      ['/healthz', {}, 200],
      ['/dicomweb/studies?PatientName=DOE%5EJOHN&PatientID=12345', { authorization: `Bearer ${t.token}` }, 200],
      ['/dicomweb/studies', {}, 401],
      ['/no/such/path', { authorization: `Bearer ${t.token}` }, 404],
    ];
    for (const [route, headers, status] of requests) expect((await rawRequest(t.url, 'GET', route, headers)).status).toBe(status);
    const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l['msg'] !== 'audit record');
    expect(logged.map((l) => ({ msg: l['msg'], req: l['req'], res: l['res'], timed: typeof l['responseTime'] === 'number' }))).toEqual(
      requests.map(([route, , status]) => ({
        msg: 'request completed',
        req: { method: 'GET', path: route.split('?')[0], remoteAddress: '127.0.0.1' },
        res: { statusCode: status },
        timed: true,
      })),
    );
    expect(lines.join('')).not.toMatch(new RegExp(`DOE|12345|${t.token}`));
  });
});
