import type { Readable } from 'node:stream';
import type { RelatedPart } from '../multipart/multipart-related';
import { multipartRelated } from '../multipart/multipart-related';
import type { FilePart } from '../multipart/write-file-parts';
import { filePartsBody } from '../multipart/write-file-parts';
import type { OutgoingPart } from '../multipart/write-multipart';
import { multipartStream, newBoundary } from '../multipart/write-multipart';

/**
 * What a STOW-RS request can carry: files on disk (streamed one at a time, with a Content-Length),
 * instances in memory (small uploads), or a stream of parts of unknown total length (sent chunked).
 */
export type StowInput = FilePart[] | (Uint8Array | RelatedPart)[] | AsyncIterable<OutgoingPart>;

/** A request body with its headers. */
export interface StowRequestBody {
  contentType: string;
  contentLength?: number;
  body: Buffer | Readable;
}

/** The multipart/related body of a STOW-RS request for any {@link StowInput}. */
export function stowRequestBody(input: StowInput): StowRequestBody {
  if (!Array.isArray(input)) {
    const boundary = newBoundary();
    return { contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`, body: multipartStream(boundary, input) };
  }
  if (input.length > 0 && input.every(isFilePart)) {
    const { contentType, contentLength, stream } = filePartsBody(input);
    return { contentType, contentLength, body: stream };
  }
  const { contentType, body } = multipartRelated(input as (Uint8Array | RelatedPart)[]);
  return { contentType, contentLength: body.length, body };
}

function isFilePart(part: unknown): part is FilePart {
  return !!part && typeof (part as FilePart).path === 'string' && typeof (part as FilePart).size === 'number';
}
