/** How much of each frame to fetch first, and the resolution level that prefix decodes to. */
export interface PrefixPlan {
  /** Bytes of the first range request. */
  initialBytes: number;
  /** Levels below full resolution the prefix decodes at (each halves width and height). */
  decodeLevel: number;
}

/**
 * The decode level Cornerstone's wadors loader picks for a prefix of `fraction` of the frame's bytes
 * (`decodeLevelFromComplete` in @cornerstonejs/dicom-image-loader 5.14: it guesses from the share fetched).
 */
export function loaderDecodeLevel(fraction: number): number {
  const t = fraction - 0.02;
  if (t > 1 / 4) return 0;
  if (t > 1 / 16) return 1;
  if (t > 1 / 64) return 2;
  return 3;
}

/**
 * The smallest prefix that holds every resolution the loader will decode it at, and draws at least `minSize` pixels
 * across (or the whole width when narrower). `resolutionEnds` are the byte offsets where each resolution ends, lowest
 * first (the server's `X-Triage-Resolution-Ends`), `totalBytes` the frame's size. Undefined when no prefix qualifies:
 * then full frames are fetched.
 */
export function prefixPlan(resolutionEnds: readonly number[], totalBytes: number, columns: number, minSize = 64): PrefixPlan | undefined {
  const decompositions = resolutionEnds.length - 1;
  if (decompositions < 1 || !(totalBytes > 0)) return undefined;
  for (let r = 0; r < decompositions; r++) {
    const initialBytes = Math.min(totalBytes, resolutionEnds[r]);
    if (initialBytes >= totalBytes) return undefined;
    const decodeLevel = loaderDecodeLevel(initialBytes / totalBytes);
    // The loader decodes at `decodeLevel`; that needs resolutions 0..(decompositions - decodeLevel).
    if (decodeLevel === 0 || decodeLevel < decompositions - r) continue;
    if (Math.ceil(columns / 2 ** decodeLevel) < Math.min(minSize, columns)) continue;
    return { initialBytes, decodeLevel };
  }
  return undefined;
}

/** Reads `X-Triage-Resolution-Ends` (comma-separated byte offsets, increasing); undefined when absent or malformed. */
export function parseResolutionEnds(header: string | null): number[] | undefined {
  if (!header) return undefined;
  const ends = header.split(',').map((s) => Number(s.trim()));
  if (ends.length === 0 || ends.some((n, i) => !Number.isInteger(n) || n <= 0 || (i > 0 && n <= ends[i - 1]))) return undefined;
  return ends;
}

/** The total size in a `Content-Range: bytes a-b/total` header. */
export function totalOfContentRange(header: string | null): number | undefined {
  const match = header ? /\/(\d+)\s*$/.exec(header) : null;
  return match ? Number(match[1]) : undefined;
}
