import { CodecError } from '../../errors/codec-error';
import { bytesPerSample, decodedFrame } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { unpackBits } from '../native/decode-native';

const CODEC = 'rle';

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment
 * per byte plane, most significant byte of each sample first, sample by sample.
 */
export function decodeRle(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const pixels = info.rows * info.columns;
  const size = info.bitsAllocated === 1 ? 1 : bytesPerSample(info.bitsAllocated);
  // 1-bit data is RLE-coded as packed bytes; every other depth has one byte per pixel per plane.
  const planeLength = info.bitsAllocated === 1 ? Math.ceil(pixels / 8) : pixels;
  const offsets = readHeader(bytes, info.samplesPerPixel * size);
  const out = new Uint8Array(pixels * info.samplesPerPixel * size);
  for (let s = 0; s < info.samplesPerPixel; s++) {
    for (let b = 0; b < size; b++) {
      const segment = s * size + b;
      const end = segment + 1 < offsets.length ? offsets[segment + 1] : bytes.length;
      const plane = unpackSegment(bytes.subarray(offsets[segment], end), planeLength, segment);
      // Segment b holds byte (size - 1 - b) of each sample, little endian in the output.
      const byteInSample = size - 1 - b;
      for (let p = 0; p < planeLength; p++) out[(p * info.samplesPerPixel + s) * size + byteInSample] = plane[p];
    }
  }
  if (info.bitsAllocated === 1) return decodedFrame(CODEC, info, unpackBits(out.subarray(0, planeLength), pixels));
  return decodedFrame(CODEC, info, out);
}

function readHeader(bytes: Uint8Array, expectedSegments: number): number[] {
  if (bytes.length < 64) throw new CodecError(CODEC, `frame is ${bytes.length} bytes, shorter than the 64-byte RLE header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, 64);
  const count = view.getUint32(0, true);
  if (count !== expectedSegments) {
    throw new CodecError(CODEC, `header lists ${count} segments, the pixel module needs ${expectedSegments}`);
  }
  const offsets = Array.from({ length: count }, (_, i) => view.getUint32(4 + i * 4, true));
  if (offsets[0] !== 64) throw new CodecError(CODEC, `first segment starts at ${offsets[0]}, not 64`);
  for (let i = 1; i < count; i++) {
    if (offsets[i] <= offsets[i - 1] || offsets[i] > bytes.length) {
      throw new CodecError(CODEC, `segment ${i + 1} offset ${offsets[i]} is out of order or past the end (${bytes.length} bytes)`);
    }
  }
  return offsets;
}

/**
 * PackBits: n ≥ 0 copies n+1 bytes, n in -127..-1 repeats the next byte 1-n times, -128 is a no-op.
 * A last run that spills past the plane is clipped (some encoders pad), a segment that ends early is refused.
 */
function unpackSegment(segment: Uint8Array, length: number, index: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  let i = 0;
  while (at < length) {
    if (i >= segment.length) {
      throw new CodecError(CODEC, `segment ${index + 1} ends after ${at} of ${length} bytes`);
    }
    const n = (segment[i++] << 24) >> 24;
    if (n >= 0) {
      const count = n + 1;
      if (i + count > segment.length)
        throw new CodecError(CODEC, `segment ${index + 1}: a literal run of ${count} bytes overruns the segment`);
      const kept = Math.min(count, length - at);
      out.set(segment.subarray(i, i + kept), at);
      i += count;
      at += kept;
    } else if (n !== -128) {
      const count = 1 - n;
      if (i >= segment.length) throw new CodecError(CODEC, `segment ${index + 1}: a repeat run has no byte to repeat`);
      const kept = Math.min(count, length - at);
      out.fill(segment[i++], at, at + kept);
      at += kept;
    }
  }
  return out;
}
