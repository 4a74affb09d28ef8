import type { DecodedFrame } from '../frame/frame-types';

/** A deterministic pseudo-random generator (mulberry32), so failures reproduce. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A synthetic frame: random noise over the full range, or a smooth gradient with a little noise. */
export function syntheticFrame(options: {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsStored: number;
  signed: boolean;
  pattern: 'random' | 'gradient';
  seed?: number;
}): DecodedFrame {
  const { rows, columns, samplesPerPixel, bitsStored, signed, pattern } = options;
  const bitsAllocated = bitsStored <= 8 ? 8 : 16;
  const random = rng(options.seed ?? 1);
  const min = signed ? -(2 ** (bitsStored - 1)) : 0;
  const span = 2 ** bitsStored;
  const count = rows * columns * samplesPerPixel;
  const values =
    bitsAllocated === 8 ? (signed ? new Int8Array(count) : new Uint8Array(count)) : signed ? new Int16Array(count) : new Uint16Array(count);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      for (let s = 0; s < samplesPerPixel; s++) {
        const t = pattern === 'random' ? random() : ((x / columns + y / rows) / 2 + s * 0.3 + random() * 0.01) % 1;
        values[(y * columns + x) * samplesPerPixel + s] = min + Math.min(span - 1, Math.floor(t * span));
      }
    }
  }
  return {
    pixels: new Uint8Array(values.buffer),
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    pixelRepresentation: signed ? 1 : 0,
    photometricInterpretation: samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2',
    planarConfiguration: 0,
  };
}

/** The frame info a decoder needs to read an encoded frame back. */
export function infoOf(frame: DecodedFrame): {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
  planarConfiguration: number;
} {
  return {
    rows: frame.rows,
    columns: frame.columns,
    samplesPerPixel: frame.samplesPerPixel,
    bitsAllocated: frame.bitsAllocated,
    bitsStored: frame.bitsStored,
    highBit: frame.bitsStored - 1,
    pixelRepresentation: frame.pixelRepresentation,
    photometricInterpretation: frame.photometricInterpretation,
    planarConfiguration: 0,
  };
}
