import { resolutionEnds } from '@triage/codec';
import { singlePartContentType, type SinglePartFrame } from '@triage/dicomweb';
import { byteRangeAsk } from './byte-range';

/** The header naming where each resolution of the codestream ends (lowest first; the last is its length). */
export const RESOLUTION_ENDS_HEADER = 'x-triage-resolution-ends';

/** A single-part frame answer, ready to send: status, headers and body, or a 416 to answer as problem+json. */
export type SinglePartAnswer =
  | { status: 200 | 206; headers: Record<string, string>; body: Uint8Array }
  | { status: 416; headers: Record<string, string>; detail: string };

/**
 * The answer to a single-part frame request: the stored codestream whole (200) or the one byte range
 * asked (206, Content-Range), with Accept-Ranges and the resolution ends so a client can ask for the
 * prefix that decodes at a level; a range past the end or malformed is 416.
 */
export function singlePartAnswer(frame: SinglePartFrame, codestream: Uint8Array, range: string | undefined): SinglePartAnswer {
  const size = codestream.length;
  const ask = byteRangeAsk(range, size);
  const headers: Record<string, string> = { 'accept-ranges': 'bytes' };
  if (ask.kind === 'unsatisfiable') return { status: 416, headers: { ...headers, 'content-range': `bytes */${size}` }, detail: ask.detail };
  headers['content-type'] = singlePartContentType(frame);
  const ends = listedEnds(codestream);
  if (ends) headers[RESOLUTION_ENDS_HEADER] = ends.join(',');
  if (ask.kind === 'whole') return { status: 200, headers, body: codestream };
  headers['content-range'] = `bytes ${ask.start}-${ask.end}/${size}`;
  return { status: 206, headers, body: codestream.subarray(ask.start, ask.end + 1) };
}

/** The resolution ends, or undefined for a codestream whose header cannot be walked (it is still sent whole). */
function listedEnds(codestream: Uint8Array): number[] | undefined {
  try {
    return resolutionEnds(codestream);
  } catch {
    return undefined;
  }
}
