import type { FrameInfo } from '@triage/codec';

/**
 * Joins native frames (each as stored: byte-aligned) into one Explicit VR Little Endian Pixel Data
 * value. 1-bit frames lie back to back without padding (PS3.5 8.1.1), so when a frame's bit count
 * is not a multiple of 8 the bits are moved to close the gaps; otherwise the bytes simply join.
 */
export function nativePixelData(
  frames: Uint8Array[],
  info: Pick<FrameInfo, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated'>,
): Buffer {
  const bits = info.rows * info.columns * info.samplesPerPixel;
  if (info.bitsAllocated !== 1 || bits % 8 === 0) return Buffer.concat(frames);
  const out = Buffer.alloc(Math.ceil((bits * frames.length) / 8));
  frames.forEach((frame, f) => {
    for (let i = 0; i < bits; i++) {
      const to = f * bits + i;
      if ((frame[i >> 3] >> (i & 7)) & 1) out[to >> 3] |= 1 << (to & 7);
    }
  });
  return out;
}
