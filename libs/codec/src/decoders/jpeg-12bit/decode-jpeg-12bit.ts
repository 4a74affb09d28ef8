import { CodecError } from '../../errors/codec-error';
import type { DecodedFrame, FrameInfo } from '../../frame/frame-types';

const CODEC = 'jpeg-extended';

/** 12-bit lossy JPEG (process 4): waits for the extended decoder. */
export function decodeJpeg12Bit(_bytes: Uint8Array, _info: FrameInfo): DecodedFrame {
  throw new CodecError(CODEC, '12-bit JPEG (process 4) is not yet supported: its decoder is being written');
}
