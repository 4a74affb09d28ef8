import type { DecodedFrame } from '../frame/frame-types';

/** Sample values of little-endian frame bytes as numbers (signed when the frame is). */
export function sampleValues(pixels: Uint8Array, bitsAllocated: number, signed: boolean): Int32Array | Float64Array {
  const copy = new Uint8Array(pixels);
  switch (bitsAllocated) {
    case 1:
    case 8:
      return Int32Array.from(signed ? new Int8Array(copy.buffer) : copy);
    case 16:
      return Int32Array.from(signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer));
    default:
      return Float64Array.from(signed ? new Int32Array(copy.buffer) : new Uint32Array(copy.buffer));
  }
}

/** Largest absolute difference between a decoded frame and reference bytes of the same layout; Infinity when their sizes differ. */
export function maxAbsDiff(frame: DecodedFrame, reference: Uint8Array): number {
  const signed = frame.pixelRepresentation === 1;
  const x = sampleValues(frame.pixels, frame.bitsAllocated, signed);
  const y = sampleValues(reference, frame.bitsAllocated, signed);
  if (x.length !== y.length) return Infinity;
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
}
