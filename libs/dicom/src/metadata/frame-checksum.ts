import * as zlib from 'node:zlib';
import type { PixelDataChecksum } from './metadata-types';

/** Decoded frame pixels, as the codec lib hands them over: little-endian samples. */
export interface FramePixels {
  pixels: Uint8Array;
  rows: number;
  columns: number;
  bitsAllocated: number;
  pixelRepresentation: number;
}

/** CRC-32 of the full-resolution decoded pixels and their minimum and maximum sample values. */
export function summarizeFrame(frame: FramePixels): { checksum: PixelDataChecksum; min: number; max: number } {
  const { pixels, bitsAllocated, pixelRepresentation } = frame;
  const view = new DataView(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  const step = bitsAllocated <= 8 ? 1 : bitsAllocated <= 16 ? 2 : 4;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i + step <= pixels.length; i += step) {
    const v =
      step === 1
        ? pixelRepresentation
          ? view.getInt8(i)
          : pixels[i]
        : step === 2
          ? pixelRepresentation
            ? view.getInt16(i, true)
            : view.getUint16(i, true)
          : pixelRepresentation
            ? view.getInt32(i, true)
            : view.getUint32(i, true);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return {
    checksum: { Width: frame.columns, Height: frame.rows, Checksum: zlib.crc32(pixels) },
    min: Number.isFinite(min) ? min : 0,
    max: Number.isFinite(max) ? max : 0,
  };
}
