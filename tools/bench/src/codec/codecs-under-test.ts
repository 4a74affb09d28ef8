import { TransferSyntax } from '@triage/dicom';
import { DecodedFrame, encodeHtj2k, encodeJpeg2000Lossless, encodeJpegLsLossless } from '@triage/codec';

/** A lossless codec as the benchmark drives it: an encoder and the transfer syntax to decode with. */
export interface CodecUnderTest {
  name: string;
  transferSyntaxUid: string;
  encode(frame: DecodedFrame): Uint8Array;
}

/** HTJ2K (what the platform stores), against the two lossless codecs it could have chosen. */
export const codecsUnderTest: CodecUnderTest[] = [
  { name: 'HTJ2K lossless RPCL (OpenJPH)', transferSyntaxUid: TransferSyntax.HTJ2KLosslessRPCL, encode: encodeHtj2k },
  { name: 'JPEG 2000 lossless (OpenJPEG)', transferSyntaxUid: TransferSyntax.JPEG2000Lossless, encode: encodeJpeg2000Lossless },
  { name: 'JPEG-LS lossless (CharLS)', transferSyntaxUid: TransferSyntax.JPEGLSLossless, encode: encodeJpegLsLossless },
];
