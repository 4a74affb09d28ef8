/** One part of a multipart response: its headers (lower-cased names) and body. */
export interface ResponsePart {
  headers: Record<string, string>;
  body: Buffer;
}

/** Splits a multipart body by the boundary named in its Content-Type (RFC 2046), for test assertions. */
export function parseMultipart(contentType: string, body: Buffer): ResponsePart[] {
  const match = /boundary="?([^";]+)"?/i.exec(contentType);
  if (!match) throw new Error(`no boundary in ${contentType}`);
  const delimiter = Buffer.from(`--${match[1]}`);
  const parts: ResponsePart[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw new Error('unterminated part');
    const part = body.subarray(start + 2, next);
    const split = part.indexOf('\r\n\r\n');
    const headers: Record<string, string> = {};
    for (const line of part.subarray(0, split).toString('latin1').split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    parts.push({ headers, body: Buffer.from(part.subarray(split + 4)) });
    at = next + 2;
  }
  return parts;
}
