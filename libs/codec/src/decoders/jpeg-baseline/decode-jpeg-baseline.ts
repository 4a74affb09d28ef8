import { CodecError } from '../../errors/codec-error';
import { checkGeometry, decodedFrame, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { decodeWithWasm } from '../../wasm/decode-with-wasm';
import { libjpegTurbo } from '../../wasm/wasm-modules';
import { readJpegFrameHeader } from '../jpeg-markers/read-jpeg-frame-header';

const CODEC = 'libjpeg-turbo';

/**
 * 8-bit lossy JPEG (baseline, or extended/progressive at 8 bits) with libjpeg-turbo.
 * libjpeg converts YCbCr to RGB whenever the stream says it is YCbCr (JFIF, Adobe marker,
 * component ids), which is the one place that knows, so colour frames come out RGB.
 */
export function decodeJpegBaseline(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const header = readJpegFrameHeader(CODEC, bytes);
  if (header.precision !== 8) throw new CodecError(CODEC, `${header.precision}-bit JPEG needs the 12-bit decoder`);
  if (header.process === 3 || header.process === 7 || header.process === 11 || header.process === 15) {
    throw new CodecError(CODEC, 'this is a lossless JPEG stream (SOF3), not lossy');
  }
  const { frame, pixels } = decodeWithWasm(CODEC, libjpegTurbo(), (api) => new api.JPEGDecoder(), bytes);
  checkGeometry(CODEC, info, { width: frame.width, height: frame.height, components: frame.componentCount });
  const photometric = info.samplesPerPixel === 3 ? 'RGB' : info.photometricInterpretation;
  return decodedFrame(CODEC, info, info.bitsAllocated === 8 ? pixels : toContainer(pixels, info.bitsAllocated), photometric);
}
