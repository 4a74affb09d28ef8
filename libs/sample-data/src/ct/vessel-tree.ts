import type { Rng } from '../random/rng';
import { inLung } from './lungs';
import type { CtPhantom } from './phantom';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, cos, hypot, max, min, sign, sin } = Math;

/** One straight piece of a pulmonary vessel, in patient mm (z relative to the carina). */
export interface VesselSegment {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
  radius: number;
  zMin: number;
  zMax: number;
}

/** Grows both pulmonary vessel trees from the hila: branching, tapering, staying inside the lungs. */
export function growVesselTree(rng: Rng, p: CtPhantom): VesselSegment[] {
  const out: VesselSegment[] = [];
  const hila: [number, number, number][] = [
    [-48, p.spine.y - 45, -22],
    [48, p.spine.y - 48, -8],
  ];
  for (const [hx, hy, hz] of hila) {
    const side = sign(hx);
    const branches = rng.int(16, 22);
    for (let b = 0; b < branches; b++) {
      // Directions fan out over the hemisphere facing the lung: up, down, forward, back and out.
      const theta = rng.uniform(-PI * 0.45, PI * 0.45);
      const phi = (PI * (b + rng.uniform(0.1, 0.9))) / branches - PI / 2;
      const dir: [number, number, number] = [side * cos(phi) * cos(theta), sin(theta) * 0.8, sin(phi) * 1.3];
      grow(rng, p, out, [hx, hy, hz], normalise(dir), rng.uniform(4, 6), 0);
    }
  }
  return out;
}

function grow(
  rng: Rng,
  p: CtPhantom,
  out: VesselSegment[],
  at: [number, number, number],
  dir: [number, number, number],
  radius: number,
  depth: number,
): void {
  const step = 6;
  let [x, y, z] = at;
  let d = dir;
  let outside = 0;
  for (let n = 0; n < 60 && radius > 0.5; n++) {
    d = normalise([d[0] + rng.normal(0, 0.15), d[1] + rng.normal(0, 0.15), d[2] + rng.normal(0, 0.15)]);
    const nx = x + d[0] * step;
    const ny = y + d[1] * step;
    const nz = z + d[2] * step;
    // The first few steps cross the hilum, which is not lung; after that the pleura ends the branch.
    if (!inLung(p, nx, ny, nz)) {
      if (++outside > (depth === 0 && n < 4 ? 4 : 0)) break;
    }
    out.push({ x0: x, y0: y, z0: z, x1: nx, y1: ny, z1: nz, radius, zMin: min(z, nz) - radius, zMax: max(z, nz) + radius });
    x = nx;
    y = ny;
    z = nz;
    radius *= 0.965;
    if (depth < 6 && n > 1 && rng.chance(0.4)) {
      const child = normalise([d[0] + rng.normal(0, 0.6), d[1] + rng.normal(0, 0.6), d[2] + rng.normal(0, 0.6)]);
      grow(rng, p, out, [x, y, z], child, radius * 0.72, depth + 1);
      radius *= 0.88;
    }
  }
}

function normalise(v: [number, number, number]): [number, number, number] {
  const l = hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / l, v[1] / l, v[2] / l];
}
