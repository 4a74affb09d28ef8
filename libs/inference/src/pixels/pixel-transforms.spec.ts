import type { DecodedFrame } from '@triage/codec';
import { resizeToSquare } from './resize-image';
import { windowPixels } from './window-pixels';

function frame(values: number[], rows: number, columns: number, photometricInterpretation = 'MONOCHROME2'): DecodedFrame {
  const pixels = new Uint8Array(new Uint16Array(values).buffer);
  return {
    pixels,
    rows,
    columns,
    samplesPerPixel: 1,
    bitsAllocated: 16,
    bitsStored: 16,
    pixelRepresentation: 0,
    photometricInterpretation,
    planarConfiguration: 0,
  };
}
const round = (a: Float32Array, digits = 4) => Array.from(a, (v) => Number(v.toFixed(digits)));

describe('windowPixels', () => {
  it('applies the Modality LUT, then the file window (PS3.3 LINEAR), then inverts MONOCHROME1', () => {
    // Stored 0..400, slope 2, intercept -100: values -100, 100, 300, 500, 700; window 300/401 spans 100..500.
    const f = frame([0, 100, 200, 300, 400], 1, 5);
    const display = {
      rescaleSlope: 2,
      rescaleIntercept: -100,
      window: { center: 300.5, width: 401, function: 'LINEAR' as const },
      invert: false,
    };
    expect(round(windowPixels(f, display).pixels)).toEqual([0, 0, 0.5, 1, 1]);
    expect(round(windowPixels(f, { ...display, invert: true }).pixels)).toEqual([1, 1, 0.5, 0, 0]);
    expect(windowPixels(f, display).window).toEqual({ center: 300.5, width: 401, source: 'file' });
  });

  // (x - (c - 0.5)) / (w - 1) + 0.5 with c 49.5, w 99: 1 maps to 0.0102.
  it('without a window, spans the 0.5th to 99.5th percentile, so one hot pixel does not flatten the image', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i % 100);
    values[0] = 60000;
    const { pixels, window } = windowPixels(frame(values, 10, 100), { rescaleSlope: 1, rescaleIntercept: 0, invert: false });
    expect(window).toEqual({ center: 49.5, width: 99, source: 'auto' });
    expect(round(pixels.subarray(1, 4))).toEqual([0.0102, 0.0204, 0.0306]);
    expect(pixels[0]).toBe(1);
  });
});

describe('resizeToSquare', () => {
  it('averages areas exactly when shrinking by a whole factor', () => {
    const src = Float32Array.from({ length: 16 }, (_, i) => i);
    expect(round(resizeToSquare(src, 4, 4, 2))).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it('weights fractional areas when shrinking 3 to 2, keeping the mean', () => {
    const src = Float32Array.from([0, 3, 6, 9, 12, 15, 18, 21, 24]);
    const out = resizeToSquare(src, 3, 3, 2);
    expect(round(out)).toEqual([4, 8, 16, 20]);
    expect(out.reduce((a, b) => a + b) / 4).toBeCloseTo(12, 5);
  });

  it('pads the short side centred before resizing (a wide image keeps its proportions)', () => {
    const src = Float32Array.from([1, 1, 1, 1, 1, 1, 1, 1]);
    expect(round(resizeToSquare(src, 2, 4, 4))).toEqual([0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
  });

  it('interpolates when enlarging (a constant stays constant)', () => {
    expect(round(resizeToSquare(Float32Array.from([0.25, 0.25, 0.25, 0.25]), 2, 2, 5))).toEqual(new Array(25).fill(0.25));
  });
});
