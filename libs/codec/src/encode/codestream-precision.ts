import type { DecodedFrame } from '../frame/frame-types';

/**
 * The component precision to encode with: BitsStored, unless a sample lies outside its range
 * (bits above the high bit are not guaranteed clean in native data), then the whole container,
 * so that the round trip stays bit-exact either way.
 */
export function codestreamPrecision(frame: DecodedFrame): number {
  const container = frame.bitsAllocated;
  const bits = Math.max(1, Math.min(frame.bitsStored, container));
  if (bits === container) return container;
  const signed = frame.pixelRepresentation === 1;
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const values = samples(frame);
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min || values[i] > max) return container;
  }
  return bits;
}

function samples(frame: DecodedFrame): ArrayLike<number> {
  const { buffer, byteOffset, byteLength } = frame.pixels;
  const signed = frame.pixelRepresentation === 1;
  if (frame.bitsAllocated === 8) return signed ? new Int8Array(buffer, byteOffset, byteLength) : frame.pixels;
  // 16-bit views need 2-byte alignment; copy when the frame is a view at an odd offset.
  const aligned = byteOffset % 2 === 0 ? frame.pixels : new Uint8Array(frame.pixels);
  return signed
    ? new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2)
    : new Uint16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength / 2);
}
