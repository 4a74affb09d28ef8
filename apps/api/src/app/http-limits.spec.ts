import * as net from 'node:net';
import { rawRequest } from '../test-support/raw-request';
import { storeSnapshot } from '../test-support/read-store-snapshot';
import { startTestApp } from '../test-support/test-app';
import type { TestApp } from '../test-support/test-app';

/** What a server wrote on a raw connection until it closed it: status, headers, body. */
interface RawExchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Writes `request` (exactly these bytes) on a fresh connection and resolves with what comes back once the server closes it. */
function exchange(baseUrl: string, request: string): Promise<RawExchange> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) }, () => socket.write(request));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', reject);
    // 'close', not a timer: the test waits for the server to hang up.
    socket.on('close', () => {
      const [head, ...rest] = text.split('\r\n\r\n');
      const [statusLine, ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

const expectProblem = (answer: RawExchange, status: number, title: string) => {
  expect(answer.status).toBe(status);
  expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(answer.headers['connection']).toBe('close');
  const problem = JSON.parse(answer.body) as Record<string, unknown>;
  expect(problem).toMatchObject({ type: 'about:blank', status, title });
  expect(typeof problem['detail']).toBe('string');
  return problem;
};

describe('HTTP timeouts and limits (real HTTP on loopback)', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Short, so the test waits little; nothing below compares durations.
    t = await startTestApp({ http: { bodyIdleTimeoutMs: 300, headersTimeoutMs: 300 } });
  });
  afterAll(() => t.close());

  const stowHead = (length: string) =>
    'POST /dicomweb/studies HTTP/1.1\r\nHost: localhost\r\n' +
    `Authorization: Bearer ${t.token}\r\n` +
    'Content-Type: multipart/related; type="application/dicom"; boundary=b\r\n' +
    `Content-Length: ${length}\r\n\r\n`;

  it('cuts a stalled STOW-RS upload with 408 problem+json and closes it, stores nothing, and serves another client meanwhile', async () => {
    const before = await storeSnapshot(t);
    const received = new Promise<void>((resolve) => t.app.server.once('request', () => resolve()));
    // 200 MB announced, 3 bytes sent, then silence.
    const stalled = exchange(t.url, stowHead('200000000') + '--b');
    await received;
    const health = await rawRequest(t.url, 'GET', '/healthz');
    expect(health.status).toBe(200);

    const answer = await stalled;
    expect(expectProblem(answer, 408, 'Request Timeout')['detail']).toContain('no request body bytes arrived for 300 ms');
    expect(await storeSnapshot(t)).toBe(before);
    // Still serving after the cut.
    expect((await rawRequest(t.url, 'GET', '/healthz')).status).toBe(200);
  });

  it('answers headers that never end with 408 problem+json and closes the connection', async () => {
    const answer = await exchange(t.url, 'GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    expectProblem(answer, 408, 'Request Timeout');
  });

  it.each(['1e30', '-1', '99999999999999999999999', '12 34', '0x10'])(
    'answers Content-Length: %s with 400 problem+json and closes the connection',
    async (length) => {
      const answer = await exchange(t.url, stowHead(length));
      expect(expectProblem(answer, 400, 'Bad Request')['detail']).toContain('Content-Length');
    },
  );

  it('answers a parsable Content-Length beyond the body limit with 413 problem+json', async () => {
    const stow = await rawRequest(t.url, 'POST', '/dicomweb/studies', {
      authorization: `Bearer ${t.token}`,
      'content-type': 'multipart/related; type="application/dicom"; boundary=b',
      'content-length': '18446744073709551615',
      connection: 'close',
    });
    expect(stow.status).toBe(413);
    expect(stow.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(stow.body)).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it.each([
    ['over the body limit (413)', 'multipart/related; type="application/dicom"; boundary=b', String(5 * 1024 ** 3), 413],
    ['of a type STOW-RS does not take (415)', 'multipart/related; type="application/pdf"; boundary=b', String(2 * 1024 ** 2), 415],
  ])(
    'answers an upload refused before its body is read, %s, and closes the connection rather than leave it to the unread body',
    async (_name, type, length, status) => {
      const head = stowHead(length).replace(/Content-Type: [^\r]*/, `Content-Type: ${type}`);
      // 2 MiB of body and another request after it: the server must wait on neither.
      const answer = await exchange(t.url, head + ' '.repeat(2 * 1024 ** 2) + 'GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n');
      expect(answer.status).toBe(status);
      expect(answer.headers['connection']).toBe('close');
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    },
  );

  it('sets the configured keep-alive, headers timeout and connection cap on the server', () => {
    expect(t.app.server.headersTimeout).toBe(300);
    expect(t.app.server.keepAliveTimeout).toBe(5000);
    expect(t.app.server.requestTimeout).toBe(0);
    expect(t.app.server.maxConnections).toBe(1024);
  });
});
