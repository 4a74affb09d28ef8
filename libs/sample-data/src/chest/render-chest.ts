import type { Rng } from '../random/rng';
import { boxBlur } from '../raster/blur';
import { fractalNoise } from '../raster/value-noise';
import type { ChestAnatomy } from './anatomy';
import { boneDensity } from './bones';
import { bodyHalfWidth, diaphragmY, inHeart, inLungHull, inMediastinum, smoothstep } from './lung-geometry';
import type { Placement } from './placement';
import { renderVessels } from './vessels';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { abs, exp, hypot, max, min, round, sqrt } = Math;

/** Largest stored value: BitsStored 12. */
export const CHEST_MAX_VALUE = 4095;

/** A rendered radiograph: 12-bit values in 16-bit words, and a window that shows it well. */
export interface ChestPixels {
  pixels: Uint16Array;
  window: { center: number; width: number };
}

/**
 * Renders the radiograph of `anatomy` as a projection: soft tissue thickness, minus lung air,
 * plus mediastinum, bone, vessels and (pneumonia) the fraction of lung air replaced by `opacity`;
 * then tone curve, detector gradient and quantum noise. `rng` must be the anatomy's own stream,
 * so a normal and a pneumonia image of the same case differ only where the opacity is.
 */
export function renderChest(rng: Rng, a: ChestAnatomy, place: Placement, opacity: Float32Array): ChestPixels {
  const n = place.size;
  const k = n / 1024;
  const xs = new Float32Array(n * n);
  const ys = new Float32Array(n * n);
  const lung = new Float32Array(n * n);
  /** Extra density of mediastinum and heart, before blurring. */
  const mediastinum = new Float32Array(n * n);
  const m = place.affine;
  const top = min(a.right.apexY, a.left.apexY, a.aorticKnob.y - a.aorticKnob.r) - 2;
  const bottom = max(a.right.domeY + a.right.costophrenicDrop, a.left.domeY + a.left.costophrenicDrop, a.heart.cy + a.heart.ry * 1.3) + 2;
  for (let r = 0, i = 0; r < n; r++) {
    for (let c = 0; c < n; c++, i++) {
      const x = m.x0 + m.xc * c + m.xr * r;
      const y = m.y0 + m.yc * c + m.yr * r;
      xs[i] = x;
      ys[i] = y;
      // Above the apices and below the costophrenic angles there is neither lung nor mediastinum.
      if (y < top || y > bottom) continue;
      const inMed = inMediastinum(a, x, y);
      // The mediastinum adds density only between the thoracic inlet and the diaphragm, not along the whole spine.
      const thorax = y > a.right.apexY - 10 && y < a.left.domeY;
      const inHeartNow = inHeart(a, x, y) <= 1;
      mediastinum[i] = (inMed && thorax ? 0.06 : 0) + (inHeartNow ? 0.012 : 0);
      lung[i] = !inMed && inLungHull(a, x, y) ? 1 : 0;
    }
  }
  // Sharp-ish pleural edges, plus a broad version for lung depth: the periphery is thinner, so less dark.
  const lungEdge = boxBlur(lung, n, n, 3 * k, 1);
  const lungDepth = boxBlur(lung, n, n, 14 * k, 2);
  const medSoft = boxBlur(mediastinum, n, n, 4 * k, 1);
  const vessels = new Float32Array(n * n);
  renderVessels(rng.fork('vessels'), a, place, vessels);
  const vesselsSoft = boxBlur(vessels, n, n, 2 * k, 1);
  const mottle = fractalNoise(rng.fork('mottle'), n, n, 40, 3, 0.6);

  const density = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) {
    const x = xs[i];
    const y = ys[i];
    const u = abs(x);
    const hw = bodyHalfWidth(a, y);
    const inside = smoothstep(0, 5, hw - u);
    if (inside <= 0) {
      density[i] = 0.015;
      continue;
    }
    const thickness = sqrt(max(0, 1 - (x / hw) ** 2));
    let d = 0.64 * thickness ** 0.7 * inside;
    const air = 0.41 * (0.35 * lungEdge[i] + 0.65 * lungDepth[i]);
    d -= air;
    d += medSoft[i] + hilum(a, x, y) * lungEdge[i];
    d += trachea(a, x, y);
    d += boneDensity(a, x, y) * inside;
    d += softTissueExtras(a, x, u, y);
    d += vesselsSoft[i] * (0.25 + 0.75 * lungEdge[i]);
    d += opacity[i] * air;
    d += mottle[i] * a.noise.mottle * (inside + 2 * lungEdge[i]);
    density[i] = d;
  }
  const blurred = boxBlur(density, n, n, k, 1);
  return { pixels: expose(rng.fork('quantum'), a, blurred, n), window: windowOf(a) };
}

/** Hilar shadows: the pulmonary arteries and veins bunched where they enter the lung. */
function hilum(a: ChestAnatomy, x: number, y: number): number {
  let d = 0;
  for (const h of a.hila) {
    const r2 = (x - h.x) ** 2 / 380 + (y - h.y) ** 2 / 900;
    if (r2 < 6) d += 0.07 * exp(-r2);
  }
  return d;
}

function trachea(a: ChestAnatomy, x: number, y: number): number {
  const t = a.trachea;
  if (y > t.carinaY + 35 || y < a.shoulderY - 80) return 0;
  let w = 1 - smoothstep(t.halfWidth - 1.5, t.halfWidth + 1.5, abs(x));
  w *= 1 - smoothstep(t.carinaY - 3, t.carinaY + 3, y);
  // Main bronchi leave the carina obliquely, the right one steeper.
  for (const side of [-1, 1]) {
    const steep = side < 0 ? 1.6 : 1.1;
    const along = y - t.carinaY;
    if (along < 0 || along > 30) continue;
    const cx = (side * along) / steep;
    w = max(w, (1 - smoothstep(t.halfWidth * 0.6 - 1.5, t.halfWidth * 0.6 + 1.5, abs(x - cx))) * (1 - smoothstep(10, 30, along)));
  }
  return -0.05 * w;
}

function softTissueExtras(a: ChestAnatomy, x: number, u: number, y: number): number {
  let d = 0;
  if (a.breast) {
    const b = a.breast;
    const r = hypot(u - b.u, y - b.y) / b.r;
    if (r < 1) d += b.density * sqrt(1 - r * r) * smoothstep(b.y - b.r, b.y - b.r * 0.2, y);
  }
  if (a.nipples) {
    const p = a.nipples;
    const r = hypot(u - p.u, y - p.y) / p.r;
    if (r < 1.3) d += 0.06 * (1 - smoothstep(0.8, 1.3, r));
  }
  if (a.gastricBubble && x > 0) {
    const g = a.gastricBubble;
    const r = hypot(x - g.x, y - g.y) / g.r;
    if (r < 1.2 && y > diaphragmY(a.left, u) + 4) d -= 0.1 * (1 - smoothstep(0.85, 1.2, r)) * smoothstep(g.y - g.r, g.y - g.r * 0.6, y);
  }
  return d;
}

/** Density to stored values: tone curve, exposure, heel-effect gradient and signal-dependent quantum noise. */
function expose(rng: Rng, a: ChestAnatomy, density: Float32Array, n: number): Uint16Array {
  const out = new Uint16Array(n * n);
  const e = a.exposure;
  // The tone curve through a table: exp and pow per pixel cost more than the whole anatomy.
  const steps = 4096;
  const maxDensity = 2;
  const lut = new Float32Array(steps + 2);
  for (let j = 0; j <= steps + 1; j++) lut[j] = tone((j / steps) * maxDensity, e) * 4095;
  const noise = rng.fillNormal(new Float32Array(n * n));
  const smoothNoise = boxBlur(noise, n, n, n / 1024, 1);
  for (let r = 0, i = 0; r < n; r++) {
    const gy = 1 + a.gradient.y * ((2 * r) / n - 1);
    for (let c = 0; c < n; c++, i++) {
      const grad = gy + a.gradient.x * ((2 * c) / n - 1);
      const f = min(steps, max(0, density[i]) * (steps / maxDensity));
      const j = f | 0;
      let v = (lut[j] + (lut[j + 1] - lut[j]) * (f - j)) * grad;
      v += a.noise.quantum * sqrt(max(v, 50) / 2000) * (0.6 * noise[i] + 1.2 * smoothNoise[i]);
      out[i] = v <= 0 ? 0 : v >= CHEST_MAX_VALUE ? CHEST_MAX_VALUE : round(v);
    }
  }
  return out;
}

/**
 * Density to display fraction: saturating, like a processed radiograph, so a rib over the heart
 * shows less than a rib over the lung.
 */
function tone(density: number, e: ChestAnatomy['exposure']): number {
  const d = max(0, density * e.gain + e.offset);
  return 0.03 + 0.95 * (1 - exp(-2.3 * d)) ** e.gamma;
}

/** A window from the tone curve of the body's density range, so viewers open the image well exposed. */
function windowOf(a: ChestAnatomy): { center: number; width: number } {
  const low = tone(0.1, a.exposure) * 4095;
  const high = tone(0.85, a.exposure) * 4095;
  return { center: round((low + high) / 2), width: round(high - low) };
}
