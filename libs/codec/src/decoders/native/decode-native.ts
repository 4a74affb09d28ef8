import { CodecError } from '../../errors/codec-error';
import { bytesPerSample, decodedFrame, sampleCount } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { interleavePlanes } from './interleave';

const CODEC = 'native';

/**
 * Native (uncompressed) frame as @triage/dicom extracts it (little endian, 1-bit byte-aligned):
 * 1-bit unpacked to one byte per pixel, planar data interleaved, YBR_FULL_422 upsampled to YBR_FULL.
 */
export function decodeNative(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  if (info.bitsAllocated === 1) return decodedFrame(CODEC, info, unpackBits(bytes, sampleCount(info)));
  if (info.photometricInterpretation === 'YBR_FULL_422' && info.samplesPerPixel === 3) {
    return decodedFrame(CODEC, info, upsample422(bytes, info), 'YBR_FULL');
  }
  const length = sampleCount(info) * bytesPerSample(info.bitsAllocated);
  if (bytes.length < length) throw new CodecError(CODEC, `frame holds ${bytes.length} bytes, expected ${length}`);
  const frame = bytes.subarray(0, length);
  const pixels =
    info.planarConfiguration === 1 && info.samplesPerPixel > 1
      ? interleavePlanes(frame, info.rows * info.columns, info.samplesPerPixel, bytesPerSample(info.bitsAllocated))
      : new Uint8Array(frame);
  return decodedFrame(CODEC, info, pixels);
}

/** DICOM packs 1-bit pixels least significant bit first. */
export function unpackBits(bytes: Uint8Array, count: number): Uint8Array {
  if (bytes.length * 8 < count) throw new CodecError(CODEC, `1-bit frame holds ${bytes.length} bytes, expected ${Math.ceil(count / 8)}`);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) out[i] = (bytes[i >> 3] >> (i & 7)) & 1;
  return out;
}

/** YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels: give each pixel its own Cb and Cr. */
function upsample422(bytes: Uint8Array, info: FrameInfo): Uint8Array {
  const size = bytesPerSample(info.bitsAllocated);
  const pairs = Math.ceil(info.columns / 2);
  const expected = info.rows * pairs * 4 * size;
  if (bytes.length < expected) throw new CodecError(CODEC, `YBR_FULL_422 frame holds ${bytes.length} bytes, expected ${expected}`);
  const out = new Uint8Array(info.rows * info.columns * 3 * size);
  let src = 0;
  let dst = 0;
  for (let y = 0; y < info.rows; y++) {
    for (let p = 0; p < pairs; p++) {
      const y1 = src,
        y2 = src + size,
        cb = src + 2 * size,
        cr = src + 3 * size;
      const pixelsHere = p * 2 + 1 < info.columns ? 2 : 1;
      for (let k = 0; k < pixelsHere; k++) {
        const luma = k === 0 ? y1 : y2;
        for (const from of [luma, cb, cr]) {
          for (let b = 0; b < size; b++) out[dst++] = bytes[from + b];
        }
      }
      src += 4 * size;
    }
  }
  return out;
}
