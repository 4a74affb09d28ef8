import { CodecError } from '../../errors/codec-error';
import { endsWithEoi } from '../jpeg-markers/read-jpeg-frame-header';
import { checkGeometry, decodedFrame, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { decodeWithWasm } from '../../wasm/decode-with-wasm';
import { charls } from '../../wasm/wasm-modules';
import { interleavePlanes } from '../native/interleave';
import { fromCodecSamples } from '../codec-samples';

const CODEC = 'charls';

/** JPEG-LS lossless and near-lossless with CharLS. */
export function decodeJpegLs(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  // CharLS can spin for tens of seconds on a cut-off stream: refuse one without its EOI first.
  if (!endsWithEoi(bytes)) throw new CodecError(CODEC, 'truncated: the bitstream has no EOI marker');
  const {
    frame,
    pixels,
    extra: interleave,
  } = decodeWithWasm(
    CODEC,
    charls(),
    (api) => new api.JpegLSDecoder(),
    bytes,
    (d) => d.getInterleaveMode(),
  );
  checkGeometry(CODEC, info, { width: frame.width, height: frame.height, components: frame.componentCount });
  const size = frame.bitsPerSample > 8 ? 2 : 1;
  // CharLS hands back interleave mode "none" (one scan per component) plane by plane.
  const interleaved =
    interleave === 0 && frame.componentCount > 1
      ? interleavePlanes(pixels, frame.width * frame.height, frame.componentCount, size)
      : pixels;
  const values = fromCodecSamples(CODEC, interleaved, frame.bitsPerSample, info);
  return decodedFrame(CODEC, info, values instanceof Uint8Array ? values : toContainer(values, info.bitsAllocated));
}
