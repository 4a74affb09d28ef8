import { CodecError } from '../../errors/codec-error';
import { checkGeometry, decodedFrame, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { decodeWithWasm } from '../../wasm/decode-with-wasm';
import { lastComplaint } from '../../wasm/run-codec';
import { openjph } from '../../wasm/wasm-modules';
import { fromCodecSamples } from '../codec-samples';
import { colourAfterJ2k } from '../jpeg2000/colour-after-j2k';
import { readJ2kHeader } from '../jpeg2000/read-j2k-header';
import { parseCodestream } from '../../codestream/j2k-codestream';
import { reorderPlanarLines } from './reorder-planar-lines';
import { decodeJpeg2000 } from '../jpeg2000/decode-jpeg2000';

const CODEC = 'openjph';

/**
 * HTJ2K (JPEG 2000 Part 15) with OpenJPH. OpenJPH cannot read Part 1 block coding and answers
 * such a stream with a 0×0 image, so a codestream without the HT flag goes to OpenJPEG
 * (the HTJ2K transfer syntaxes allow Part 1 code-blocks).
 */
export function decodeHtj2k(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const header = readJ2kHeader(CODEC, bytes);
  if (!header.highThroughput) return decodeJpeg2000(bytes, info);
  // OpenJPH decodes a cut-off stream without complaint (missing code-blocks read as zero).
  parseCodestream(CODEC, bytes.subarray(header.codestreamStart));
  const module = openjph();
  const { frame, pixels } = decodeWithWasm(CODEC, module, (api) => new api.HTJ2KDecoder(), bytes.subarray(header.codestreamStart));
  if (frame.width === 0 || pixels.length === 0) {
    throw new CodecError(CODEC, lastComplaint(module) ?? 'the bitstream could not be decoded');
  }
  checkGeometry(CODEC, info, { width: frame.width, height: frame.height, components: frame.componentCount });
  const size = frame.bitsPerSample > 8 ? 2 : 1;
  const lines =
    frame.componentCount > 1 && !header.multipleComponentTransform
      ? reorderPlanarLines(pixels, frame.width, frame.height, frame.componentCount, size)
      : pixels;
  const values = fromCodecSamples(CODEC, lines, frame.bitsPerSample, info);
  const photometric = colourAfterJ2k(info, header.multipleComponentTransform);
  return decodedFrame(CODEC, info, values instanceof Uint8Array ? values : toContainer(values, info.bitsAllocated), photometric);
}
