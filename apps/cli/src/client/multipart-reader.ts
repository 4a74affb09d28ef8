import { CliError } from '../support/cli-error';

/** One part of a multipart response: its headers (lower-case names) and its exact body bytes. */
export interface Part {
  headers: Record<string, string>;
  body: Buffer;
}

/** The parameters of a media type (`boundary`, `type`, `transfer-syntax`), names lower-cased, quotes removed. */
export function mediaTypeParameters(contentType: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /;\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  for (let m = re.exec(contentType); m; m = re.exec(contentType)) {
    const raw = m[2].trim();
    params[m[1].toLowerCase()] = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  }
  return params;
}

/**
 * Splits a multipart body (RFC 2046) into its parts. Part bodies are the bytes between the
 * header block and the CRLF before the next delimiter, untouched: frames are binary.
 */
export function readMultipart(body: Buffer, contentType: string | undefined): Part[] {
  if (!contentType || !/^multipart\//i.test(contentType))
    throw new CliError(`expected a multipart response, got ${contentType ?? 'no Content-Type'}`);
  const boundary = mediaTypeParameters(contentType)['boundary'];
  if (!boundary) throw new CliError(`the multipart response has no boundary (${contentType})`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new CliError('the multipart response has no parts');
  for (;;) {
    let cursor = at + delimiter.length;
    if (body[cursor] === 0x2d && body[cursor + 1] === 0x2d) return parts; // closing delimiter
    cursor = skipLine(body, cursor);
    const headerEnd = body.indexOf('\r\n\r\n', cursor - 2);
    if (headerEnd < 0) throw new CliError('a part of the multipart response has no header end');
    const headers = parseHeaders(body.subarray(cursor, headerEnd).toString('latin1'));
    const start = headerEnd + 4;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), start);
    if (next < 0) throw new CliError('the multipart response is truncated (no closing boundary)');
    parts.push({ headers, body: body.subarray(start, next) });
    at = next + 2;
  }
}

function skipLine(body: Buffer, from: number): number {
  const eol = body.indexOf('\r\n', from);
  if (eol < 0) throw new CliError('the multipart response is truncated');
  return eol + 2;
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}
