/*
 * Integer inverse DCT matching libjpeg 6b's jidctint.c ("islow", the default DCT method) as built
 * into dcmtk: CONST_BITS 13, PASS1_BITS 2 for 8-bit and 1 for 12-bit samples (the 12-bit build
 * gives up one bit of pass-1 precision so its intermediates fit 32 bits).
 *
 * libjpeg's INT32 is a C `long`, 64-bit on the platforms dcmtk ships for, so pass 1 runs on
 * doubles (exact far beyond any product here) and truncates to int only where libjpeg stores into
 * its int workspace. Pass 2 runs on wrapping 32-bit ints: its result is shifted right by 17 or 18
 * and masked to 14 or 10 bits, which only depends on the low 31 bits, so the wrap cannot show.
 */

const CONST_BITS = 13;
const FIX_0_298631336 = 2446;
const FIX_0_390180644 = 3196;
const FIX_0_541196100 = 4433;
const FIX_0_765366865 = 6270;
const FIX_0_899976223 = 7373;
const FIX_1_175875602 = 9633;
const FIX_1_501321110 = 12299;
const FIX_1_847759065 = 15137;
const FIX_1_961570560 = 16069;
const FIX_2_053119869 = 16819;
const FIX_2_562915447 = 20995;
const FIX_3_072711026 = 25172;

/**
 * libjpeg's post-IDCT range-limit table, indexed by (value & mask): it adds the level shift and
 * clamps, and for wildly out-of-range values it wraps exactly as libjpeg's table does.
 */
function rangeLimitTable(precision: number): Uint16Array {
  const max = (1 << precision) - 1;
  const center = 1 << (precision - 1);
  const size = 4 * (max + 1);
  const table = new Uint16Array(size);
  for (let i = 0; i < size; i++) {
    if (i < center) table[i] = i + center;
    else if (i < 2 * (max + 1)) table[i] = max;
    else if (i < size - center) table[i] = 0;
    else table[i] = i - size + center;
  }
  return table;
}

const RANGE_LIMIT: Record<number, Uint16Array> = { 8: rangeLimitTable(8), 12: rangeLimitTable(12) };

/** Floor of x / 2^n after adding half: libjpeg's DESCALE on a 64-bit value. */
function descale64(x: number, n: number): number {
  return Math.floor((x + 2 ** (n - 1)) / 2 ** n);
}

/** Dequantizes one block (natural order) and writes its 8×8 samples into `out` at `offset` with row `stride`. */
export function idctIslow(
  coefs: Int16Array,
  quant: Int32Array,
  precision: number,
  workspace: Int32Array,
  out: Uint16Array,
  offset: number,
  stride: number,
): void {
  const pass1Bits = precision === 8 ? 2 : 1;
  const pass1Shift = CONST_BITS - pass1Bits;
  const pass2Shift = CONST_BITS + pass1Bits + 3;
  const pass2Round = 1 << (pass2Shift - 1);
  const dcShift = pass1Bits + 3;
  const dcRound = 1 << (dcShift - 1);
  const limit = RANGE_LIMIT[precision];
  const mask = limit.length - 1;

  // Pass 1: columns into the workspace.
  for (let c = 0; c < 8; c++) {
    if (
      coefs[8 + c] === 0 &&
      coefs[16 + c] === 0 &&
      coefs[24 + c] === 0 &&
      coefs[32 + c] === 0 &&
      coefs[40 + c] === 0 &&
      coefs[48 + c] === 0 &&
      coefs[56 + c] === 0
    ) {
      // AC terms all zero: libjpeg shifts the dequantized DC in int, so wrap the same way.
      const dc = (coefs[c] * quant[c] * (1 << pass1Bits)) | 0;
      for (let r = 0; r < 8; r++) workspace[r * 8 + c] = dc;
      continue;
    }
    let z2 = coefs[16 + c] * quant[16 + c];
    let z3 = coefs[48 + c] * quant[48 + c];
    let z1 = (z2 + z3) * FIX_0_541196100;
    let tmp2 = z1 - z3 * FIX_1_847759065;
    let tmp3 = z1 + z2 * FIX_0_765366865;
    z2 = coefs[c] * quant[c];
    z3 = coefs[32 + c] * quant[32 + c];
    let tmp0 = (z2 + z3) * 8192;
    let tmp1 = (z2 - z3) * 8192;
    const tmp10 = tmp0 + tmp3;
    const tmp13 = tmp0 - tmp3;
    const tmp11 = tmp1 + tmp2;
    const tmp12 = tmp1 - tmp2;

    tmp0 = coefs[56 + c] * quant[56 + c];
    tmp1 = coefs[40 + c] * quant[40 + c];
    tmp2 = coefs[24 + c] * quant[24 + c];
    tmp3 = coefs[8 + c] * quant[8 + c];
    z1 = tmp0 + tmp3;
    z2 = tmp1 + tmp2;
    z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * FIX_1_175875602;
    tmp0 *= FIX_0_298631336;
    tmp1 *= FIX_2_053119869;
    tmp2 *= FIX_3_072711026;
    tmp3 *= FIX_1_501321110;
    z1 *= -FIX_0_899976223;
    z2 *= -FIX_2_562915447;
    z3 = z3 * -FIX_1_961570560 + z5;
    z4 = z4 * -FIX_0_390180644 + z5;
    tmp0 += z1 + z3;
    tmp1 += z2 + z4;
    tmp2 += z2 + z3;
    tmp3 += z1 + z4;

    // Int32Array stores wrap modulo 2^32, like libjpeg's (int) cast.
    workspace[c] = descale64(tmp10 + tmp3, pass1Shift);
    workspace[56 + c] = descale64(tmp10 - tmp3, pass1Shift);
    workspace[8 + c] = descale64(tmp11 + tmp2, pass1Shift);
    workspace[48 + c] = descale64(tmp11 - tmp2, pass1Shift);
    workspace[16 + c] = descale64(tmp12 + tmp1, pass1Shift);
    workspace[40 + c] = descale64(tmp12 - tmp1, pass1Shift);
    workspace[24 + c] = descale64(tmp13 + tmp0, pass1Shift);
    workspace[32 + c] = descale64(tmp13 - tmp0, pass1Shift);
  }

  // Pass 2: rows from the workspace into samples.
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = offset + r * stride;
    if (
      workspace[w + 1] === 0 &&
      workspace[w + 2] === 0 &&
      workspace[w + 3] === 0 &&
      workspace[w + 4] === 0 &&
      workspace[w + 5] === 0 &&
      workspace[w + 6] === 0 &&
      workspace[w + 7] === 0
    ) {
      const v = limit[((workspace[w] + dcRound) >> dcShift) & mask];
      for (let i = 0; i < 8; i++) out[o + i] = v;
      continue;
    }
    let z2 = workspace[w + 2];
    let z3 = workspace[w + 6];
    let z1 = Math.imul((z2 + z3) | 0, FIX_0_541196100);
    let tmp2 = (z1 - Math.imul(z3, FIX_1_847759065)) | 0;
    let tmp3 = (z1 + Math.imul(z2, FIX_0_765366865)) | 0;
    let tmp0 = ((workspace[w] + workspace[w + 4]) | 0) << CONST_BITS;
    let tmp1 = ((workspace[w] - workspace[w + 4]) | 0) << CONST_BITS;
    const tmp10 = (tmp0 + tmp3) | 0;
    const tmp13 = (tmp0 - tmp3) | 0;
    const tmp11 = (tmp1 + tmp2) | 0;
    const tmp12 = (tmp1 - tmp2) | 0;

    tmp0 = workspace[w + 7];
    tmp1 = workspace[w + 5];
    tmp2 = workspace[w + 3];
    tmp3 = workspace[w + 1];
    z1 = (tmp0 + tmp3) | 0;
    z2 = (tmp1 + tmp2) | 0;
    z3 = (tmp0 + tmp2) | 0;
    let z4 = (tmp1 + tmp3) | 0;
    const z5 = Math.imul((z3 + z4) | 0, FIX_1_175875602);
    tmp0 = Math.imul(tmp0, FIX_0_298631336);
    tmp1 = Math.imul(tmp1, FIX_2_053119869);
    tmp2 = Math.imul(tmp2, FIX_3_072711026);
    tmp3 = Math.imul(tmp3, FIX_1_501321110);
    z1 = Math.imul(z1, -FIX_0_899976223);
    z2 = Math.imul(z2, -FIX_2_562915447);
    z3 = (Math.imul(z3, -FIX_1_961570560) + z5) | 0;
    z4 = (Math.imul(z4, -FIX_0_390180644) + z5) | 0;
    tmp0 = (tmp0 + z1 + z3) | 0;
    tmp1 = (tmp1 + z2 + z4) | 0;
    tmp2 = (tmp2 + z2 + z3) | 0;
    tmp3 = (tmp3 + z1 + z4) | 0;

    out[o] = limit[(((tmp10 + tmp3 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 7] = limit[(((tmp10 - tmp3 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 1] = limit[(((tmp11 + tmp2 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 6] = limit[(((tmp11 - tmp2 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 2] = limit[(((tmp12 + tmp1 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 5] = limit[(((tmp12 - tmp1 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 3] = limit[(((tmp13 + tmp0 + pass2Round) | 0) >> pass2Shift) & mask];
    out[o + 4] = limit[(((tmp13 - tmp0 + pass2Round) | 0) >> pass2Shift) & mask];
  }
}
