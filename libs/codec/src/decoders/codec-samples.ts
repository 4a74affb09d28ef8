import { CodecError } from '../errors/codec-error';
import { bytesPerSample, sampleCount } from '../frame/frame-layout';
import type { FrameInfo } from '../frame/frame-types';

/**
 * Reads a WASM codec's output (1 byte per sample up to 8 bits, else 2) for a frame: returns the
 * bytes as they are when they already fit the frame's container, else the sample values
 * (sign-extended from the codestream precision for signed data) to be widened by the caller.
 */
export function fromCodecSamples(codec: string, bytes: Uint8Array, precision: number, info: FrameInfo): Uint8Array | Int32Array {
  if (precision < 1 || precision > 16)
    throw new CodecError(codec, `${precision}-bit samples are beyond what this decoder returns (16 bits)`);
  const codecSize = precision > 8 ? 2 : 1;
  const count = sampleCount(info);
  if (bytes.length !== count * codecSize) {
    throw new CodecError(codec, `decoded ${bytes.length} bytes, expected ${count * codecSize} for ${count} samples of ${precision} bits`);
  }
  const signed = info.pixelRepresentation === 1;
  if (codecSize === bytesPerSample(info.bitsAllocated) && (!signed || precision === codecSize * 8)) return bytes;
  const shift = 32 - precision;
  const values = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const raw = codecSize === 2 ? bytes[2 * i] | (bytes[2 * i + 1] << 8) : bytes[i];
    values[i] = signed ? (raw << shift) >> shift : raw;
  }
  return values;
}
