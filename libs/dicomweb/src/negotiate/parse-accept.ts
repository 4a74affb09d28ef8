/** One media range of an Accept header, parameters lower-cased by name, quotes removed. */
export interface MediaRange {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
}

const ANYTHING: readonly MediaRange[] = Object.freeze([Object.freeze({ type: '*', subtype: '*', params: Object.freeze({}), q: 1 })]);

/** Headers remembered parsed: a viewer sends the same Accept with each of thousands of frame requests. */
const REMEMBERED_HEADERS = 256;
const REMEMBERED_HEADER_LENGTH = 2048;
const remembered = new Map<string, readonly MediaRange[]>();

/**
 * Parses an Accept header (RFC 9110 12.5.1) into media ranges, best first (stable among equal q).
 * Quoted parameter values may hold commas and semicolons (`type="application/dicom"`).
 * An absent or empty header accepts anything. The ranges are frozen: the same header's are shared.
 */
export function parseAccept(header: string | undefined): readonly MediaRange[] {
  if (!header || !header.trim()) return ANYTHING;
  const known = remembered.get(header);
  if (known) return known;
  const ranges = Object.freeze(parseRanges(header).map((r) => Object.freeze({ ...r, params: Object.freeze(r.params) })));
  if (header.length <= REMEMBERED_HEADER_LENGTH) {
    // Oldest first out: the few headers in use stay.
    if (remembered.size >= REMEMBERED_HEADERS) remembered.delete(remembered.keys().next().value as string);
    remembered.set(header, ranges);
  }
  return ranges;
}

function parseRanges(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const item of splitOutsideQuotes(header, ',')) {
    const [mediaType, ...rawParams] = splitOutsideQuotes(item, ';');
    const [type, subtype] = mediaType.trim().toLowerCase().split('/');
    if (!type || !subtype) continue;
    const params: Record<string, string> = {};
    let q = 1;
    for (const raw of rawParams) {
      const eq = raw.indexOf('=');
      if (eq < 0) continue;
      const name = raw.slice(0, eq).trim().toLowerCase();
      const value = unquote(raw.slice(eq + 1).trim());
      if (name === 'q') q = Number.isFinite(Number(value)) ? Math.min(1, Math.max(0, Number(value))) : 0;
      else params[name] = value;
    }
    ranges.push({ type, subtype, params, q });
  }
  return ranges
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.q - a.r.q || a.i - b.i)
    .map(({ r }) => r);
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (c === '\\' && quoted) i++;
    else if (c === separator && !quoted) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter((s) => s.length > 0);
}

function unquote(value: string): string {
  return value.startsWith('"') && value.endsWith('"') && value.length >= 2 ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}
