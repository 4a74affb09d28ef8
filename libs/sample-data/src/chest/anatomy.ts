import type { Rng } from '../random/rng';

/** Patient-side geometry of one lung, in detector-plane mm; `u` is the distance from the midline. */
export interface LungShape {
  /** Y of the apex (negative is up). */
  apexY: number;
  /** u of the apex. */
  apexU: number;
  /** Widest lateral extent. */
  width: number;
  /** Y of the diaphragm dome's top and the u where it peaks. */
  domeY: number;
  domeU: number;
  /** How far the dome falls from its top to the costophrenic angle. */
  costophrenicDrop: number;
}

/** Every anatomical and acquisition parameter of one radiograph; drawn once per case from its anatomy seed. */
export interface ChestAnatomy {
  view: 'PA' | 'AP';
  sex: 'F' | 'M';
  /** In-plane rotation (degrees), isotropic size factor and shift (mm) of the patient on the detector. */
  rotationDeg: number;
  scale: number;
  shiftX: number;
  shiftY: number;
  bodyHalfWidth: number;
  neckHalfWidth: number;
  shoulderY: number;
  /** Patient right lung (image left, X < 0) and left lung. */
  right: LungShape;
  left: LungShape;
  mediastinumHalfWidth: number;
  heart: { cx: number; cy: number; rx: number; ry: number; tiltDeg: number };
  aorticKnob: { x: number; y: number; r: number };
  trachea: { halfWidth: number; carinaY: number };
  spine: { halfWidth: number; period: number; phase: number };
  ribs: {
    firstY: number;
    spacing: number;
    growth: number;
    rise: number;
    drop: number;
    anteriorSlope: number;
    width: number;
    density: number;
    jitter: number[];
  };
  /** Hilum centres, where the vessel trees start. */
  hila: { x: number; y: number }[];
  clavicle: { medialY: number; lateralY: number; thickness: number };
  scapulaU: number;
  breast?: { u: number; y: number; r: number; density: number };
  nipples?: { u: number; y: number; r: number };
  gastricBubble?: { x: number; y: number; r: number };
  vesselProminence: number;
  exposure: { gain: number; offset: number; gamma: number };
  gradient: { x: number; y: number };
  noise: { quantum: number; mottle: number };
}

/** Draws a plausible adult chest: sizes, positions and exposure vary within normal ranges. */
export function drawChestAnatomy(rng: Rng, sex: 'F' | 'M'): ChestAnatomy {
  const view = rng.chance(0.8) ? 'PA' : 'AP';
  const size = sex === 'M' ? rng.uniform(0.97, 1.08) : rng.uniform(0.88, 0.99);
  const apexY = rng.uniform(-150, -135);
  const rightDome = rng.uniform(65, 95);
  const lung = (side: 'R' | 'L'): LungShape => ({
    apexY: apexY + rng.uniform(-5, 5),
    apexU: rng.uniform(52, 64),
    width: rng.uniform(122, 142),
    domeY: side === 'R' ? rightDome : rightDome + rng.uniform(4, 20),
    domeU: rng.uniform(62, 82),
    costophrenicDrop: rng.uniform(28, 48),
  });
  // AP films magnify the heart (it is far from the detector) and are taken of sicker, rotated, shallower-breathing patients.
  const ap = view === 'AP';
  const right = lung('R');
  const left = lung('L');
  return {
    view,
    sex,
    rotationDeg: rng.normal(0, ap ? 3 : 1.5),
    scale: size,
    shiftX: rng.uniform(-12, 12),
    shiftY: rng.uniform(-12, 16),
    bodyHalfWidth: rng.uniform(168, 188),
    neckHalfWidth: rng.uniform(48, 62),
    shoulderY: rng.uniform(-172, -158),
    right,
    left,
    mediastinumHalfWidth: rng.uniform(22, 30) * (ap ? 1.12 : 1),
    heart: {
      cx: rng.uniform(14, 30),
      cy: rng.uniform(42, 58) + (ap ? -6 : 0),
      rx: rng.uniform(60, 76) * (ap ? 1.12 : 1),
      ry: rng.uniform(46, 58),
      tiltDeg: rng.uniform(12, 30),
    },
    aorticKnob: { x: rng.uniform(26, 36), y: rng.uniform(-80, -66), r: rng.uniform(13, 19) },
    trachea: { halfWidth: rng.uniform(7.5, 10), carinaY: rng.uniform(-58, -42) },
    spine: { halfWidth: rng.uniform(17, 22), period: rng.uniform(23, 28), phase: rng.next() },
    ribs: {
      firstY: apexY + rng.uniform(4, 14),
      spacing: rng.uniform(18, 22),
      growth: rng.uniform(0.01, 0.03),
      rise: rng.uniform(0.12, 0.3),
      drop: rng.uniform(35, 55),
      anteriorSlope: rng.uniform(0.4, 0.65),
      width: rng.uniform(8.5, 11),
      density: rng.uniform(0.04, 0.065),
      // Ribs are not a grating: each is a little off the regular spacing and width.
      jitter: Array.from({ length: 12 }, () => rng.uniform(-2.5, 2.5)),
    },
    hila: [
      { x: -rng.uniform(38, 50), y: rng.uniform(-15, 5) },
      { x: rng.uniform(36, 48), y: rng.uniform(-30, -10) },
    ],
    clavicle: { medialY: apexY + rng.uniform(18, 32), lateralY: apexY + rng.uniform(-12, 2), thickness: rng.uniform(11, 14) },
    scapulaU: ap ? rng.uniform(95, 115) : rng.uniform(125, 145),
    breast:
      sex === 'F'
        ? { u: rng.uniform(80, 110), y: rng.uniform(60, 95), r: rng.uniform(60, 95), density: rng.uniform(0.05, 0.12) }
        : undefined,
    nipples: rng.chance(0.25) ? { u: rng.uniform(70, 95), y: rng.uniform(20, 60), r: rng.uniform(3.5, 6) } : undefined,
    gastricBubble: rng.chance(0.6) ? { x: rng.uniform(55, 95), y: left.domeY + rng.uniform(22, 38), r: rng.uniform(12, 24) } : undefined,
    vesselProminence: rng.uniform(0.6, 1.4),
    exposure: { gain: rng.uniform(0.88, 1.12), offset: rng.uniform(-0.03, 0.04), gamma: rng.uniform(0.85, 1.15) },
    gradient: { x: rng.uniform(-0.07, 0.07), y: rng.uniform(-0.08, 0.08) },
    noise: { quantum: rng.uniform(8, 26), mottle: rng.uniform(0.008, 0.022) },
  };
}
