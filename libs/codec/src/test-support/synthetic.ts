import { seededRandom } from '@triage/test-support';
import type { DecodedFrame, FrameInfo } from '../frame/frame-types';

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
  const random = seededRandom(options.seed ?? 1);
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
export function infoOf(frame: DecodedFrame): FrameInfo {
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
