// Jest 30 runs tests in a context whose global object is a Proxy: every `Math.x` in a per-pixel
// loop would pay a proxy trap (20× slower). A module-level binding is looked up once.
const { ceil, cos, floor, max, min, sin, sqrt } = Math;

/** A square pixel grid over patient mm: pixel (column, row) has its centre at (x0 + column·spacing, y0 + row·spacing). */
export interface Grid {
  columns: number;

  rows: number;
  x0: number;
  y0: number;
  spacing: number;
}

/** A filled ellipse in mm, rotated by `angle` radians. */
export interface Ellipse {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  angle?: number;
}

/**
 * Paints `value` into `image` inside the ellipse, blending one pixel of edge for anti-aliasing.
 * With `where`, only pixels whose mask is set are painted.
 */
export function paintEllipse(image: Float32Array, grid: Grid, e: Ellipse, value: number, where?: Uint8Array): void {
  if (e.rx <= 0 || e.ry <= 0) return;
  const reach = max(e.rx, e.ry) + grid.spacing;
  const ca = cos(e.angle ?? 0);
  const sa = sin(e.angle ?? 0);
  const edge = grid.spacing / min(e.rx, e.ry);
  const b = bounds(grid, e.cx - reach, e.cy - reach, e.cx + reach, e.cy + reach);
  for (let r = b.r0; r <= b.r1; r++) {
    const dy = grid.y0 + r * grid.spacing - e.cy;
    for (let c = b.c0, i = r * grid.columns + b.c0; c <= b.c1; c++, i++) {
      if (where && !where[i]) continue;
      const dx = grid.x0 + c * grid.spacing - e.cx;
      const u = (dx * ca + dy * sa) / e.rx;
      const v = (-dx * sa + dy * ca) / e.ry;
      const alpha = (1 + edge / 2 - sqrt(u * u + v * v)) / edge;
      if (alpha <= 0) continue;
      image[i] = alpha >= 1 ? value : image[i] + (value - image[i]) * alpha;
    }
  }
}

/** Paints a capsule (a segment with round ends) of radius `radius` mm. */
export function paintCapsule(
  image: Float32Array,
  grid: Grid,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  radius: number,
  value: number,
  where?: Uint8Array,
): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len2 = dx * dx + dy * dy || 1e-9;
  const edge = grid.spacing;
  const reach = radius + edge;
  const b = bounds(grid, min(x0, x1) - reach, min(y0, y1) - reach, max(x0, x1) + reach, max(y0, y1) + reach);
  for (let r = b.r0; r <= b.r1; r++) {
    const py = grid.y0 + r * grid.spacing - y0;
    for (let c = b.c0, i = r * grid.columns + b.c0; c <= b.c1; c++, i++) {
      if (where && !where[i]) continue;
      const px = grid.x0 + c * grid.spacing - x0;
      const t = min(1, max(0, (px * dx + py * dy) / len2));
      const ex = px - t * dx;
      const ey = py - t * dy;
      const alpha = (radius + edge / 2 - sqrt(ex * ex + ey * ey)) / edge;
      if (alpha <= 0) continue;
      image[i] = alpha >= 1 ? value : image[i] + (value - image[i]) * alpha;
    }
  }
}

/** Pixel index bounds (inclusive) of the pixels whose centres fall in the mm box, clipped to the grid. */
export function bounds(
  grid: Grid,
  xMin: number,
  yMin: number,
  xMax: number,
  yMax: number,
): { c0: number; c1: number; r0: number; r1: number } {
  return {
    c0: max(0, floor((xMin - grid.x0) / grid.spacing)),
    c1: min(grid.columns - 1, ceil((xMax - grid.x0) / grid.spacing)),
    r0: max(0, floor((yMin - grid.y0) / grid.spacing)),
    r1: min(grid.rows - 1, ceil((yMax - grid.y0) / grid.spacing)),
  };
}
