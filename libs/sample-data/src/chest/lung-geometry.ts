import type { ChestAnatomy, LungShape } from './anatomy';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, abs, cos, max, min, sin, sqrt } = Math;

/** The lung of the side a point is on: X < 0 is the patient's right (image left on a PA film). */
export function lungOf(a: ChestAnatomy, x: number): LungShape {
  return x < 0 ? a.right : a.left;
}

/** Y of the diaphragm under the lung at distance `u` from the midline. */
export function diaphragmY(lung: LungShape, u: number): number {
  if (u >= lung.domeU) {
    const t = (u - lung.domeU) / max(lung.width - lung.domeU, 1);
    return lung.domeY + lung.costophrenicDrop * t * t;
  }
  const t = (lung.domeU - u) / lung.domeU;
  return lung.domeY + 10 * t * t;
}

/** Lateral boundary of the lung (inner chest wall) at height Y. */
export function lateralU(lung: LungShape, y: number): number {
  const t = (y - lung.apexY) / 150;
  if (t <= 0) return lung.apexU;
  return lung.apexU + (lung.width - lung.apexU) * sqrt(min(1, t)) + 6 * max(0, t - 1);
}

/** True inside the pleural outline of a lung (before the mediastinum and heart are taken out). */
export function inLungHull(a: ChestAnatomy, x: number, y: number): boolean {
  const lung = lungOf(a, x);
  const u = abs(x);
  if (y < lung.apexY) return false;
  const medial = max(6, lung.apexU - (lung.apexU - 6) * sqrt(min(1, (y - lung.apexY) / 45)));
  // The medial and lateral borders both start at the apex with a square-root profile: a rounded dome.
  if (u < medial || u > lateralU(lung, y)) return false;
  return y < diaphragmY(lung, u);
}

/** True inside the mediastinum, the heart or the aortic knob. */
export function inMediastinum(a: ChestAnatomy, x: number, y: number): boolean {
  if (abs(x) < a.mediastinumHalfWidth + max(0, -y - 100) * 0.15) return true;
  const k = a.aorticKnob;
  if ((x - k.x) ** 2 + (y - k.y) ** 2 < k.r * k.r) return true;
  // Pulmonary trunk and left atrial appendage fill the left border between the knob and the ventricle.
  const h = a.heart;
  if (x > 0 && y > k.y && y < h.cy) {
    const t = (y - k.y) / (h.cy - k.y);
    if (x < k.x + k.r * 0.6 + t * (h.cx + h.rx * 0.8 - k.x - k.r * 0.6) * t) return true;
  }
  return inHeart(a, x, y) <= 1;
}

/** Normalised radius of a point in the heart outline (≤ 1 inside): a tilted egg, broad where it sits on the diaphragm. */
export function inHeart(a: ChestAnatomy, x: number, y: number): number {
  const h = a.heart;
  const t = (h.tiltDeg * PI) / 180;
  const dx = x - h.cx;
  const dy = y - h.cy;
  const ex = dx * cos(t) + dy * sin(t);
  const ey = -dx * sin(t) + dy * cos(t);
  const widen = 1 + 0.18 * max(-1, min(1, dy / h.ry));
  return (ex / (h.rx * widen)) ** 2 + (ey / h.ry) ** 2;
}

/** Half width of the soft-tissue outline at height Y: neck, shoulders, then chest and upper abdomen. */
export function bodyHalfWidth(a: ChestAnatomy, y: number): number {
  // The neck widens into sloping shoulders, which round off into the chest wall.
  const shoulder = smoothstep(a.shoulderY - 75, a.shoulderY + 15, y);
  const chest = a.bodyHalfWidth * (1 - 0.05 * smoothstep(100, 215, y));
  return a.neckHalfWidth + (chest + 35 * (1 - smoothstep(a.shoulderY + 15, a.shoulderY + 110, y)) - a.neckHalfWidth) * shoulder;
}

/** Hermite step from 0 at `e0` to 1 at `e1`. */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = min(1, max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}
