import type { ChestAnatomy } from './anatomy';
import { lateralU, lungOf, smoothstep } from './lung-geometry';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, abs, exp, floor, max, min, sin, sqrt } = Math;

const RIB_COUNT = 11;
const ANTERIOR_RIB_COUNT = 7;

/** Bone density (added attenuation) at anatomy point (x, y): spine, ribs, clavicles, scapulae, humeral heads. */
export function boneDensity(a: ChestAnatomy, x: number, y: number): number {
  const u = abs(x);
  return spine(a, x, y) + ribs(a, u, x, y) + clavicle(a, u, y) + scapula(a, x, u, y) + humerus(a, u, y);
}

/** Cross-section of a bone of width `w` at offset `d` from its edge: cortex brighter than the marrow. */
function cortical(d: number, w: number, soft: number): number {
  if (d < -soft || d > w + soft) return 0;
  const inside = smoothstep(-soft, soft, d) * (1 - smoothstep(w - soft, w + soft, d));
  const edge = exp(-((d / 1.4) ** 2)) + exp(-(((w - d) / 1.4) ** 2));
  return inside * (0.45 + 0.55 * min(1, edge));
}

function spine(a: ChestAnatomy, x: number, y: number): number {
  const s = a.spine;
  const w = s.halfWidth;
  if (abs(x) > w + 8) return 0;
  const across = sqrt(max(0, 1 - (x / w) ** 2));
  const phase = (((y / s.period + s.phase) % 1) + 1) % 1;
  // Disc spaces are the darker fifth of each vertebral period; endplates are slightly denser.
  const disc = phase < 0.18 ? 0.55 : 1;
  const endplate = exp(-(((phase - 0.2) / 0.04) ** 2)) + exp(-(((phase - 0.98) / 0.04) ** 2));
  let d = 0.045 * across * disc + 0.012 * across * endplate;
  // Pedicles: paired rings at the upper half of each vertebra.
  const pu = abs(x) - w * 0.62;
  const pv = (phase - 0.42) * s.period;
  const pr = sqrt((pu / 4) ** 2 + (pv / 6) ** 2);
  if (pr < 2) d += 0.018 * exp(-(((pr - 1) / 0.35) ** 2));
  return d;
}

function ribs(a: ChestAnatomy, u: number, x: number, y: number): number {
  const r = a.ribs;
  const lung = lungOf(a, x);
  const cage = lateralU(lung, y) + 12;
  const start = a.spine.halfWidth - 2;
  if (u < start || u > cage + 6) return 0;
  const fadeOut = 1 - smoothstep(cage - 4, cage + 6, u);
  const s = u - start;
  // Posterior ribs: leave the spine nearly level, rise slightly, then sweep down around the chest wall.
  const span = max(lung.width - start, 1);
  const curve = -r.rise * s + (r.drop + r.rise * span) * (s / span) ** 2;
  let d = ribBand(r, y - curve, r.width, RIB_COUNT, 0.6) * r.density * fadeOut;
  // Anterior ribs: from the lateral wall, where each posterior rib turns, medially and down to the costal cartilage.
  const back = lung.width + 8 - u;
  if (back > -8 && u > 40) {
    const join = -r.rise * (lung.width + 8 - start) + (r.drop + r.rise * span) * ((lung.width + 8 - start) / span) ** 2;
    const t = y - join - r.anteriorSlope * back - 0.0009 * back * back;
    const medialFade = smoothstep(40, 70, u);
    d += ribBand(r, t, r.width * 1.3, ANTERIOR_RIB_COUNT, 1.6) * r.density * 0.45 * medialFade * fadeOut;
  }
  return d;
}

/** Which rib (if any) covers coordinate `t` along the rib stack, and how densely. */
function ribBand(r: ChestAnatomy['ribs'], t: number, width: number, count: number, soft: number): number {
  // Rib k's upper edge lies at firstY + spacing·k·(1 + growth·k): invert for k.
  const rel = t - r.firstY;
  if (rel < -soft) return 0;
  const g = r.growth * r.spacing;
  const k = g > 1e-9 ? (-r.spacing + sqrt(r.spacing * r.spacing + 4 * g * max(rel, 0))) / (2 * g) : rel / r.spacing;
  let best = 0;
  const k0 = floor(k);
  for (let i = k0 - 1; i <= k0 + 1; i++) {
    if (i < 0 || i >= count) continue;
    const top = r.spacing * i * (1 + r.growth * i) + r.jitter[i];
    const w = width * (1 + r.jitter[i] * 0.03);
    best = max(best, cortical(rel - top, w, soft));
  }
  return best;
}

function clavicle(a: ChestAnatomy, u: number, y: number): number {
  const c = a.clavicle;
  if (u < 10 || u > 165) return 0;
  const t = (u - 10) / 155;
  // An S: the medial third bows down, the lateral third up.
  const centre = c.medialY + (c.lateralY - c.medialY) * t + 6 * sin(2 * PI * t);
  const fade = smoothstep(10, 18, u) * (1 - smoothstep(155, 165, u));
  return 0.12 * cortical(y - (centre - c.thickness / 2), c.thickness, 0.8) * fade;
}

function scapula(a: ChestAnatomy, x: number, u: number, y: number): number {
  if (y < a.shoulderY || y > -30) return 0;
  // The medial border runs down and slightly out; the blade lies lateral to it.
  const border = a.scapulaU + (y - a.shoulderY) * 0.12;
  const lower = (1 - smoothstep(-70, -30, y)) * smoothstep(a.shoulderY, a.shoulderY + 30, y);
  const blade = smoothstep(border - 1.5, border + 1.5, u) * 0.035 * lower;
  const edge = 0.025 * exp(-(((u - border) / 1.6) ** 2)) * lower;
  return x === 0 ? 0 : blade + edge;
}

function humerus(a: ChestAnatomy, u: number, y: number): number {
  const cu = a.bodyHalfWidth + 2;
  const cy = a.shoulderY + 30;
  const r = 30;
  const d = sqrt((u - cu) ** 2 + (y - cy) ** 2);
  if (d > r + 2) return 0;
  return 0.13 * sqrt(max(0, 1 - (d / r) ** 2)) + 0.05 * exp(-(((d - r) / 1.5) ** 2));
}
