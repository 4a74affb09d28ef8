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
  const { values, window } = displayValues(frame, display);
  return { pixels: materialise(values), window };
}

/** Display values by a lookup: pixel i shows `table[samples[i] + bias]`. */
export interface DisplayLookup {
  samples: Uint8Array | Int8Array | Uint16Array | Int16Array;
  bias: number;
  table: Float32Array;
}

/**
 * {@link windowPixels} without making the full-size image where it need not: grey samples of at
 * most 16 bits take at most 65536 values, so the display value of each is computed once, exactly
 * as the per-pixel path would (rescaled to float32, windowed, inverted), and the image is that
 * table over the stored samples; a resize reads through it (see resizeToSquare). Other frames
 * (colour, 32-bit) come out as display values.
 */
export function displayValues(
  frame: DecodedFrame,
  display: DisplayParameters,
): { values: Float32Array | DisplayLookup; window: WindowUsed } {
  const stored = integerSamples(frame);
  const rescaledValues = stored ? undefined : rescaled(frame, display);
  const window = display.window
    ? { ...display.window, source: 'file' as const }
    : {
        ...(stored ? autoWindowOfStored(stored, display) : autoWindow(rescaledValues as Float32Array)),
        function: 'LINEAR' as const,
        source: 'auto' as const,
      };
  const { center, width } = window;
  const shown = (x: number) => {
    const v = voi(x, center, width, window.function);
    return display.invert ? 1 - v : v;
  };
  const used: WindowUsed = { center, width, source: window.source };
  if (stored) {
    const { samples, bias } = stored;
    const table = new Float32Array(stored.levels);
    for (let k = 0; k < table.length; k++) table[k] = shown(Math.fround((k - bias) * display.rescaleSlope + display.rescaleIntercept));
    return { values: { samples, bias, table }, window: used };
  }
  const out = rescaledValues as Float32Array;
  for (let i = 0; i < out.length; i++) out[i] = shown(out[i]);
  return { values: out, window: used };
}

/** Display values as one value per pixel (a lookup applied). */
export function materialise(values: Float32Array | DisplayLookup): Float32Array {
  if (values instanceof Float32Array) return values;
  const { samples, bias, table } = values;
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = table[samples[i] + bias];
  return out;
}

/** Single-sample frames of 8 or 16 bits as a typed array of their values, with the offset that makes a signed value an index. */
function integerSamples(
  frame: DecodedFrame,
): { samples: Uint8Array | Int8Array | Uint16Array | Int16Array; bias: number; levels: number } | undefined {
  if (frame.samplesPerPixel !== 1 || frame.bitsAllocated > 16) return undefined;
  const n = frame.rows * frame.columns;
  const signed = frame.pixelRepresentation === 1;
  if (frame.bitsAllocated <= 8) {
    const { buffer, byteOffset } = frame.pixels;
    return signed
      ? { samples: new Int8Array(buffer, byteOffset, n), bias: 128, levels: 256 }
      : { samples: frame.pixels.subarray(0, n), bias: 0, levels: 256 };
  }
  // A 16-bit view needs an even offset; a decoder's output almost always has one, else copy.
  const bytes = frame.pixels.byteOffset % 2 === 0 ? frame.pixels : frame.pixels.slice();
  return signed
    ? { samples: new Int16Array(bytes.buffer, bytes.byteOffset, n), bias: 32768, levels: 65536 }
    : { samples: new Uint16Array(bytes.buffer, bytes.byteOffset, n), bias: 0, levels: 65536 };
}

/** {@link autoWindow} of the rescaled values, reading only the strided sample from the stored ones. */
function autoWindowOfStored(stored: { samples: ArrayLike<number> }, display: DisplayParameters): { center: number; width: number } {
  const { samples } = stored;
  const stride = Math.max(1, Math.floor(samples.length / AUTO_WINDOW_SAMPLES));
  const sample = new Float32Array(Math.ceil(samples.length / stride));
  for (let i = 0, j = 0; i < samples.length; i += stride) sample[j++] = samples[i] * display.rescaleSlope + display.rescaleIntercept;
  return windowOfSample(sample);
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
  return windowOfSample(sample);
}

function windowOfSample(sample: Float32Array): { center: number; width: number } {
  sample.sort();
  const at = (q: number) => sample[Math.min(sample.length - 1, Math.floor(q * (sample.length - 1)))] ?? 0;
  const low = at(AUTO_WINDOW_PERCENTILES[0]);
  const high = at(AUTO_WINDOW_PERCENTILES[1]);
  // A flat image still gets a window (everything mid-grey rather than a division by zero).
  const width = Math.max(high - low, 1e-6);
  return { center: low + width / 2, width };
}
