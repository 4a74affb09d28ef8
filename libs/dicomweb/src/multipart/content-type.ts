import { MultipartError } from './multipart-error';

/** What a `multipart/related` Content-Type says: its boundary and the media type of its parts. */
export interface MultipartRelated {
  boundary: string;
  /** The `type` parameter (RFC 2387), lower case; undefined when absent. */
  type?: string;
}

/**
 * Parses `multipart/related; type="application/dicom"; boundary=...` (RFC 2387, RFC 2046 5.1.1).
 * Refuses another media type with 415 and a missing or malformed boundary with 400.
 */
export function parseMultipartRelated(header: string | undefined): MultipartRelated {
  if (!header) throw new MultipartError('Content-Type is missing: expected multipart/related; type="application/dicom"', 415);
  const [mediaType, ...rest] = splitParameters(header);
  if (mediaType.toLowerCase() !== 'multipart/related') {
    throw new MultipartError(`Content-Type ${mediaType} is not supported: expected multipart/related; type="application/dicom"`, 415);
  }
  const params = new Map<string, string>();
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 1) continue;
    params.set(param.slice(0, eq).trim().toLowerCase(), unquote(param.slice(eq + 1).trim()));
  }
  const boundary = params.get('boundary');
  // RFC 2046: 1 to 70 characters from bchars, not ending in a space.
  if (!boundary || !/^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/.test(boundary)) {
    throw new MultipartError(
      boundary
        ? `the multipart boundary "${boundary}" is not valid (RFC 2046: 1 to 70 characters)`
        : 'the multipart/related Content-Type has no boundary parameter',
      400,
    );
  }
  return { boundary, type: params.get('type')?.toLowerCase() };
}

/** The bare media type of a Content-Type value, lower case. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  return header ? splitParameters(header)[0].toLowerCase() : undefined;
}

function splitParameters(header: string): string[] {
  // Split on semicolons outside quoted strings.
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '"' && header[i - 1] !== '\\') quoted = !quoted;
    if (c === ';' && !quoted) {
      out.push(current.trim());
      current = '';
    } else {
      current += c;
    }
  }
  out.push(current.trim());
  return out;
}

function unquote(value: string): string {
  return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
