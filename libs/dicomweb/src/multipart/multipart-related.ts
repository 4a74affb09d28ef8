import { closingDelimiter, newBoundary, PART_END, partHead } from './write-multipart';

/** One part of a multipart/related body: its bytes and media type (default: the body's type). */
export interface RelatedPart {
  bytes: Uint8Array;
  contentType?: string;
}

/**
 * A buffered `multipart/related` body (RFC 2387, PS3.18 8.6.1.2) of `type` parts, as a STOW-RS
 * client sends it, with its Content-Type. Small uploads only: large ones should stream their files.
 */
export function multipartRelated(
  parts: (Uint8Array | RelatedPart)[],
  type = 'application/dicom',
  boundary = newBoundary(12),
): { body: Buffer; contentType: string } {
  const pieces: Buffer[] = [];
  for (const part of parts) {
    const { bytes, contentType = type } = part instanceof Uint8Array ? { bytes: part } : part;
    pieces.push(partHead(boundary, contentType), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), PART_END);
  }
  pieces.push(closingDelimiter(boundary));
  return { body: Buffer.concat(pieces), contentType: `multipart/related; type="${type}"; boundary=${boundary}` };
}
