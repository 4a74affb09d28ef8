import { PassThrough } from 'node:stream';
import type { Readable } from 'node:stream';
import { BodyIdleTimeoutError, idleLimitedBody } from './idle-limited-body';

const IDLE = 1000;

/** Lets the stream machinery (next ticks, immediates) run; only setTimeout is faked. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('idleLimitedBody', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  const errorOf = (body: Readable) => {
    const seen: { error?: Error } = {};
    body.on('error', (error) => (seen.error = error));
    return seen;
  };

  it('cuts a body whose client stays silent while the reader waits, with a 408 error', async () => {
    const source = new PassThrough();
    const body = idleLimitedBody(source, IDLE);
    const seen = errorOf(body);
    body.resume(); // the reader waits for bytes
    await settle();
    jest.advanceTimersByTime(IDLE - 1);
    await settle();
    expect(seen.error).toBeUndefined();
    jest.advanceTimersByTime(1);
    await settle();
    expect(seen.error).toBeInstanceOf(BodyIdleTimeoutError);
    expect(seen.error).toMatchObject({ statusCode: 408, idleMs: IDLE });
    expect(source.destroyed).toBe(false); // the connection stays up for the answer
  });

  it('does not count the time the reader is busy, nor the total time of a body that keeps moving', async () => {
    const source = new PassThrough();
    const body = idleLimitedBody(source, IDLE);
    const seen = errorOf(body);
    // Nobody reads: more than the buffer holds arrives, and the reader stays busy ten timeouts long.
    source.write(Buffer.alloc(256 * 1024));
    await settle();
    jest.advanceTimersByTime(10 * IDLE);
    await settle();
    expect(seen.error).toBeUndefined();
    // Now it reads, and the client sends a chunk just inside every timeout, five timeouts in all.
    let received = 0;
    body.on('data', (chunk: Buffer) => (received += chunk.length));
    for (let n = 0; n < 5; n++) {
      await settle();
      jest.advanceTimersByTime(IDLE - 1);
      source.write(Buffer.alloc(10));
    }
    source.end();
    await new Promise((resolve) => body.once('end', resolve));
    expect(seen.error).toBeUndefined();
    expect(received).toBe(256 * 1024 + 50);
  });

  it('fails the body when the client closes the connection mid-body', async () => {
    const source = new PassThrough();
    const body = idleLimitedBody(source, IDLE);
    const seen = errorOf(body);
    body.resume();
    source.write('--b');
    source.destroy();
    await settle();
    expect(seen.error).toMatchObject({ statusCode: 400, message: 'the client closed the connection mid-body' });
  });

  it('is the source itself when the timeout is off', () => {
    const source = new PassThrough();
    expect(idleLimitedBody(source, 0)).toBe(source);
  });
});
