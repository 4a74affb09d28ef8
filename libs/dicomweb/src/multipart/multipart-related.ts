import { randomBytes } from 'node:crypto';

/** One part of a multipart/related body: its bytes and media type (default: the body's type). */
export interface RelatedPart {
  bytes: Uint8Array;
  contentType?: string;
}

/**
 * A buffered `multipart/related` body (RFC 2387, PS3.18 8.6.1.2) of `type` parts, as a STOW-RS
 * client sends it, with its Content-Type. Small uploads only: large ones should stream their files.
 */
export function multipartRelated(parts: (Uint8Array | RelatedPart)[], type = 'application/dicom'): { body: Buffer; contentType: string } {
  const boundary = `triage-${randomBytes(12).toString('hex')}`;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const { bytes, contentType = type } = part instanceof Uint8Array ? { bytes: part } : part;
    pieces.push(
      Buffer.from(`--${boundary}\r\nContent-Type: ${contentType}\r\n\r\n`),
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      Buffer.from('\r\n'),
    );
  }
  pieces.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(pieces), contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}
