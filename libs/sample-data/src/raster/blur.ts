// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { max, min, round } = Math;

/** Box blur of radius `radius` (window 2r+1), separable, edges clamped; repeated passes approach a Gaussian. */
export function boxBlur(src: Float32Array, width: number, height: number, radius: number, passes = 1): Float32Array {
  const r = max(0, round(radius));
  if (r === 0) return src;
  let a = src;
  const tmp = new Float32Array(src.length);
  for (let p = 0; p < passes; p++) {
    blurRows(a, tmp, width, height, r);
    const out = a === src ? new Float32Array(src.length) : a;
    blurColumns(tmp, out, width, height, r);
    a = out;
  }
  return a;
}

function blurRows(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const norm = 1 / (2 * r + 1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = src[row] * (r + 1);
    for (let i = 1; i <= r; i++) sum += src[row + min(i, width - 1)];
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum * norm;
      sum += src[row + min(x + r + 1, width - 1)] - src[row + max(x - r, 0)];
    }
  }
}

function blurColumns(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const norm = 1 / (2 * r + 1);
  const sums = new Float64Array(width);
  for (let x = 0; x < width; x++) {
    let sum = src[x] * (r + 1);
    for (let i = 1; i <= r; i++) sum += src[min(i, height - 1) * width + x];
    sums[x] = sum;
  }
  // Row-major sweep keeps memory access sequential, which matters at 1024².
  for (let y = 0; y < height; y++) {
    const add = min(y + r + 1, height - 1) * width;
    const sub = max(y - r, 0) * width;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      dst[row + x] = sums[x] * norm;
      sums[x] += src[add + x] - src[sub + x];
    }
  }
}
