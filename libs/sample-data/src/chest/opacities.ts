import type { Rng } from '../random/rng';
import { fractalNoise } from '../raster/value-noise';
import type { ChestAnatomy } from './anatomy';
import { inLungHull, inMediastinum, lungOf } from './lung-geometry';
import type { Placement } from './placement';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, ceil, cos, exp, floor, max, min, round, sin } = Math;

/** One pneumonia-like consolidation, as drawn. */
export interface Opacity {
  /** Pixel coordinates of the centre (column, row), zero-based. */
  column: number;
  row: number;
  /** Radius in pixels (the blob falls to about a tenth of its peak there) and in detector mm. */
  radiusPx: number;
  radiusMm: number;
  /** Fraction of the lung's air replaced by fluid at the centre: 0.15 is subtle, 0.9 nearly white. */
  density: number;
  /** The patient's side. */
  side: 'right' | 'left';
  zone: 'upper' | 'middle' | 'lower';
}

/** Where to draw, in anatomy mm, with the shape parameters the truth does not need. */
interface OpacityShape extends Opacity {
  x: number;
  y: number;
  aspect: number;
  angle: number;
}

/**
 * How findable the consolidations are: `varied` (the default) as a reading room sees them, many
 * subtle; `clear`, larger and denser, 2-3 of them, so a small network trained from scratch on a few
 * hundred images can learn the task (the training samples' setting).
 */
export type Conspicuity = 'varied' | 'clear';

/** Draws 1–3 consolidations at random places inside the lungs; size and density vary, many are subtle unless `clear`. */
export function drawOpacities(rng: Rng, a: ChestAnatomy, place: Placement, conspicuity: Conspicuity = 'varied'): OpacityShape[] {
  const clear = conspicuity === 'clear';
  const count = clear ? (rng.chance(0.5) ? 2 : 3) : rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
  const out: OpacityShape[] = [];
  for (let i = 0; i < count; i++) {
    const side = rng.chance(0.55) ? -1 : 1;
    const lung = side < 0 ? a.right : a.left;
    let x = 0;
    let y = 0;
    for (let tries = 0; tries < 500; tries++) {
      x = side * rng.uniform(10, lung.width);
      y = rng.uniform(lung.apexY + 10, lung.domeY + lung.costophrenicDrop);
      // Keep the centre well inside visible lung, not hidden by the heart.
      if (inLungHull(a, x, y) && !inMediastinum(a, x - side * 10, y) && inLungHull(a, x + side * 10, y)) break;
    }
    const radiusMm = clear ? 40 + 20 * rng.next() : 12 + 43 * rng.next() ** 1.5;
    const density = clear ? 0.8 + 0.2 * rng.next() : 0.15 + 0.75 * rng.next() ** 1.4;
    const [column, row] = place.toPixel(x, y);
    const span = lungOf(a, x).domeY - lung.apexY;
    const rel = (y - lung.apexY) / span;
    out.push({
      column: round1(column),
      row: round1(row),
      radiusPx: round1(radiusMm * place.pixelsPerMm),
      radiusMm: round1(radiusMm),
      density: round(density * 1000) / 1000,
      side: side < 0 ? 'right' : 'left',
      zone: rel < 0.33 ? 'upper' : rel < 0.66 ? 'middle' : 'lower',
      x,
      y,
      aspect: rng.uniform(0.7, 1.35),
      angle: rng.uniform(0, PI),
    });
  }
  return out;
}

/** Rasterises the opacities as a map of "fraction of air replaced" (0..1), patchy and soft-edged. */
export function renderOpacities(rng: Rng, shapes: OpacityShape[], size: number): Float32Array {
  const out = new Float32Array(size * size);
  if (shapes.length === 0) return out;
  const patch = fractalNoise(rng.fork('patch'), size, size, 22, 3, 0.55);
  for (const o of shapes) {
    const reach = o.radiusPx * 1.6;
    const minC = max(0, floor(o.column - reach));
    const maxC = min(size - 1, ceil(o.column + reach));
    const minR = max(0, floor(o.row - reach));
    const maxR = min(size - 1, ceil(o.row + reach));
    const ca = cos(o.angle);
    const sa = sin(o.angle);
    for (let r = minR; r <= maxR; r++) {
      for (let c = minC; c <= maxC; c++) {
        const dc = c - o.column;
        const dr = r - o.row;
        const ex = (dc * ca + dr * sa) / (o.radiusPx * o.aspect);
        const ey = ((-dc * sa + dr * ca) * o.aspect) / o.radiusPx;
        const d2 = ex * ex + ey * ey;
        if (d2 > 2.6) continue;
        const i = r * size + c;
        // Patchy (acinar) texture, stronger towards the centre so the centre is never a hole.
        const mottled = min(1, max(0.25, 0.62 + 0.75 * patch[i] + 0.25 * exp(-4 * d2)));
        const v = o.density * exp(-2.3 * d2) * mottled;
        out[i] = min(1, out[i] + v);
      }
    }
  }
  return out;
}

/** The opacities without drawing internals, for the ground truth. */
export function opacityTruth(shapes: OpacityShape[]): Opacity[] {
  return shapes.map(({ column, row, radiusPx, radiusMm, density, side, zone }) => ({
    column,
    row,
    radiusPx,
    radiusMm,
    density,
    side,
    zone,
  }));
}

function round1(v: number): number {
  return round(v * 10) / 10;
}
