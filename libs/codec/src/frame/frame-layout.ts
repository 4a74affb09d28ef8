import { CodecError } from '../errors/codec-error';
import type { DecodedFrame, FrameInfo } from './frame-types';

/** Bytes per decoded sample for a BitsAllocated value (1-bit data is unpacked to one byte). */
export function bytesPerSample(bitsAllocated: number): number {
  if (bitsAllocated <= 8) return 1;
  if (bitsAllocated <= 16) return 2;
  if (bitsAllocated <= 32) return 4;
  return 8;
}

/** Samples in one decoded frame. */
export function sampleCount(info: Pick<FrameInfo, 'rows' | 'columns' | 'samplesPerPixel'>): number {
  return info.rows * info.columns * info.samplesPerPixel;
}

/** Bytes in one decoded frame. */
export function decodedLength(info: Pick<FrameInfo, 'rows' | 'columns' | 'samplesPerPixel' | 'bitsAllocated'>): number {
  return sampleCount(info) * bytesPerSample(info.bitsAllocated);
}

/** Builds the result of a decode and checks that its length is the one the frame info promises. */
export function decodedFrame(
  codec: string,
  info: FrameInfo,
  pixels: Uint8Array,
  photometricInterpretation = info.photometricInterpretation,
): DecodedFrame {
  const expected = decodedLength(info);
  if (pixels.length !== expected) {
    throw new CodecError(
      codec,
      `decoded ${pixels.length} bytes, expected ${expected} for ${info.columns}×${info.rows}×${info.samplesPerPixel} at ${info.bitsAllocated} bits`,
    );
  }
  return {
    pixels,
    rows: info.rows,
    columns: info.columns,
    samplesPerPixel: info.samplesPerPixel,
    bitsAllocated: info.bitsAllocated,
    bitsStored: info.bitsStored,
    pixelRepresentation: info.pixelRepresentation,
    photometricInterpretation,
    planarConfiguration: 0,
  };
}

/** Refuses a decoder's output whose geometry is not the frame's (a codec may return 0×0 instead of failing). */
export function checkGeometry(codec: string, info: FrameInfo, got: { width: number; height: number; components: number }): void {
  if (got.width !== info.columns || got.height !== info.rows || got.components !== info.samplesPerPixel) {
    throw new CodecError(
      codec,
      `the bitstream holds a ${got.width}×${got.height} image with ${got.components} component(s), the header says ${info.columns}×${info.rows} with ${info.samplesPerPixel}`,
    );
  }
}

/**
 * Copies decoder samples (one per element) into the frame's sample container, little endian.
 * A container wider than the decoder's (8-bit codestream in 16-bit BitsAllocated) is filled
 * with the value, sign-extended when the data is signed.
 */
export function toContainer(values: ArrayLike<number>, bitsAllocated: number): Uint8Array {
  const size = bytesPerSample(bitsAllocated);
  if (size === 1) {
    const out = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return out;
  }
  if (size === 2) {
    const out = new Uint16Array(values.length);
    for (let i = 0; i < values.length; i++) out[i] = values[i];
    return new Uint8Array(out.buffer);
  }
  const out = new Uint32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i];
  return new Uint8Array(out.buffer);
}
