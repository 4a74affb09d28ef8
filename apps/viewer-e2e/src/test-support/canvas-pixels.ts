import type { Page } from 'playwright-core';

/** A grey image, one byte a pixel, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  grey: Uint8Array;
}

/** The viewer canvas as drawn now: its red channel (the image is grey: R = G = B). */
export async function canvasGrey(page: Page): Promise<GreyImage> {
  // Base64 of the bytes: a plain array of a million numbers would cross the protocol one number at a time.
  const { width, height, red } = await page.locator('[data-testid=viewer-canvas]').evaluate((canvas: HTMLCanvasElement) => {
    const context = canvas.getContext('2d');
    if (!context) throw new Error('the viewer canvas has no 2D context to read');
    const rgba = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let binary = '';
    for (let i = 0; i < rgba.length; i += 4) binary += String.fromCharCode(rgba[i]);
    return { width: canvas.width, height: canvas.height, red: btoa(binary) };
  });
  return { width, height, grey: new Uint8Array(Buffer.from(red, 'base64')) };
}

/** Stored pixel values with the modality LUT that makes them output units (Hounsfield units for CT). */
export interface StoredFrame {
  rows: number;
  columns: number;
  pixels: ArrayLike<number>;
  rescaleSlope: number;
  rescaleIntercept: number;
}

/**
 * The frame through a linear VOI window as PS3.3 C.11.2.1.2.1 defines it, to 8 bits: what the viewer should draw
 * for these pixels at this window, one value per stored pixel.
 */
export function windowFrame(frame: StoredFrame, window: { center: number; width: number }): GreyImage {
  const grey = new Uint8Array(frame.rows * frame.columns);
  const { center, width } = window;
  for (let i = 0; i < grey.length; i++) {
    const x = frame.pixels[i] * frame.rescaleSlope + frame.rescaleIntercept;
    const y = x <= center - 0.5 - (width - 1) / 2 ? 0 : x > center - 0.5 + (width - 1) / 2 ? 1 : (x - (center - 0.5)) / (width - 1) + 0.5;
    grey[i] = Math.round(y * 255);
  }
  return { width: frame.columns, height: frame.rows, grey };
}

/** How well a canvas shows an image: where the image lies on it, and the grey-level differences at each image pixel. */
export interface CanvasMatch {
  /** Canvas pixels per image pixel, and the canvas position of the image's top-left corner. */
  scale: number;
  left: number;
  top: number;
  /** Mean of |canvas − expected| over every image pixel, in grey levels (0–255). */
  meanAbsDiff: number;
  /** Share of image pixels whose canvas value is within {@link NEAR} grey levels of the expected one. */
  nearShare: number;
}

/** Grey levels within which a canvas pixel counts as the expected one (8-bit rounding, a GPU's LUT and sampling). */
export const NEAR = 6;

/**
 * Finds where `image` is drawn on `canvas` (fitted and centred, as a reset viewport shows it; the scale searched
 * within ±1 % and the position within ±2 canvas pixels, since the viewer's fit rounds its own way) on every other
 * image pixel, then measures the best placement on all of them, at the canvas pixel nearest each image pixel's
 * centre, where interpolation adds nothing.
 */
export function matchCanvas(canvas: GreyImage, image: GreyImage): CanvasMatch {
  const fit = Math.min(canvas.width / image.width, canvas.height / image.height);
  let best: CanvasMatch | undefined;
  for (let step = -2; step <= 2; step++) {
    const s = fit * (1 + step * 0.005);
    const centredLeft = (canvas.width - image.width * s) / 2;
    const centredTop = (canvas.height - image.height * s) / 2;
    for (let dx = -2; dx <= 2; dx++) {
      for (let dy = -2; dy <= 2; dy++) {
        const match = measure(canvas, image, s, centredLeft + dx, centredTop + dy, 2);
        if (!best || match.meanAbsDiff < best.meanAbsDiff) best = match;
      }
    }
  }
  const found = best as CanvasMatch;
  return measure(canvas, image, found.scale, found.left, found.top, 1);
}

function measure(canvas: GreyImage, image: GreyImage, scale: number, left: number, top: number, stride: number): CanvasMatch {
  let sum = 0;
  let near = 0;
  let n = 0;
  for (let row = 0; row < image.height; row += stride) {
    const y = Math.min(canvas.height - 1, Math.max(0, Math.floor(top + (row + 0.5) * scale)));
    for (let column = 0; column < image.width; column += stride) {
      const x = Math.min(canvas.width - 1, Math.max(0, Math.floor(left + (column + 0.5) * scale)));
      const diff = Math.abs(canvas.grey[y * canvas.width + x] - image.grey[row * image.width + column]);
      sum += diff;
      if (diff <= NEAR) near++;
      n++;
    }
  }
  return { scale, left, top, meanAbsDiff: sum / n, nearShare: near / n };
}

/** Mean |a − b| of two grey images of one size (how much a canvas changed). */
export function meanAbsDifference(a: GreyImage, b: GreyImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error('images of different sizes');
  let sum = 0;
  for (let i = 0; i < a.grey.length; i++) sum += Math.abs(a.grey[i] - b.grey[i]);
  return sum / a.grey.length;
}

/** The standard deviation of the grey levels (a blank canvas has none). */
export function greySpread(image: GreyImage): number {
  let sum = 0;
  let squares = 0;
  for (const g of image.grey) {
    sum += g;
    squares += g * g;
  }
  const mean = sum / image.grey.length;
  return Math.sqrt(squares / image.grey.length - mean * mean);
}
