import type { Rng } from '../random/rng';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { ceil, floor, max } = Math;

/**
 * Smooth fractal noise in about [-1, 1]: octaves of value noise on a lattice of `cells` cells
 * across the larger side, each octave twice as fine and `persistence` as strong.
 */
export function fractalNoise(rng: Rng, width: number, height: number, cells: number, octaves = 3, persistence = 0.5): Float32Array {
  const out = new Float32Array(width * height);
  let amplitude = 1;
  let total = 0;
  for (let o = 0; o < octaves; o++) {
    addValueNoise(out, rng.fork(o), width, height, cells * 2 ** o, amplitude);
    total += amplitude;
    amplitude *= persistence;
  }
  const scale = 1 / total;
  for (let i = 0; i < out.length; i++) out[i] *= scale;
  return out;
}

function addValueNoise(out: Float32Array, rng: Rng, width: number, height: number, cells: number, amplitude: number): void {
  const step = max(width, height) / cells;
  const gw = ceil(width / step) + 2;
  const gh = ceil(height / step) + 2;
  const lattice = new Float32Array(gw * gh);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next() * 2 - 1;
  // Interpolation weights per column are the same for every row: compute them once.
  const x0 = new Int32Array(width);
  const wx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const gx = x / step;
    x0[x] = floor(gx);
    wx[x] = smooth(gx - x0[x]);
  }
  for (let y = 0; y < height; y++) {
    const gy = y / step;
    const y0 = floor(gy);
    const wy = smooth(gy - y0);
    const r0 = y0 * gw;
    const r1 = r0 + gw;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const i = x0[x];
      const a = lattice[r0 + i] + (lattice[r0 + i + 1] - lattice[r0 + i]) * wx[x];
      const b = lattice[r1 + i] + (lattice[r1 + i + 1] - lattice[r1 + i]) * wx[x];
      out[row + x] += amplitude * (a + (b - a) * wy);
    }
  }
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}
