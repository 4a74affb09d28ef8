import type { DecodedFrame } from '@triage/codec';
import type { FrameForm } from '../storage/data-layout';

/**
 * Where a frame is kept. The HTJ2K lossless encoder takes 8- and 16-bit samples only; 1- and
 * 32-bit pixel data is kept native rather than refused, as HealthImaging keeps some syntaxes as stored.
 */
export function frameFormFor(bitsAllocated: number): FrameForm {
  return bitsAllocated === 8 || bitsAllocated === 16 ? 'htj2k' : 'native';
}

/**
 * A decoded frame as one frame of Explicit VR Little Endian pixel data: the decoded samples as
 * they are (little endian, interleaved), except 1-bit pixels, packed back to 8 per byte, least
 * significant bit first and the frame padded to a whole byte. So the stored file is exactly
 * what `decodeFrame(ExplicitVRLittleEndian, ...)` reads back to the decoded pixels.
 */
export function nativeFrameBytes(frame: DecodedFrame): Uint8Array {
  if (frame.bitsAllocated !== 1) return frame.pixels;
  const out = new Uint8Array(Math.ceil(frame.pixels.length / 8));
  for (let i = 0; i < frame.pixels.length; i++) if (frame.pixels[i]) out[i >> 3] |= 1 << (i & 7);
  return out;
}
