import { seededRandom } from '@triage/test-support';
import type { DecodedFrame } from '@triage/codec';

/** Rescale intercept of the synthetic slice: stored value = HU + 1024. */
export const CT_RESCALE_INTERCEPT = -1024;

interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  hu: number;
  angle?: number;
}

/**
 * A 512×512 signed 16-bit axial CT slice at the level of the upper abdomen, in the statistics that
 * matter to a lossless coder: air and a circular field of view padded with -2000 HU, a body
 * ellipse of fat and muscle, liver, spleen, kidneys, aorta, a vertebra with cortical bone, bowel
 * gas, a patient table, and Gaussian quantum noise (σ ≈ 12 HU) over everything inside the body.
 */
export function syntheticCtSlice(seed = 42, size = 512): DecodedFrame {
  const random = gaussian(seed);
  const s = size / 512;
  const body: Ellipse = { cx: 256, cy: 270, rx: 210, ry: 150, hu: -100 };
  const organs: Ellipse[] = [
    { cx: 256, cy: 270, rx: 190, ry: 132, hu: 45 }, // muscle wall inside the fat
    { cx: 256, cy: 268, rx: 175, ry: 118, hu: -90 }, // visceral fat
    { cx: 190, cy: 240, rx: 95, ry: 80, hu: 60, angle: -0.3 }, // liver
    { cx: 345, cy: 250, rx: 40, ry: 55, hu: 50, angle: 0.4 }, // spleen
    { cx: 200, cy: 325, rx: 30, ry: 38, hu: 35 }, // right kidney
    { cx: 315, cy: 325, rx: 30, ry: 38, hu: 35 }, // left kidney
    { cx: 270, cy: 290, rx: 13, ry: 13, hu: 180 }, // contrast-filled aorta
    { cx: 300, cy: 215, rx: 35, ry: 22, hu: 25 }, // stomach
    { cx: 330, cy: 205, rx: 18, ry: 10, hu: -950 }, // gas in the stomach
    { cx: 256, cy: 345, rx: 33, ry: 30, hu: 700 }, // vertebral body, cortical rim
    { cx: 256, cy: 345, rx: 27, ry: 24, hu: 250 }, // cancellous bone
    { cx: 256, cy: 395, rx: 9, ry: 22, hu: 600 }, // spinous process
    { cx: 256, cy: 375, rx: 8, ry: 7, hu: 20 }, // spinal canal
  ];
  const pixels = new Int16Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = x / s,
        py = y / s;
      let hu: number;
      if ((px - 256) ** 2 + (py - 256) ** 2 > 250 ** 2)
        hu = -2000; // outside the reconstruction circle
      else if (py > 432 && py < 446 && Math.abs(px - 256) < 220)
        hu = 300 + random() * 20; // table
      else if (!inside(body, px, py)) hu = -1000 + random() * 5;
      else {
        hu = body.hu;
        for (const organ of organs) if (inside(organ, px, py)) hu = organ.hu;
        // Texture: slow ripples as in enhancing parenchyma, and quantum noise.
        hu += 6 * Math.sin(px / 7) * Math.cos(py / 9) + random() * 12;
      }
      pixels[y * size + x] = Math.round(hu - CT_RESCALE_INTERCEPT);
    }
  }
  return {
    pixels: new Uint8Array(pixels.buffer),
    rows: size,
    columns: size,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 1,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
  };
}

function inside(e: Ellipse, x: number, y: number): boolean {
  const a = e.angle ?? 0;
  const dx = x - e.cx,
    dy = y - e.cy;
  const u = dx * Math.cos(a) + dy * Math.sin(a);
  const v = -dx * Math.sin(a) + dy * Math.cos(a);
  return (u / e.rx) ** 2 + (v / e.ry) ** 2 <= 1;
}

/** Standard normal samples from a seeded generator (mulberry32 + Box-Muller). */
function gaussian(seed: number): () => number {
  const random = seededRandom(seed);
  // 1 - random() is in (0, 1]: log(0) never happens.
  const uniform = (): number => 1 - random();
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}
