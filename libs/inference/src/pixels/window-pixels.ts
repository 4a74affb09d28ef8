import type { DecodedFrame } from '@triage/codec';

/** What turns stored values into display values: the Modality LUT (rescale) and the VOI window. */
export interface DisplayParameters {
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The file's first window (rescaled units); absent: an automatic one is taken from the pixels. */
  window?: { center: number; width: number; function: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID' };
  /** MONOCHROME1 shows low values white: inverted so that bone is bright in every image. */
  invert: boolean;
}

/** The window a frame was shown with (rescaled units), and whether it was the file's or the automatic one. */
export interface WindowUsed {
  center: number;
  width: number;
  source: 'file' | 'auto';
}

/** Percentiles of the automatic window: robust to a few hot or dead pixels and to collimator borders. */
export const AUTO_WINDOW_PERCENTILES: readonly [number, number] = [0.005, 0.995];
const AUTO_WINDOW_SAMPLES = 65536;

/**
 * One grey frame as display values in [0, 1]: samples read as their type says, the Modality LUT
 * applied, then the file's window (PS3.3 C.11.2.1.2) or, without one, a linear window between the
 * 0.5th and 99.5th percentiles, then MONOCHROME1 inverted. Colour frames are reduced to luminance.
 * Returns the window used (rescaled units) for the lineage record.
 */
export function windowPixels(frame: DecodedFrame, display: DisplayParameters): { pixels: Float32Array; window: WindowUsed } {
  const values = rescaled(frame, display);
  const window = display.window
    ? { ...display.window, source: 'file' as const }
    : { ...autoWindow(values), function: 'LINEAR' as const, source: 'auto' as const };
  const out = values;
  const { center, width } = window;
  for (let i = 0; i < out.length; i++) {
    const v = voi(out[i], center, width, window.function);
    out[i] = display.invert ? 1 - v : v;
  }
  return { pixels: out, window: { center, width, source: window.source } };
}

function voi(x: number, c: number, w: number, fn: 'LINEAR' | 'LINEAR_EXACT' | 'SIGMOID'): number {
  if (fn === 'SIGMOID') return 1 / (1 + Math.exp((-4 * (x - c)) / w));
  if (fn === 'LINEAR_EXACT') return x <= c - w / 2 ? 0 : x > c + w / 2 ? 1 : (x - (c - w / 2)) / w;
  // LINEAR: the standard's half-pixel offsets; a width of 1 is a threshold.
  if (w <= 1) return x < c - 0.5 ? 0 : 1;
  if (x <= c - 0.5 - (w - 1) / 2) return 0;
  if (x > c - 0.5 + (w - 1) / 2) return 1;
  return (x - (c - 0.5)) / (w - 1) + 0.5;
}

/** The stored samples with the Modality LUT applied, one value per pixel (luminance for colour). */
function rescaled(frame: DecodedFrame, display: DisplayParameters): Float32Array {
  const n = frame.rows * frame.columns;
  const spp = frame.samplesPerPixel;
  const bytes = frame.pixels;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signed = frame.pixelRepresentation === 1;
  const read: (i: number) => number =
    frame.bitsAllocated <= 8
      ? signed
        ? (i) => view.getInt8(i)
        : (i) => bytes[i]
      : frame.bitsAllocated <= 16
        ? signed
          ? (i) => view.getInt16(i * 2, true)
          : (i) => view.getUint16(i * 2, true)
        : signed
          ? (i) => view.getInt32(i * 4, true)
          : (i) => view.getUint32(i * 4, true);
  const out = new Float32Array(n);
  const { rescaleSlope: slope, rescaleIntercept: intercept } = display;
  if (spp === 1) {
    for (let i = 0; i < n; i++) out[i] = read(i) * slope + intercept;
  } else {
    // Rec. 601 luma; colour radiographs are rare (a screenshot, a photo of a film).
    for (let i = 0; i < n; i++) out[i] = 0.299 * read(i * spp) + 0.587 * read(i * spp + 1) + 0.114 * read(i * spp + 2);
  }
  return out;
}

/** A linear window from the percentiles of a strided sample of the values. */
export function autoWindow(values: Float32Array): { center: number; width: number } {
  const stride = Math.max(1, Math.floor(values.length / AUTO_WINDOW_SAMPLES));
  const sample = new Float32Array(Math.ceil(values.length / stride));
  for (let i = 0, j = 0; i < values.length; i += stride) sample[j++] = values[i];
  sample.sort();
  const at = (q: number) => sample[Math.min(sample.length - 1, Math.floor(q * (sample.length - 1)))] ?? 0;
  const low = at(AUTO_WINDOW_PERCENTILES[0]);
  const high = at(AUTO_WINDOW_PERCENTILES[1]);
  // A flat image still gets a window (everything mid-grey rather than a division by zero).
  const width = Math.max(high - low, 1e-6);
  return { center: low + width / 2, width };
}
