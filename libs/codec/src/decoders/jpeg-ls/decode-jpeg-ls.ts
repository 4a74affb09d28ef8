import { CodecError } from '../../errors/codec-error';
import { endsWithEoi } from '../jpeg-markers/read-jpeg-frame-header';
import { checkGeometry, decodedFrame, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { runCodec } from '../../wasm/run-codec';
import { copyOut } from '../../wasm/copy-out';
import { charls } from '../../wasm/wasm-modules';
import { interleavePlanes } from '../native/interleave';
import { fromCodecSamples } from '../codec-samples';

const CODEC = 'charls';

/** JPEG-LS lossless and near-lossless with CharLS. */
export function decodeJpegLs(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  // CharLS can spin for tens of seconds on a cut-off stream: refuse one without its EOI first.
  if (!endsWithEoi(bytes)) throw new CodecError(CODEC, 'truncated: the bitstream has no EOI marker');
  const { frame, interleave, pixels } = runCodec(CODEC, charls(), (api) => {
    const decoder = new api.JpegLSDecoder();
    try {
      decoder.getEncodedBuffer(bytes.length).set(bytes);
      decoder.decode();
      return { frame: decoder.getFrameInfo(), interleave: decoder.getInterleaveMode(), pixels: copyOut(decoder.getDecodedBuffer()) };
    } finally {
      decoder.delete();
    }
  });
  checkGeometry(CODEC, info, { width: frame.width, height: frame.height, components: frame.componentCount });
  const size = frame.bitsPerSample > 8 ? 2 : 1;
  // CharLS hands back interleave mode "none" (one scan per component) plane by plane.
  const interleaved = interleave === 0 && frame.componentCount > 1
    ? interleavePlanes(pixels, frame.width * frame.height, frame.componentCount, size)
    : pixels;
  const values = fromCodecSamples(CODEC, interleaved, frame.bitsPerSample, info);
  return decodedFrame(CODEC, info, values instanceof Uint8Array ? values : toContainer(values, info.bitsAllocated));
}
