import { MultipartError } from './multipart-error';

/** What a `multipart/related` Content-Type says: its boundary and the media type of its parts. */
export interface MultipartRelated {
  boundary: string;
  /** The `type` parameter (RFC 2387), lower case; undefined when absent. */
  type?: string;
}

/**
 * Parses `multipart/related; type="application/dicom"; boundary=...` (RFC 2387, RFC 2046 5.1.1).
 * Refuses another media type with 415 and a missing or unreadable boundary with 400. The boundary
 * is taken as the peer wrote it when it is unambiguous, not only within RFC 2046's 70 characters:
 * Orthanc 1.10's DICOMweb plugin, for one, sends longer ones.
 */
export function parseMultipartRelated(header: string | undefined): MultipartRelated {
  if (!header) throw new MultipartError('Content-Type is missing: expected multipart/related; type="application/dicom"', 415);
  const [mediaType] = splitParameters(header);
  if (mediaType.toLowerCase() !== 'multipart/related') {
    throw new MultipartError(`Content-Type ${mediaType} is not supported: expected multipart/related; type="application/dicom"`, 415);
  }
  const params = mediaTypeParameters(header);
  const boundary = params['boundary'];
  if (!boundary) throw new MultipartError('the multipart/related Content-Type has no boundary parameter', 400);
  if (!isReadableBoundary(boundary)) {
    throw new MultipartError(
      `the multipart boundary "${boundary.slice(0, 80)}" cannot be read: expected 1 to ${MAX_BOUNDARY_LENGTH} printable characters, not ending in a space`,
      400,
    );
  }
  return { boundary, type: params['type']?.toLowerCase() };
}

/** The longest boundary accepted: RFC 2046 says 70, real peers send more; a line this long is still unambiguous. */
export const MAX_BOUNDARY_LENGTH = 200;

/**
 * Whether a boundary can be found in a body without doubt: printable ASCII (a space inside is fine,
 * a trailing one would be taken for transport padding), at most {@link MAX_BOUNDARY_LENGTH} long.
 */
export function isReadableBoundary(boundary: string): boolean {
  return boundary.length <= MAX_BOUNDARY_LENGTH && /^[\x20-\x7e]*[\x21-\x7e]$/.test(boundary);
}

/** The parameters of a media type (`boundary`, `type`, `transfer-syntax`), names lower-cased, quotes removed. */
export function mediaTypeParameters(header: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const param of splitParameters(header).slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 1) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = unquote(param.slice(eq + 1).trim());
  }
  return params;
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
