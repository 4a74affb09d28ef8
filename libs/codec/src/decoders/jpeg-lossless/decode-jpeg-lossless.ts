/// <reference path="jpeg-lossless-decoder-js.d.ts" />
import { Decoder } from 'jpeg-lossless-decoder-js';
import { CodecError } from '../../errors/codec-error';
import { bytesPerSample, checkGeometry, decodedFrame, sampleCount, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { endsWithEoi, readJpegFrameHeader } from '../jpeg-markers/read-jpeg-frame-header';

const CODEC = 'jpeg-lossless';

/** JPEG lossless (process 14, any predictor) with jpeg-lossless-decoder-js. */
export function decodeJpegLossless(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const header = readJpegFrameHeader(CODEC, bytes);
  if (header.process !== 3) throw new CodecError(CODEC, `SOF${header.process} is not a lossless JPEG frame (SOF3)`);
  checkGeometry(CODEC, info, { width: header.width, height: header.height, components: header.components });
  if (header.precision < 2 || header.precision > 16) throw new CodecError(CODEC, `precision ${header.precision} is outside 2..16`);
  // The decoder reads past the end as zeros rather than failing: a stream without its EOI is cut off.
  if (!endsWithEoi(bytes)) throw new CodecError(CODEC, 'truncated: the bitstream has no EOI marker');
  let decoded: Uint8Array | Uint16Array;
  try {
    const copy = new Uint8Array(bytes);
    decoded = new Decoder().decode(copy.buffer, 0, copy.length, header.precision > 8 ? 2 : 1);
  } catch (error) {
    throw new CodecError(CODEC, `corrupt bitstream (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  if (decoded.length !== sampleCount(info)) {
    throw new CodecError(CODEC, `decoded ${decoded.length} samples, expected ${sampleCount(info)}`);
  }
  const signed = info.pixelRepresentation === 1;
  const size = bytesPerSample(info.bitsAllocated);
  if (!signed && size === decoded.BYTES_PER_ELEMENT) {
    return decodedFrame(CODEC, info, new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength).slice());
  }
  // The decoder yields P-bit unsigned codes; signed pixel data is their two's complement.
  const values = signed ? signExtend(decoded, header.precision) : decoded;
  return decodedFrame(CODEC, info, toContainer(values, info.bitsAllocated));
}

function signExtend(values: ArrayLike<number>, bits: number): Int32Array {
  const shift = 32 - bits;
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] << shift) >> shift;
  return out;
}
