import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';

/** One body part to write: its Content-Type and its bytes, given whole or as a stream of chunks. */
export interface OutgoingPart {
  contentType: string;
  contentLocation?: string;
  body: Uint8Array | AsyncIterable<Uint8Array>;
}

/** A fresh multipart boundary (RFC 2046 5.1.1: up to 70 characters, never in a part by chance). */
export function newBoundary(randomByteCount = 16): string {
  return `triage-${randomBytes(randomByteCount).toString('hex')}`;
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
export function multipartStream(
  boundary: string,
  parts: AsyncIterable<OutgoingPart> | Iterable<OutgoingPart>,
  onBytes: (n: number) => void = () => undefined,
): Readable {
  return Readable.from(writeMultipart(boundary, parts, onBytes), { objectMode: false });
}

/** The bytes of a multipart body as an async iterable of chunks, pulling `parts` only as it is read. */
export async function* writeMultipart(
  boundary: string,
  parts: AsyncIterable<OutgoingPart> | Iterable<OutgoingPart>,
  onBytes: (n: number) => void = () => undefined,
): AsyncGenerator<Buffer> {
  for await (const part of parts) {
    yield partHead(boundary, part.contentType, part.contentLocation);
    if (part.body instanceof Uint8Array) {
      onBytes(part.body.length);
      yield Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength);
    } else {
      for await (const chunk of part.body) {
        onBytes(chunk.length);
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      }
    }
    yield PART_END;
  }
  yield closingDelimiter(boundary);
}

/** What ends every part's content: the CRLF that belongs to the next delimiter (RFC 2046 5.1.1). */
export const PART_END = Buffer.from('\r\n', 'latin1');

/** The delimiter line and header block that open a part. */
export function partHead(boundary: string, contentType: string, contentLocation?: string): Buffer {
  const location = contentLocation ? `Content-Location: ${contentLocation}\r\n` : '';
  return Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\n${location}\r\n`, 'latin1');
}

/** The closing delimiter that ends the body. */
export function closingDelimiter(boundary: string): Buffer {
  return Buffer.from(`--${boundary}--\r\n`, 'latin1');
}
