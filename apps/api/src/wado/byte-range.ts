/** What a Range header (RFC 9110 14.2) asks of a representation of `size` bytes, as this server answers it. */
export type ByteRangeAsk =
  /** No Range, another unit, or several ranges: the whole representation, 200 (a server may ignore Range). */
  | { kind: 'whole' }
  /** One satisfiable range: 206 with bytes `start`..`end`, both inclusive. */
  | { kind: 'partial'; start: number; end: number }
  /** A bytes range that is malformed or lies past the end: 416 with the reason. */
  | { kind: 'unsatisfiable'; detail: string };

const SPEC = /^(\d{0,15})-(\d{0,15})$/;

/**
 * Reads a single `bytes=a-b`, `bytes=a-` or `bytes=-n` range against a representation of `size` bytes.
 * Several ranges are answered whole (200) rather than as multipart/byteranges: a frame is small, and a
 * viewer asks for one prefix or the rest of one.
 */
export function byteRangeAsk(header: string | undefined, size: number): ByteRangeAsk {
  if (header === undefined || header.trim() === '') return { kind: 'whole' };
  const eq = header.indexOf('=');
  if (eq < 0 || header.slice(0, eq).trim().toLowerCase() !== 'bytes') return { kind: 'whole' };
  const set = header.slice(eq + 1);
  if (set.includes(',')) return { kind: 'whole' };
  const match = SPEC.exec(set.trim());
  if (!match || (match[1] === '' && match[2] === '')) {
    return { kind: 'unsatisfiable', detail: `Range ${clip(header)} is not bytes=FIRST-LAST, bytes=FIRST- or bytes=-SUFFIX` };
  }
  const [first, last] = [match[1], match[2]];
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable', detail: `Range ${clip(header)} asks for no bytes of ${size}` };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) {
    return { kind: 'unsatisfiable', detail: `Range ${clip(header)} ends before it starts` };
  }
  if (start >= size)
    return { kind: 'unsatisfiable', detail: `Range ${clip(header)} starts at or past the end: the frame has ${size} bytes` };
  return { kind: 'partial', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}

function clip(header: string): string {
  return header.length > 64 ? `${header.slice(0, 64)}…` : header;
}
