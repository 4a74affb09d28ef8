import { CodecError } from '../../errors/codec-error';
import { checkGeometry, decodedFrame, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { decodeWithWasm } from '../../wasm/decode-with-wasm';
import { lastComplaint } from '../../wasm/run-codec';
import { openjpeg } from '../../wasm/wasm-modules';
import { fromCodecSamples } from '../codec-samples';
import { checkSiz } from './check-siz';
import { colourAfterJ2k } from './colour-after-j2k';
import { readJ2kHeader } from './read-j2k-header';

const CODEC = 'openjpeg';

/** JPEG 2000 Part 1 (codestream or JP2 file), lossless or lossy, with OpenJPEG. */
export function decodeJpeg2000(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const header = readJ2kHeader(CODEC, bytes);
  checkSiz(CODEC, bytes, header, info);
  const module = openjpeg();
  const { frame, pixels } = decodeWithWasm(CODEC, module, (api) => new api.J2KDecoder(), bytes);
  // OpenJPEG reports failure as an empty 0×0 image, not as an exception.
  if (frame.width === 0 || pixels.length === 0) {
    throw new CodecError(CODEC, lastComplaint(module) ?? 'the bitstream could not be decoded');
  }
  checkGeometry(CODEC, info, { width: frame.width, height: frame.height, components: frame.componentCount });
  const values = fromCodecSamples(CODEC, pixels, frame.bitsPerSample, info);
  const photometric = colourAfterJ2k(info, header.multipleComponentTransform);
  return decodedFrame(CODEC, info, values instanceof Uint8Array ? values : toContainer(values, info.bitsAllocated), photometric);
}
