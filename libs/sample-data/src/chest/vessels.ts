import type { Rng } from '../random/rng';
import type { ChestAnatomy } from './anatomy';
import { inLungHull, inMediastinum } from './lung-geometry';
import type { Placement } from './placement';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, ceil, cos, floor, max, min, sign, sin, sqrt } = Math;

interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Vessel diameter (mm) at the segment. */
  width: number;
}

/** Draws the pulmonary vessel tree (branching from each hilum, thinning outwards) into a density map. */
export function renderVessels(rng: Rng, a: ChestAnatomy, place: Placement, out: Float32Array): void {
  const segments: Segment[] = [];
  for (const h of a.hila) {
    const side = sign(h.x);
    const hx = h.x;
    const hy = h.y;
    const branches = rng.int(8, 12);
    for (let b = 0; b < branches; b++) {
      // Fan out from straight up to straight down, lateral in between.
      const angle = -PI / 2 + (PI * (b + rng.uniform(0.2, 0.8))) / branches;
      grow(rng, a, segments, hx, hy, side, angle, rng.uniform(3.5, 5.5), rng.uniform(110, 170), 0);
    }
  }
  for (const s of segments) drawSegment(s, place, out, 0.02 * a.vesselProminence);
}

function grow(
  rng: Rng,
  a: ChestAnatomy,
  out: Segment[],
  x: number,
  y: number,
  side: number,
  angle: number,
  width: number,
  length: number,
  depth: number,
): void {
  const step = 5;
  let travelled = 0;
  let dir = angle;
  while (travelled < length && width > 0.6) {
    dir += rng.normal(0, 0.16);
    const nx = x + side * cos(dir) * step;
    const ny = y + sin(dir) * step;
    // Inside the mediastinum the vessels are hidden anyway; stop at the pleura.
    if (!inLungHull(a, nx, ny) && !inMediastinum(a, nx, ny)) break;
    out.push({ x0: x, y0: y, x1: nx, y1: ny, width });
    x = nx;
    y = ny;
    travelled += step;
    width *= 0.96;
    if (depth < 4 && rng.chance(0.3)) {
      grow(
        rng,
        a,
        out,
        x,
        y,
        side,
        dir + (rng.chance(0.5) ? 1 : -1) * rng.uniform(0.35, 0.8),
        width * 0.7,
        (length - travelled) * 0.75,
        depth + 1,
      );
      width *= 0.85;
    }
  }
}

function drawSegment(s: Segment, place: Placement, out: Float32Array, densityPerMm: number): void {
  const [c0, r0] = place.toPixel(s.x0, s.y0);
  const [c1, r1] = place.toPixel(s.x1, s.y1);
  const radius = (s.width / 2) * place.pixelsPerMm;
  const peak = densityPerMm * s.width;
  const size = place.size;
  const minC = max(0, floor(min(c0, c1) - radius - 1));
  const maxC = min(size - 1, ceil(max(c0, c1) + radius + 1));
  const minR = max(0, floor(min(r0, r1) - radius - 1));
  const maxR = min(size - 1, ceil(max(r0, r1) + radius + 1));
  const dc = c1 - c0;
  const dr = r1 - r0;
  const len2 = dc * dc + dr * dr || 1;
  for (let r = minR; r <= maxR; r++) {
    for (let c = minC; c <= maxC; c++) {
      const t = min(1, max(0, ((c - c0) * dc + (r - r0) * dr) / len2));
      const ec = c - (c0 + t * dc);
      const er = r - (r0 + t * dr);
      const q = 1 - (ec * ec + er * er) / (radius * radius + 0.25);
      if (q <= 0) continue;
      // A cylinder's projected thickness; overlapping vessels do not add up past the thicker one.
      const v = peak * sqrt(q);
      const i = r * size + c;
      if (v > out[i]) out[i] = v;
    }
  }
}
