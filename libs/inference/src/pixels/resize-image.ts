import type { DisplayLookup } from './window-pixels';

/**
 * A square image of `size` from a rows x columns one: the shorter side padded (centred, with 0) so
 * that anatomy keeps its proportions, then resampled per axis: area averaging when shrinking (each
 * output pixel the exact mean of the source area it covers, fractional edges weighted, so no
 * aliasing of fine texture), bilinear when enlarging.
 */
export function resizeToSquare(image: Float32Array | DisplayLookup, rows: number, columns: number, size: number): Float32Array {
  const length = image instanceof Float32Array ? image.length : image.samples.length;
  if (length !== rows * columns) throw new RangeError(`${length} values are not ${rows}x${columns}`);
  const side = Math.max(rows, columns);
  const top = Math.floor((side - rows) / 2);
  const left = Math.floor((side - columns) / 2);
  const taps = flatTaps(axisWeights(side, size));
  const { first, end, index, weight } = taps;
  // Columns first: an intermediate of rows x size, so a tall image is never held square at full size.
  // Through a lookup, each stored sample is read as its display value: the same float32 either way.
  const across = new Float32Array(rows * size);
  // Per output column, the taps that fall on the image (indices ascend, so they are one run): the
  // padding's taps add nothing and are left out of the inner loops.
  const from = new Int32Array(size);
  const to = new Int32Array(size);
  for (let o = 0; o < size; o++) {
    let t = first[o];
    while (t < end[o] && index[t] - left < 0) t++;
    from[o] = t;
    while (t < end[o] && index[t] - left < columns) t++;
    to[o] = t;
  }
  if (image instanceof Float32Array) {
    for (let r = 0; r < rows; r++) {
      const row = r * columns - left;
      for (let o = 0; o < size; o++) {
        let sum = 0;
        for (let t = from[o]; t < to[o]; t++) sum += image[row + index[t]] * weight[t];
        across[r * size + o] = sum;
      }
    }
  } else {
    const { samples, bias, table } = image;
    for (let r = 0; r < rows; r++) {
      const row = r * columns - left;
      for (let o = 0; o < size; o++) {
        let sum = 0;
        for (let t = from[o]; t < to[o]; t++) sum += table[samples[row + index[t]] + bias] * weight[t];
        across[r * size + o] = sum;
      }
    }
  }
  const out = new Float32Array(size * size);
  for (let o = 0; o < size; o++) {
    for (let t = first[o]; t < end[o]; t++) {
      const r = index[t] - top;
      if (r < 0 || r >= rows) continue;
      const w = weight[t];
      for (let c = 0; c < size; c++) out[o * size + c] += across[r * size + c] * w;
    }
  }
  return out;
}

/** The taps of {@link axisWeights} in flat typed arrays (output o's taps are first[o] to end[o]), for the inner loops. */
function flatTaps(weights: Array<Array<[number, number]>>): {
  first: Int32Array;
  end: Int32Array;
  index: Int32Array;
  weight: Float64Array;
} {
  const total = weights.reduce((n, taps) => n + taps.length, 0);
  const first = new Int32Array(weights.length);
  const end = new Int32Array(weights.length);
  const index = new Int32Array(total);
  const weight = new Float64Array(total);
  let t = 0;
  weights.forEach((taps, o) => {
    first[o] = t;
    for (const [i, w] of taps) {
      index[t] = i;
      weight[t++] = w;
    }
    end[o] = t;
  });
  return { first, end, index, weight };
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
