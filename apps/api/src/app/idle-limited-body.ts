import { Readable } from 'node:stream';

/** A request body whose client went silent for longer than the body idle timeout: answered 408, the connection closed. */
export class BodyIdleTimeoutError extends Error {
  override readonly name = 'BodyIdleTimeoutError';
  readonly statusCode = 408;
  readonly code = 'TRIAGE_BODY_IDLE_TIMEOUT';
  constructor(readonly idleMs: number) {
    super(`no request body bytes arrived for ${idleMs} ms while the server was waiting for them; the upload was cut`);
  }
}

/**
 * The body of `source`, cut with {@link BodyIdleTimeoutError} when the client sends nothing for
 * `idleMs` while the reader is waiting for bytes. Time the reader spends busy (a full buffer while
 * it stores a part) does not count, so a slow server never times out a client; neither does the
 * total time, so a large upload that keeps moving is never cut. `source` is left open (what
 * still arrives is discarded): the connection must stay up for the 408 to be written.
 */
export function idleLimitedBody(source: Readable, idleMs: number): Readable {
  if (idleMs <= 0) return source;
  let timer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  const wait = (): void => {
    timer ??= setTimeout(() => body.destroy(new BodyIdleTimeoutError(idleMs)), idleMs);
  };
  const onData = (chunk: Buffer): void => {
    stop();
    if (body.push(chunk)) wait();
    else source.pause(); // the reader is busy: its own pace, not the client's silence
  };
  const onEnd = (): void => {
    stop();
    body.push(null);
  };
  const onError = (error: Error): void => void body.destroy(error);
  // A client that disconnects mid-body: the reader must not wait for bytes that will never come.
  const onClose = (): void => {
    if (!source.readableEnded) body.destroy(Object.assign(new Error('the client closed the connection mid-body'), { statusCode: 400 }));
  };
  const body = new Readable({
    highWaterMark: 64 * 1024,
    read() {
      wait();
      source.resume();
    },
    destroy(error, callback) {
      stop();
      source.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      // Discarded from here on, as node:http does with a body nobody reads; the connection is closed after the answer.
      source.resume();
      callback(error);
    },
  });
  source.on('data', onData).once('end', onEnd).once('error', onError).once('close', onClose);
  return body;
}
