import { isHtj2k } from './negotiate-retrieve';
import { parseAccept } from './parse-accept';

/** A single-part frame answer: the stored HTJ2K codestream as the body, under the media type the client named. */
export interface SinglePartFrame {
  /** `image/jphc` (PS3.18's HTJ2K codestream) or `image/jph`, as asked; `image/*` gets `image/jphc`. */
  mediaType: 'image/jphc' | 'image/jph';
  transferSyntaxUid: string;
}

const SINGLE_TYPES = new Set(['jphc', 'jph', '*']);

/**
 * Negotiates a single-part frame answer (PS3.18 8.7.3.5, one frame, no multipart wrapper): chosen when the
 * Accept value names `image/jphc`, `image/jph` or `image/*` (transfer-syntax absent, `*` or the stored
 * HTJ2K) at a q at least as high as any multipart/related range it holds, and the frame is stored as HTJ2K.
 * Otherwise undefined: the answer is multipart ({@link negotiateFrames}). `*\/*` alone stays multipart.
 */
export function negotiateSinglePart(accept: string | undefined, storedTransferSyntaxUid: string): SinglePartFrame | undefined {
  if (!isHtj2k(storedTransferSyntaxUid) || !accept) return undefined;
  let single: { q: number; subtype: string } | undefined;
  let multipartQ = 0;
  for (const range of parseAccept(accept)) {
    if (range.q <= 0) continue;
    if (range.type === 'multipart') multipartQ = Math.max(multipartQ, range.q);
    const ts = range.params['transfer-syntax'];
    const tsOk = ts === undefined || ts === '*' || ts === storedTransferSyntaxUid;
    if (range.type === 'image' && SINGLE_TYPES.has(range.subtype) && tsOk && (!single || range.q > single.q)) {
      single = { q: range.q, subtype: range.subtype };
    }
  }
  if (!single || single.q < multipartQ) return undefined;
  return { mediaType: single.subtype === 'jph' ? 'image/jph' : 'image/jphc', transferSyntaxUid: storedTransferSyntaxUid };
}

/** The Content-Type of a single-part frame answer: its media type with the transfer syntax as a parameter (what viewers read). */
export function singlePartContentType(frame: SinglePartFrame): string {
  return `${frame.mediaType}; transfer-syntax=${frame.transferSyntaxUid}`;
}
