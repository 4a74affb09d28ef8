/**
 * Cornerstone's range requests send a fixed multipart Accept header, and the server ignores Range on multipart
 * answers: the `accept` query parameter (read before the header, PS3.18 8.7.8.1) asks for the single-part codestream.
 */
export const SINGLE_PART = 'accept=image/jphc';

/** A frame URL with the single-part `accept` parameter, unless it is no frame URL or has an `accept` of its own. */
export function withSinglePart(url: string): string {
  if (!/\/frames\/\d/.test(url) || /[?&]accept=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}${SINGLE_PART}`;
}
