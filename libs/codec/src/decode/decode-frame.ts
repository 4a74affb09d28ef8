import { TransferSyntax, transferSyntaxTraits } from '@triage/dicom';
import { CodecError } from '../errors/codec-error';
import type { DecodedFrame, FrameInfo } from '../frame/frame-types';
import { decodeHtj2k } from '../decoders/htj2k/decode-htj2k';
import { decodeJpeg12Bit } from '../decoders/jpeg-12bit/decode-jpeg-12bit';
import { decodeJpegBaseline } from '../decoders/jpeg-baseline/decode-jpeg-baseline';
import { decodeJpegLossless } from '../decoders/jpeg-lossless/decode-jpeg-lossless';
import { decodeJpegLs } from '../decoders/jpeg-ls/decode-jpeg-ls';
import { readJpegFrameHeader } from '../decoders/jpeg-markers/read-jpeg-frame-header';
import { decodeJpeg2000 } from '../decoders/jpeg2000/decode-jpeg2000';
import { decodeNative } from '../decoders/native/decode-native';
import { decodeRle } from '../decoders/rle/decode-rle';
import { checkFrameInfo } from './check-frame-info';

type Decoder = (bytes: Uint8Array, info: FrameInfo) => DecodedFrame;

const decoders: Record<string, Decoder> = {
  [TransferSyntax.RLELossless]: decodeRle,
  [TransferSyntax.JPEGBaseline8Bit]: decodeJpegLossy,
  [TransferSyntax.JPEGExtended12Bit]: decodeJpegLossy,
  [TransferSyntax.JPEGLossless]: decodeJpegLossless,
  [TransferSyntax.JPEGLosslessSV1]: decodeJpegLossless,
  [TransferSyntax.JPEGLSLossless]: decodeJpegLs,
  [TransferSyntax.JPEGLSNearLossless]: decodeJpegLs,
  [TransferSyntax.JPEG2000Lossless]: decodeJpeg2000,
  [TransferSyntax.JPEG2000]: decodeJpeg2000,
  [TransferSyntax.HTJ2KLossless]: decodeHtj2k,
  [TransferSyntax.HTJ2KLosslessRPCL]: decodeHtj2k,
  [TransferSyntax.HTJ2K]: decodeHtj2k,
};

/**
 * Decodes one stored frame (as @triage/dicom's getFrame returns it) to native pixels; every
 * result is checked against the frame info, and a bitstream that cannot be decoded is refused
 * with a {@link CodecError}.
 */
export function decodeFrame(transferSyntaxUid: string, bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  checkFrameInfo(info);
  const traits = transferSyntaxTraits(transferSyntaxUid);
  if (!traits) throw new CodecError('decodeFrame', `unknown transfer syntax ${transferSyntaxUid}`);
  if (!traits.encapsulated) return decodeNative(bytes, info);
  const decoder = decoders[transferSyntaxUid];
  if (!decoder) throw new CodecError('decodeFrame', `no decoder for ${traits.name} (${transferSyntaxUid})`);
  return decoder(bytes, info);
}

/** True when {@link decodeFrame} has a decoder for the transfer syntax. */
export function canDecode(transferSyntaxUid: string): boolean {
  const traits = transferSyntaxTraits(transferSyntaxUid);
  return traits !== undefined && (!traits.encapsulated || decoders[transferSyntaxUid] !== undefined);
}

/** Lossy JPEG: the 8-bit library unless the frame header says 12 bits. */
function decodeJpegLossy(bytes: Uint8Array, info: FrameInfo): DecodedFrame {
  const header = readJpegFrameHeader('jpeg', bytes);
  if (header.process === 3) return decodeJpegLossless(bytes, info);
  return header.precision === 8 ? decodeJpegBaseline(bytes, info) : decodeJpeg12Bit(bytes, info);
}
