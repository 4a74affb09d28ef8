import type { Rng } from '../random/rng';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, exp, max, min, sin, sqrt } = Math;

/**
 * A torso phantom in patient mm (LPS: +x the patient's left, +y posterior), with z relative to
 * the carina (+ towards the head). Everything a slice needs is a smooth function of z, so
 * neighbouring slices differ a little and scrolling looks continuous.
 */
export interface CtPhantom {
  body: { a: number; b: number; fat: number; muscle: number; wobble: number[] };
  neck: { a: number; b: number };
  apexZ: number;
  dome: { rightZ: number; leftZ: number; fall: number };
  spine: { y: number; period: number; phase: number };
  heart: { cx: number; cy: number; cz: number; rx: number; ry: number; rz: number; angle: number };
  aorta: { archZ: number; ascending: [number, number]; descending: [number, number]; radius: number };
  trachea: { y: number; radius: number };
  ribs: { topZ: number; spacing: number; drop: number };
  /** Stomach gas bubble under the left dome, if any. */
  stomachGas: boolean;
  sex: 'F' | 'M';
  noiseHu: number;
}

/** Draws the phantom of one patient. */
export function drawPhantom(rng: Rng, sex: 'F' | 'M'): CtPhantom {
  const size = sex === 'M' ? rng.uniform(1, 1.1) : rng.uniform(0.9, 1);
  const a = rng.uniform(150, 172) * size;
  const b = rng.uniform(100, 120) * size;
  const spineY = b - rng.uniform(50, 58);
  const rightZ = rng.uniform(-130, -105);
  return {
    body: { a, b, fat: rng.uniform(7, 24), muscle: rng.uniform(9, 15), wobble: Array.from({ length: 6 }, () => rng.uniform(0, 2 * PI)) },
    neck: { a: rng.uniform(58, 68), b: rng.uniform(55, 65) },
    apexZ: rng.uniform(45, 65),
    dome: { rightZ, leftZ: rightZ - rng.uniform(5, 18), fall: rng.uniform(50, 70) },
    spine: { y: spineY, period: rng.uniform(24, 28), phase: rng.next() },
    heart: {
      cx: rng.uniform(18, 30),
      cy: rng.uniform(-35, -20),
      cz: rng.uniform(-85, -70),
      rx: rng.uniform(55, 66),
      ry: rng.uniform(44, 54),
      rz: rng.uniform(50, 60),
      angle: rng.uniform(-0.7, -0.4),
    },
    aorta: {
      archZ: rng.uniform(18, 30),
      ascending: [rng.uniform(-8, 2), rng.uniform(-45, -35)],
      descending: [rng.uniform(20, 28), spineY - rng.uniform(24, 30)],
      radius: rng.uniform(12, 16),
    },
    trachea: { y: spineY - rng.uniform(40, 46), radius: rng.uniform(8, 10) },
    ribs: { topZ: rng.uniform(55, 70), spacing: rng.uniform(21, 25), drop: rng.uniform(45, 70) },
    stomachGas: rng.chance(0.7),
    sex,
    noiseHu: rng.uniform(9, 18),
  };
}

/** Outer body half-axes (mm) at z: neck above the apices, shoulders around them, chest, then a slightly narrower abdomen. */
export function bodyAt(p: CtPhantom, z: number): { a: number; b: number } {
  const neck = smoothstep(p.apexZ + 15, p.apexZ + 55, z);
  const shoulders = exp(-(((z - p.apexZ) / 30) ** 2));
  const abdomen = smoothstep(-150, -300, z);
  const w = p.body.wobble;
  // A few millimetres of slow wobble: breathing, posture, soft tissue.
  const wobbleA = 2.5 * sin(z / 37 + w[0]) + 1.5 * sin(z / 13 + w[1]);
  const wobbleB = 2 * sin(z / 41 + w[2]) + 1 * sin(z / 17 + w[3]);
  const a = (p.body.a * (1 + 0.12 * shoulders - 0.05 * abdomen) + wobbleA) * (1 - neck) + p.neck.a * neck;
  const b = (p.body.b * (1 + 0.03 * abdomen) + wobbleB) * (1 - neck) + p.neck.b * neck;
  return { a, b };
}

/** Half-axes of the thoracic (or abdominal) cavity inside skin, fat, muscle and ribs. */
export function cavityAt(p: CtPhantom, z: number): { a: number; b: number } {
  const body = bodyAt(p, z);
  const neck = smoothstep(p.apexZ + 15, p.apexZ + 55, z);
  const wall = (2 + p.body.fat + p.body.muscle + 9) * (1 - neck) + 14 * neck;
  return { a: max(10, body.a - wall), b: max(10, body.b - wall) };
}

/** z of the diaphragm under (x, y): a dome on each side, falling towards the chest wall. */
export function diaphragmZ(p: CtPhantom, x: number, y: number, cavityA: number): number {
  const right = x < 0;
  const top = right ? p.dome.rightZ : p.dome.leftZ;
  const cx = (right ? -1 : 1) * cavityA * 0.45;
  const r2 = ((x - cx) / (cavityA * 0.55)) ** 2 + ((y - 5) / (cavityA * 0.6)) ** 2;
  return top - p.dome.fall * r2;
}

/** How much of the lung's cross-section exists at z near the apex (0 above it, 1 well below). */
export function apexScale(p: CtPhantom, z: number): number {
  return sqrt(max(0, min(1, (p.apexZ - z) / 55)));
}

/** Hermite step from 0 at `e0` to 1 at `e1` (also for e0 > e1). */
export function smoothstep(e0: number, e1: number, x: number): number {
  const t = min(1, max(0, (x - e0) / (e1 - e0)));
  return t * t * (3 - 2 * t);
}
