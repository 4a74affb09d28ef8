import type { ChestAnatomy } from './anatomy';

/** Maps anatomy mm (patient centred, X to the image right, Y down) to pixels and back, with the patient's rotation, size and shift. */
export interface Placement {
  size: number;
  /** Detector mm per pixel. */
  spacing: number;
  /** Pixel (column, row) of an anatomy point. */
  toPixel(x: number, y: number): [number, number];
  /** Anatomy point of pixel centre (column, row). */
  toAnatomy(column: number, row: number): [number, number];
  /** Pixels per anatomy mm. */
  pixelsPerMm: number;
  /** {@link toAnatomy} as coefficients, for per-pixel loops: x = x0 + xc·column + xr·row, likewise y. */
  affine: { x0: number; xc: number; xr: number; y0: number; yc: number; yr: number };
}

/** The placement of `anatomy` on a square detector of `size` pixels covering `fieldMm`. */
export function placement(anatomy: ChestAnatomy, size: number, fieldMm: number): Placement {
  const spacing = fieldMm / size;
  const t = (anatomy.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  const s = anatomy.scale;
  const half = size / 2;
  // toAnatomy expanded: dx = (column + 0.5 - half)·spacing/s − shiftX/s, etc.
  const k = spacing / s;
  const ox = (0.5 - half) * k - anatomy.shiftX / s;
  const oy = (0.5 - half) * k - anatomy.shiftY / s;
  return {
    size,
    affine: { x0: cos * ox + sin * oy, xc: cos * k, xr: sin * k, y0: -sin * ox + cos * oy, yc: -sin * k, yr: cos * k },
    spacing,
    pixelsPerMm: s / spacing,
    toPixel(x, y) {
      const dx = s * (cos * x - sin * y) + anatomy.shiftX;
      const dy = s * (sin * x + cos * y) + anatomy.shiftY;
      return [dx / spacing + half - 0.5, dy / spacing + half - 0.5];
    },
    toAnatomy(column, row) {
      const dx = ((column + 0.5 - half) * spacing - anatomy.shiftX) / s;
      const dy = ((row + 0.5 - half) * spacing - anatomy.shiftY) / s;
      return [cos * dx + sin * dy, -sin * dx + cos * dy];
    },
  };
}
