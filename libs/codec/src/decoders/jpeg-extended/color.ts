/*
 * YCbCr → RGB exactly as libjpeg 6b's jdcolor.c (ycc_rgb_convert): 16-bit fixed-point tables,
 * red and blue rounded per table entry, green rounded once after summing both chroma terms.
 */

const SCALEBITS = 16;
const ONE_HALF = 1 << (SCALEBITS - 1);
const fix = (x: number): number => Math.floor(x * (1 << SCALEBITS) + 0.5);

interface ColorTables {
  crR: Int32Array;
  cbB: Int32Array;
  crG: Int32Array;
  cbG: Int32Array;
}

const cache = new Map<number, ColorTables>();

function tables(precision: number): ColorTables {
  let t = cache.get(precision);
  if (t) return t;
  const size = 1 << precision;
  const center = size >> 1;
  t = { crR: new Int32Array(size), cbB: new Int32Array(size), crG: new Int32Array(size), cbG: new Int32Array(size) };
  for (let i = 0; i < size; i++) {
    const x = i - center;
    t.crR[i] = (fix(1.402) * x + ONE_HALF) >> SCALEBITS;
    t.cbB[i] = (fix(1.772) * x + ONE_HALF) >> SCALEBITS;
    t.crG[i] = -fix(0.71414) * x;
    // The rounding constant rides along in the Cb table so the inner loop adds it for free.
    t.cbG[i] = -fix(0.34414) * x + ONE_HALF;
  }
  cache.set(precision, t);
  return t;
}

/** Converts interleaved YCbCr samples (precision 8 or 12) to RGB with libjpeg's integer math; returns a new array. */
export function ycbcrToRgb<T extends Uint8Array | Uint16Array>(pixels: T, precision = 8): T {
  if (precision !== 8 && precision !== 12) throw new RangeError(`ycbcrToRgb: precision ${precision} is not 8 or 12`);
  if (pixels.length % 3 !== 0) throw new RangeError(`ycbcrToRgb: ${pixels.length} samples is not a whole number of YCbCr triplets`);
  const max = (1 << precision) - 1;
  const { crR, cbB, crG, cbG } = tables(precision);
  const out = (pixels instanceof Uint8Array ? new Uint8Array(pixels.length) : new Uint16Array(pixels.length)) as T;
  const clamp = (v: number): number => (v < 0 ? 0 : v > max ? max : v);
  for (let i = 0; i < pixels.length; i += 3) {
    const y = pixels[i];
    // Samples above the precision's maximum (a caller's mistake) must not index past the tables.
    const cb = pixels[i + 1] & max;
    const cr = pixels[i + 2] & max;
    out[i] = clamp(y + crR[cr]);
    out[i + 1] = clamp(y + ((cbG[cb] + crG[cr]) >> SCALEBITS));
    out[i + 2] = clamp(y + cbB[cb]);
  }
  return out;
}

/** What libjpeg's colour-space guess needs to know about a stream. */
export interface ColorSpaceHints {
  components: number;
  jfif: boolean;
  adobeTransform?: number;
  componentIds: number[];
}

/** True when libjpeg 6b would take a 3-component stream as YCbCr (its default_decompress_parms guess), i.e. when dcmdjpeg +cg converts. */
export function libjpegGuessesYCbCr(hints: ColorSpaceHints): boolean {
  if (hints.components !== 3) return false;
  if (hints.jfif) return true;
  // Adobe's flag 0 means the components are stored untransformed (RGB); any other value is YCbCr to libjpeg.
  if (hints.adobeTransform !== undefined) return hints.adobeTransform !== 0;
  const [a, b, c] = hints.componentIds;
  return !(a === 0x52 && b === 0x47 && c === 0x42);
}
