import { CodecError } from '../../errors/codec-error';
import { checkGeometry, decodedFrame, toContainer } from '../../frame/frame-layout';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';
import { fromCodecSamples } from '../codec-samples';
import { decodeJpegExtended } from '../jpeg-extended';

const CODEC = 'jpeg-extended';

/**
 * 12-bit lossy JPEG (process 4) with the in-house decoder (libjpeg-turbo's WASM build is 8-bit
 * only). Colour frames are converted to RGB when libjpeg would guess the stream is YCbCr, so they
 * come out as the 8-bit path's do.
 */
export function decodeJpeg12Bit(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  let image: ReturnType<typeof decodeJpegExtended>;
  try {
    image = decodeJpegExtended(bytes, { colorTransform: 'none' });
    if (image.components === 3 && guessesYcbcr(image.adobeTransform, image.componentIds)) {
      image = decodeJpegExtended(bytes, { colorTransform: 'ycbcr-to-rgb' });
    }
  } catch (error) {
    throw new CodecError(CODEC, (error instanceof Error ? error.message : String(error)).replace(/^JPEG: /, ''), { cause: error });
  }
  checkGeometry(CODEC, info, { width: image.width, height: image.height, components: image.components });
  const raw = new Uint8Array(image.pixels.buffer, image.pixels.byteOffset, image.pixels.byteLength);
  const values = fromCodecSamples(CODEC, raw, image.precision, info);
  const photometric = image.components === 3 ? 'RGB' : info.photometricInterpretation;
  return decodedFrame(
    CODEC,
    info,
    values instanceof Uint8Array ? new Uint8Array(values) : toContainer(values, info.bitsAllocated),
    photometric,
  );
}

/** libjpeg's rule (jdapimin.c): the Adobe marker decides, else component ids 'R','G','B' mean RGB, else YCbCr. */
function guessesYcbcr(adobeTransform: number | undefined, ids: number[] | undefined): boolean {
  if (adobeTransform !== undefined) return adobeTransform !== 0;
  return !(ids && ids[0] === 0x52 && ids[1] === 0x47 && ids[2] === 0x42);
}
