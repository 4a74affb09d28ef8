import type { Rng } from '../random/rng';
import { boxBlur } from '../raster/blur';
import type { Grid } from '../raster/paint';
import { bounds, paintCapsule, paintEllipse } from '../raster/paint';
import { lungEllipse } from './lungs';
import type { CtPhantom } from './phantom';
import { bodyAt, cavityAt, diaphragmZ, smoothstep } from './phantom';
import type { VesselSegment } from './vessel-tree';

// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { PI, abs, cos, max, min, round, sin, sqrt } = Math;

/** Stored value = HU + 1024 (RescaleIntercept −1024): air is 24, water 1024. */
export const CT_RESCALE_INTERCEPT = -1024;

const HU = {
  air: -1000,
  fat: -95,
  mediastinalFat: -80,
  skin: 25,
  muscle: 48,
  blood: 40,
  myocardium: 50,
  liver: 60,
  spleen: 48,
  kidney: 32,
  csf: 12,
  disc: 85,
  marrow: 230,
  cortex: 720,
  cartilage: 120,
  tableShell: 160,
  tableFoam: -880,
} as const;

/** What every slice of a series shares: the phantom, its vessel tree and the pixel grid. */
export interface SeriesScene {
  phantom: CtPhantom;
  vessels: VesselSegment[];
  grid: Grid;
}

/** Renders the slab of thickness `thickness` centred at anatomical z (mm from the carina) as stored values. */
export function renderSlice(scene: SeriesScene, z: number, thickness: number, rng: Rng): Int16Array {
  const { phantom: p, grid } = scene;
  const n = grid.columns * grid.rows;
  const img = new Float32Array(n).fill(HU.air);
  const lung = new Uint8Array(n);
  table(img, grid, p);
  const body = bodyAt(p, z);
  const cavity = cavityAt(p, z);
  const neck = smoothstep(p.apexZ + 15, p.apexZ + 55, z);
  paintEllipse(img, grid, { cx: 0, cy: 0, rx: body.a, ry: body.b }, HU.skin);
  paintEllipse(img, grid, { cx: 0, cy: 0, rx: body.a - 2, ry: body.b - 2 }, HU.fat);
  const fat = p.body.fat * (1 - neck) + 4 * neck;
  paintEllipse(img, grid, { cx: 0, cy: 0, rx: body.a - 2 - fat, ry: body.b - 2 - fat }, HU.muscle);
  // Paraspinal muscles under the posterior fat.
  for (const s of [-1, 1]) paintEllipse(img, grid, { cx: s * 28, cy: p.spine.y + 30, rx: 24, ry: 17 }, HU.muscle);
  const abdomen = z < max(p.dome.rightZ, p.dome.leftZ) - 10;
  // Around the apices the thoracic inlet is mostly muscle and vessels, not mediastinal fat.
  const inlet = z > p.apexZ - 25;
  paintEllipse(
    img,
    grid,
    { cx: 0, cy: 0, rx: cavity.a, ry: cavity.b },
    neck > 0.5 || inlet ? HU.muscle : abdomen ? HU.spleen : HU.mediastinalFat,
  );
  lungsAndUpperAbdomen(img, lung, grid, p, z, cavity);
  vessels(img, lung, grid, scene.vessels, z, thickness);
  mediastinum(img, grid, p, z);
  abdomenOrgans(img, grid, p, z);
  spine(img, grid, p, z);
  ribs(img, grid, p, z, thickness, cavity);
  shoulderGirdle(img, grid, p, z, cavity, body);
  return finish(img, grid, rng, p.noiseHu);
}

function table(img: Float32Array, grid: Grid, p: CtPhantom): void {
  const top = p.body.b * 1.03 + 2;
  // A shallow cradle: a carbon-fibre shell over foam, over a second shell.
  for (let x = -210; x < 210; x += 3) {
    const y = top - 0.0007 * x * x;
    const y2 = top + 34 - 0.0004 * x * x;
    paintCapsule(img, grid, x, y, x + 3, top - 0.0007 * (x + 3) ** 2, 1.6, HU.tableShell);
    paintCapsule(img, grid, x, (y + y2) / 2 + 1, x + 3, (y + y2) / 2 + 1, (y2 - y) / 2 - 2.5, HU.tableFoam);
    paintCapsule(img, grid, x, y2, x + 3, top + 34 - 0.0004 * (x + 3) ** 2, 1.6, HU.tableShell);
  }
}

function lungsAndUpperAbdomen(
  img: Float32Array,
  lung: Uint8Array,
  grid: Grid,
  p: CtPhantom,
  z: number,
  cavity: { a: number; b: number },
): void {
  const right = lungEllipse(p, -1, z);
  const left = lungEllipse(p, 1, z);
  if (!right || !left) return;
  const b = bounds(grid, -cavity.a, -cavity.b, cavity.a, cavity.b);
  for (let r = b.r0; r <= b.r1; r++) {
    const y = grid.y0 + r * grid.spacing;
    // Lungs are denser where they hang (posterior, the patient lies supine).
    const lungHu = -865 + 75 * smoothstep(-cavity.b, cavity.b, y);
    for (let c = b.c0, i = r * grid.columns + b.c0; c <= b.c1; c++, i++) {
      const x = grid.x0 + c * grid.spacing;
      if ((x / cavity.a) ** 2 + (y / cavity.b) ** 2 > 1 || abs(x) < 12) continue;
      const e = x < 0 ? right : left;
      const q = ((x - e.cx) / e.rx) ** 2 + ((y - e.cy) / e.ry) ** 2;
      if (q > 1) continue;
      const diaphragm = diaphragmZ(p, x, y, cavity.a);
      if (z > diaphragm) {
        // A millimetre of pleura: blend at the outline so the lung edge is not stair-stepped.
        const edge = min(1, ((1 - q) * min(e.rx, e.ry)) / (2 * grid.spacing), (z - diaphragm) / 3);
        img[i] = img[i] + (lungHu - img[i]) * edge;
        lung[i] = 1;
      } else {
        img[i] = x < 8 ? HU.liver : HU.spleen;
      }
    }
  }
}

function vessels(img: Float32Array, lung: Uint8Array, grid: Grid, segments: VesselSegment[], z: number, thickness: number): void {
  const lo = z - thickness / 2;
  const hi = z + thickness / 2;
  for (const s of segments) {
    if (s.zMax < lo || s.zMin > hi) continue;
    // The part of the segment inside the slab, projected onto it (partial volume for oblique vessels).
    let t0 = 0;
    let t1 = 1;
    const dz = s.z1 - s.z0;
    if (abs(dz) > 1e-6) {
      const ta = (lo - s.radius - s.z0) / dz;
      const tb = (hi + s.radius - s.z0) / dz;
      t0 = max(0, min(ta, tb));
      t1 = min(1, max(ta, tb));
      if (t1 < t0) continue;
    }
    const x0 = s.x0 + (s.x1 - s.x0) * t0;
    const y0 = s.y0 + (s.y1 - s.y0) * t0;
    const x1 = s.x0 + (s.x1 - s.x0) * t1;
    const y1 = s.y0 + (s.y1 - s.y0) * t1;
    paintCapsule(img, grid, x0, y0, x1, y1, s.radius, HU.blood, lung);
  }
}

function mediastinum(img: Float32Array, grid: Grid, p: CtPhantom, z: number): void {
  const h = p.heart;
  const ao = p.aorta;
  const sy = p.spine.y;
  const thorax = z < p.apexZ + 25 && z > min(p.dome.leftZ, p.dome.rightZ) - 40;
  if (z > -15 && z < p.apexZ + 20) {
    // Upper mediastinum: fat and thymic remnant in front of the trachea, holding the great vessels.
    paintEllipse(img, grid, { cx: 0, cy: p.trachea.y - 18, rx: 26, ry: 40 }, HU.mediastinalFat);
  }
  if (abs(z - h.cz) < h.rz) {
    const f = sqrt(1 - ((z - h.cz) / h.rz) ** 2);
    paintEllipse(img, grid, { cx: h.cx, cy: h.cy, rx: h.rx * f + 5, ry: h.ry * f + 5, angle: h.angle }, HU.fat);
    paintEllipse(img, grid, { cx: h.cx, cy: h.cy, rx: h.rx * f, ry: h.ry * f, angle: h.angle }, HU.myocardium);
    paintEllipse(img, grid, { cx: h.cx + 6, cy: h.cy + 4, rx: h.rx * f * 0.72, ry: h.ry * f * 0.7, angle: h.angle }, HU.blood);
  }
  const ascendingFrom = h.cz + h.rz * 0.55;
  if (z > ascendingFrom && z < ao.archZ)
    paintEllipse(img, grid, { cx: ao.ascending[0], cy: ao.ascending[1], rx: ao.radius, ry: ao.radius }, HU.blood);
  if (abs(z - ao.archZ) < ao.radius * 0.9) {
    const w = sqrt(1 - ((z - ao.archZ) / (ao.radius * 0.9)) ** 2);
    paintCapsule(img, grid, ao.ascending[0], ao.ascending[1], ao.descending[0], ao.descending[1], ao.radius * 0.85 * w, HU.blood);
  }
  if (z < ao.archZ) {
    // The descending aorta drifts to the midline in front of the spine as it nears the abdomen.
    const t = smoothstep(-40, -200, z);
    paintEllipse(
      img,
      grid,
      { cx: ao.descending[0] * (1 - t) + 4 * t, cy: ao.descending[1] * (1 - t) + (sy - 26) * t, rx: ao.radius * 0.8, ry: ao.radius * 0.8 },
      HU.blood,
    );
  }
  if (z > ascendingFrom - 5 && z < ascendingFrom + 25) {
    paintEllipse(img, grid, { cx: ao.ascending[0] + 30, cy: ao.ascending[1] + 4, rx: 13, ry: 13 }, HU.blood);
    if (z > ascendingFrom + 12) {
      paintCapsule(img, grid, ao.ascending[0] + 30, ao.ascending[1] + 4, 46, sy - 46, 9, HU.blood);
      paintCapsule(img, grid, ao.ascending[0] + 20, ao.ascending[1] + 14, -44, sy - 44, 8.5, HU.blood);
    }
  }
  if (z > ascendingFrom && z < ao.archZ + 30) paintEllipse(img, grid, { cx: -26, cy: ao.ascending[1] + 16, rx: 10, ry: 11 }, HU.blood);
  if (z >= ao.archZ + 8 && z < p.apexZ + 60) {
    // Arch branches and the jugular veins rising into the neck.
    for (const [x, dy, r] of [
      [-14, -6, 6],
      [8, -4, 4.5],
      [20, 0, 5],
      [-30, -14, 8],
      [32, -12, 7],
    ] as const)
      paintEllipse(img, grid, { cx: x * (1 + smoothstep(ao.archZ, p.apexZ + 50, z) * 0.5), cy: p.trachea.y + dy, rx: r, ry: r }, HU.blood);
  }
  // Trachea above the carina, main bronchi below it.
  const t = p.trachea;
  if (z >= 0) {
    paintEllipse(img, grid, { cx: 0, cy: t.y, rx: t.radius + 2, ry: t.radius + 1.5 }, HU.muscle - 20);
    paintEllipse(img, grid, { cx: 0, cy: t.y, rx: t.radius, ry: t.radius * 0.9 }, HU.air);
  } else if (z > -35) {
    for (const s of [-1, 1]) {
      const x = s * (6 + -z * (s < 0 ? 1.1 : 0.9));
      paintEllipse(img, grid, { cx: x, cy: t.y + 2, rx: t.radius * 0.75 + 1.5, ry: t.radius * 0.7 + 1.5 }, HU.muscle - 20);
      paintEllipse(img, grid, { cx: x, cy: t.y + 2, rx: t.radius * 0.75, ry: t.radius * 0.7 }, HU.air);
    }
  }
  if (thorax || z >= p.apexZ + 25) {
    paintEllipse(img, grid, { cx: 5, cy: sy - 27, rx: 8, ry: 6 }, HU.muscle - 10);
    paintEllipse(img, grid, { cx: 5, cy: sy - 27, rx: 1.8, ry: 1.2 }, HU.air);
  }
  if (z > p.apexZ + 20) {
    // Thyroid lobes either side of the trachea.
    for (const s of [-1, 1]) paintEllipse(img, grid, { cx: s * 17, cy: t.y - 4, rx: 9, ry: 13 }, 85);
  }
}

function abdomenOrgans(img: Float32Array, grid: Grid, p: CtPhantom, z: number): void {
  const d = p.dome;
  if (p.stomachGas && z < d.leftZ - 4 && z > d.leftZ - 70) {
    const f = sqrt(1 - ((z - (d.leftZ - 37)) / 34) ** 2);
    paintEllipse(img, grid, { cx: 52, cy: -12, rx: 34 * f, ry: 26 * f }, 20);
    // Gas rises: only the anterior part of the stomach holds air in a supine patient.
    paintEllipse(img, grid, { cx: 52, cy: -22, rx: 28 * f, ry: 12 * f }, HU.air);
  }
  if (z < -190) {
    const f = sqrt(max(0, 1 - ((z + 245) / 55) ** 2));
    for (const s of [-1, 1]) paintEllipse(img, grid, { cx: s * 68, cy: p.spine.y - 4, rx: 26 * f, ry: 18 * f, angle: s * 0.5 }, HU.kidney);
  }
}

function spine(img: Float32Array, grid: Grid, p: CtPhantom, z: number): void {
  const y = p.spine.y;
  const phase = (((z / p.spine.period + p.spine.phase) % 1) + 1) % 1;
  if (phase < 0.2) {
    paintEllipse(img, grid, { cx: 0, cy: y, rx: 20, ry: 16 }, HU.disc);
  } else {
    paintEllipse(img, grid, { cx: 0, cy: y, rx: 20, ry: 16 }, HU.cortex);
    paintEllipse(img, grid, { cx: 0, cy: y, rx: 17.5, ry: 13.5 }, HU.marrow);
  }
  const arch = phase > 0.25 && phase < 0.85;
  if (arch) {
    paintEllipse(img, grid, { cx: 0, cy: y + 27, rx: 15, ry: 13 }, 600);
    if (phase > 0.3 && phase < 0.8) paintEllipse(img, grid, { cx: 0, cy: y + 42, rx: 4.5, ry: 11 }, 560);
    if (phase > 0.35 && phase < 0.7) {
      for (const s of [-1, 1]) paintCapsule(img, grid, s * 10, y + 22, s * 30, y + 27, 5, 560);
    }
  }
  paintEllipse(img, grid, { cx: 0, cy: y + 26, rx: 9, ry: 8.5 }, HU.csf);
}

function ribs(img: Float32Array, grid: Grid, p: CtPhantom, z: number, thickness: number, cavity: { a: number; b: number }): void {
  const r = p.ribs;
  const reach = 5 + thickness / 2;
  const th0 = (20 * PI) / 180;
  for (let k = 0; k < 12; k++) {
    const z0 = r.topZ - k * r.spacing;
    if (z > z0 + reach || z < z0 - r.drop - reach - 10) continue;
    // Upper ribs reach the sternum through their cartilage; the lowest float free at the side.
    const thEnd = ((k < 7 ? 150 : 150 - (k - 6) * 14) * PI) / 180;
    const thCartilage = k < 7 ? (172 * PI) / 180 : thEnd;
    for (const s of [-1, 1]) {
      for (let th = th0; th < thCartilage; th += 0.025) {
        const along = min(1, (th - th0) / (thEnd - th0));
        const zr = z0 - r.drop * along ** 1.3 - (th > thEnd ? (th - thEnd) * 12 : 0);
        if (abs(zr - z) > reach) continue;
        const x = s * (cavity.a + 5) * sin(th);
        const y = (cavity.b + 5) * cos(th);
        if (th > thEnd) {
          paintEllipse(img, grid, { cx: x, cy: y, rx: 4.5, ry: 4.5 }, HU.cartilage);
        } else {
          paintEllipse(img, grid, { cx: x, cy: y, rx: 5, ry: 5 }, HU.cortex);
          paintEllipse(img, grid, { cx: x, cy: y, rx: 3, ry: 3 }, HU.marrow);
        }
      }
    }
  }
  if (z < p.apexZ - 5 && z > -135) {
    paintEllipse(img, grid, { cx: 0, cy: -(cavity.b + 7), rx: 15, ry: 6 }, HU.cortex);
    paintEllipse(img, grid, { cx: 0, cy: -(cavity.b + 7), rx: 12.5, ry: 3.8 }, HU.marrow);
  }
}

function shoulderGirdle(
  img: Float32Array,
  grid: Grid,
  p: CtPhantom,
  z: number,
  cavity: { a: number; b: number },
  body: { a: number; b: number },
): void {
  if (abs(z - (p.apexZ - 2)) < 9) {
    for (const s of [-1, 1]) paintCapsule(img, grid, s * 16, -(cavity.b + 12), s * body.a * 0.72, -body.b * 0.5, 4.5, HU.cortex);
  }
  if (z < p.apexZ + 10 && z > p.apexZ - 120) {
    // Scapular blades lie on the posterior chest wall, outside the ribs.
    for (const s of [-1, 1])
      paintCapsule(img, grid, s * cavity.a * 0.42, cavity.b + 20, s * cavity.a * 0.98, cavity.b * 0.35 + 14, 2.5, 520);
  }
}

/** Partial-volume blur, correlated noise, then HU to stored values. */
function finish(img: Float32Array, grid: Grid, rng: Rng, noiseHu: number): Int16Array {
  const w = grid.columns;
  const h = grid.rows;
  const smooth = boxBlur(img, w, h, 1, 1);
  const noise = boxBlur(rng.fillNormal(new Float32Array(w * h)), w, h, 1, 1);
  // A 3×3 box cuts the noise's standard deviation to a third: scale it back to noiseHu.
  const gain = 3 * noiseHu;
  const out = new Int16Array(w * h);
  for (let i = 0; i < out.length; i++) {
    const hu = smooth[i] + gain * noise[i];
    const v = round(hu - CT_RESCALE_INTERCEPT);
    out[i] = v < 0 ? 0 : v > 4095 ? 4095 : v;
  }
  return out;
}
