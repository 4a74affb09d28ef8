import type { Ellipse } from '../raster/paint';
import type { CtPhantom } from './phantom';
import { apexScale, cavityAt, diaphragmZ } from './phantom';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { abs } = Math;

/** The in-plane outline of one lung at z (before the diaphragm, mediastinum and spine take their share), or undefined above the apex. */
export function lungEllipse(p: CtPhantom, side: -1 | 1, z: number): Ellipse | undefined {
  const f = apexScale(p, z);
  if (f <= 0.02) return undefined;
  const c = cavityAt(p, z);
  // Towards the apex each lung shrinks to a small posterolateral dome.
  return {
    cx: side * c.a * (0.5 + 0.08 * (1 - f)),
    cy: c.b * (0.06 + 0.25 * (1 - f)),
    rx: c.a * 0.53 * f,
    ry: c.b * 0.97 * (0.35 + 0.65 * f),
  };
}

/** True when (x, y, z) is lung: inside the outline and cavity, above the diaphragm, clear of the midline. */
export function inLung(p: CtPhantom, x: number, y: number, z: number): boolean {
  const side = x < 0 ? -1 : 1;
  const e = lungEllipse(p, side, z);
  if (!e) return false;
  const c = cavityAt(p, z);
  if ((x / c.a) ** 2 + (y / c.b) ** 2 > 1) return false;
  if (((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2 > 1) return false;
  if (abs(x) < 12) return false;
  return z > diaphragmZ(p, x, y, c.a);
}
