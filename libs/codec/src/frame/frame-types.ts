import type { PixelInfo } from '@triage/dicom';

/** What a decoder needs to know about one frame: the Image Pixel module without the frame count. */
export type FrameInfo = Omit<PixelInfo, 'numberOfFrames'>;

/**
 * One frame of native pixels: little-endian samples, interleaved (planarConfiguration 0),
 * one byte per sample up to 8 bits (1-bit data unpacked to 0/1), two up to 16, four for 32.
 */
export interface DecodedFrame {
  pixels: Uint8Array;
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
  /** As the pixels are after decoding (a JPEG decoder that converts YCbCr gives RGB). */
  photometricInterpretation: string;
  planarConfiguration: 0;
}
