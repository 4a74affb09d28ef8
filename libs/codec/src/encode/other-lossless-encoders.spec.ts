import { TransferSyntax } from '@triage/dicom';
import { decodeFrame } from '../decode/decode-frame';
import { infoOf, syntheticFrame } from '../test-support/synthetic';
import { encodeJpeg2000Lossless, encodeJpegLsLossless } from './other-lossless-encoders';

test.each([
  [12, false],
  [16, true],
])('JPEG 2000 and JPEG-LS encoders round-trip %i-bit (signed %s) frames', (bits, signed) => {
  const frame = syntheticFrame({ rows: 50, columns: 70, samplesPerPixel: 1, bitsStored: bits, signed, pattern: 'gradient' });
  const j2k = decodeFrame(TransferSyntax.JPEG2000Lossless, encodeJpeg2000Lossless(frame), infoOf(frame));
  const jls = decodeFrame(TransferSyntax.JPEGLSLossless, encodeJpegLsLossless(frame), infoOf(frame));
  expect(Buffer.from(j2k.pixels).equals(Buffer.from(frame.pixels))).toBe(true);
  expect(Buffer.from(jls.pixels).equals(Buffer.from(frame.pixels))).toBe(true);
});
