import type { DecodedFrame } from '../frame/frame-types';

/** Sample values of a decoded frame as numbers (signed when the frame is). */
export function sampleValues(frame: DecodedFrame): Int32Array | Float64Array {
  const { pixels } = frame;
  const copy = new Uint8Array(pixels);
  const signed = frame.pixelRepresentation === 1;
  switch (frame.bitsAllocated) {
    case 1:
    case 8:
      return Int32Array.from(signed ? new Int8Array(copy.buffer) : copy);
    case 16:
      return Int32Array.from(signed ? new Int16Array(copy.buffer) : new Uint16Array(copy.buffer));
    default:
      return Float64Array.from(signed ? new Int32Array(copy.buffer) : new Uint32Array(copy.buffer));
  }
}

/** Largest absolute difference between two frames' samples; Infinity when their sizes differ. */
export function maxAbsDiff(a: DecodedFrame, b: DecodedFrame): number {
  const x = sampleValues(a);
  const y = sampleValues(b);
  if (x.length !== y.length) return Infinity;
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i] - y[i]));
  return max;
}
