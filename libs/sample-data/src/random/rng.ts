import seedrandom from 'seedrandom';

/** A seeded random stream; `fork` derives an independent stream, so adding draws to one part never shifts another. */
export class Rng {
  private readonly prng: seedrandom.PRNG;
  private spare: number | undefined;

  constructor(readonly seed: string) {
    // alea: fast, and its output depends only on the seed string (no global state, no entropy).
    this.prng = seedrandom.alea(seed);
  }

  /** An independent stream named by `path` under this one's seed. */
  fork(path: string | number): Rng {
    return new Rng(`${this.seed}/${path}`);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.prng.double();
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.prng.double();
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.prng.double() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.prng.double() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.prng.double() * items.length)];
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return mean + sd * z;
    }
    let u = 0;
    while (u === 0) u = this.prng.double();
    const v = this.prng.double();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Fills `out` with approximately standard normal samples, for image noise: a xorshift stream
   * (seeded from this one) indexes a table of normal quantiles, ten times faster than Box–Muller.
   */
  fillNormal(out: Float32Array): Float32Array {
    let s = (this.prng.int32() | 1) >>> 0;
    for (let i = 0; i < out.length; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = NORMAL_QUANTILES[s & (QUANTILE_COUNT - 1)];
    }
    return out;
  }
}

const QUANTILE_COUNT = 4096;

/** Quantiles of the standard normal at the midpoints of QUANTILE_COUNT equal-probability bins. */
const NORMAL_QUANTILES = (() => {
  const q = new Float32Array(QUANTILE_COUNT);
  for (let i = 0; i < QUANTILE_COUNT; i++) q[i] = inverseNormal((i + 0.5) / QUANTILE_COUNT);
  return q;
})();

/** Acklam's rational approximation of the inverse normal CDF (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}
