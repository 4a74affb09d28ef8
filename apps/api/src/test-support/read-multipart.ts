import { parseMultipartRelated, splitMultipart } from '@triage/dicomweb';

/** One part of a multipart response: its headers (lower-cased names) and body. */
export interface ResponsePart {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a multipart body by the boundary named in its Content-Type (the lib's reader), for test assertions. */
export function parseMultipart(contentType: string, body: Buffer): ResponsePart[] {
  // Responses are multipart/related; a test may hand another multipart subtype, so only the boundary is taken.
  const related = contentType.replace(/^multipart\/[^;]*/i, 'multipart/related');
  return splitMultipart(body, parseMultipartRelated(related).boundary).map(({ headers, body }) => ({ headers, body }));
}
