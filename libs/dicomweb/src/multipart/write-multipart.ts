import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** One body part: its Content-Type and its bytes, given whole or as a stream of chunks. */
export interface Part {
  contentType: string;
  contentLocation?: string;
  body: Uint8Array | AsyncIterable<Uint8Array>;
}

/** A fresh multipart boundary (RFC 2046 5.1.1: up to 70 characters, never in a part by chance). */
export function newBoundary(): string {
  return `triage-${randomBytes(16).toString('hex')}`;
}

/** The Content-Type of a multipart/related response (RFC 2387). */
export function multipartRelatedType(boundary: string, type: string, transferSyntaxUid?: string): string {
  const ts = transferSyntaxUid && transferSyntaxUid !== '*' ? `; transfer-syntax=${transferSyntaxUid}` : '';
  return `multipart/related; type="${type}"${ts}; boundary=${boundary}`;
}

/**
 * A multipart/related body produced part by part as the client reads it: `parts` is pulled
 * lazily, so a study goes out one instance (or frame) at a time, never whole in memory.
 * `onBytes` counts what was sent.
 */
export function multipartStream(boundary: string, parts: AsyncIterable<Part>, onBytes: (n: number) => void = () => undefined): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    for await (const part of parts) {
      const location = part.contentLocation ? `Content-Location: ${part.contentLocation}\r\n` : '';
      yield Buffer.from(`--${boundary}\r\nContent-Type: ${part.contentType}\r\n${location}\r\n`, 'latin1');
      if (part.body instanceof Uint8Array) {
        onBytes(part.body.length);
        yield Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength);
      } else {
        for await (const chunk of part.body) {
          onBytes(chunk.length);
          yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        }
      }
      yield Buffer.from('\r\n', 'latin1');
    }
    yield Buffer.from(`--${boundary}--\r\n`, 'latin1');
  }
  return Readable.from(generate(), { objectMode: false });
}
