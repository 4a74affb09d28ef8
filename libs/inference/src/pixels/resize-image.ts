/**
 * A square image of `size` from a rows x columns one: the shorter side padded (centred, with 0) so
 * that anatomy keeps its proportions, then resampled per axis: area averaging when shrinking (each
 * output pixel the exact mean of the source area it covers, fractional edges weighted, so no
 * aliasing of fine texture), bilinear when enlarging.
 */
export function resizeToSquare(pixels: Float32Array, rows: number, columns: number, size: number): Float32Array {
  if (pixels.length !== rows * columns) throw new RangeError(`${pixels.length} values are not ${rows}x${columns}`);
  const side = Math.max(rows, columns);
  const top = Math.floor((side - rows) / 2);
  const left = Math.floor((side - columns) / 2);
  const weights = axisWeights(side, size);
  // Columns first: an intermediate of rows x size, so a tall image is never held square at full size.
  const across = new Float32Array(rows * size);
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < size; o++) {
      let sum = 0;
      for (const [index, weight] of weights[o]) {
        const c = index - left;
        if (c >= 0 && c < columns) sum += pixels[r * columns + c] * weight;
      }
      across[r * size + o] = sum;
    }
  }
  const out = new Float32Array(size * size);
  for (let o = 0; o < size; o++) {
    for (const [index, weight] of weights[o]) {
      const r = index - top;
      if (r < 0 || r >= rows) continue;
      for (let c = 0; c < size; c++) out[o * size + c] += across[r * size + c] * weight;
    }
  }
  return out;
}

/** Per output index, the source indices and weights (summing to 1) that make it. */
export function axisWeights(from: number, to: number): Array<Array<[number, number]>> {
  const scale = from / to;
  const out: Array<Array<[number, number]>> = [];
  for (let o = 0; o < to; o++) {
    const taps: Array<[number, number]> = [];
    if (scale >= 1) {
      const start = o * scale;
      const end = start + scale;
      for (let i = Math.floor(start); i < Math.ceil(end - 1e-9); i++) {
        const overlap = Math.min(end, i + 1) - Math.max(start, i);
        if (overlap > 1e-9) taps.push([i, overlap / scale]);
      }
    } else {
      // Pixel centres aligned (half-pixel convention), clamped at the edges.
      const x = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), from - 1);
      const i = Math.floor(x);
      const t = x - i;
      taps.push([i, 1 - t]);
      if (t > 0 && i + 1 < from) taps.push([i + 1, t]);
    }
    out.push(taps);
  }
  return out;
}
