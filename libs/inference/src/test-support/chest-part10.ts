import { encodeHtj2k, encodeJpeg2000Lossless, encodeJpegLsLossless, type DecodedFrame } from '@triage/codec';
import { readPart10, readPixelInfo, toDicomJson, TransferSyntax, writePart10 } from '@triage/dicom';
import { generateChestRadiograph } from '@triage/sample-data';

/** The lossless transfer syntaxes specs and the benchmark store chest radiographs in, by a short name. */
export const CHEST_SYNTAXES = {
  native: TransferSyntax.ExplicitVRLittleEndian,
  htj2k: TransferSyntax.HTJ2KLosslessRPCL,
  jpeg2000: TransferSyntax.JPEG2000Lossless,
  jpegls: TransferSyntax.JPEGLSLossless,
} as const;
export type ChestSyntax = keyof typeof CHEST_SYNTAXES;

const ENCODERS: Record<Exclude<ChestSyntax, 'native'>, (frame: DecodedFrame) => Uint8Array> = {
  htj2k: encodeHtj2k,
  jpeg2000: encodeJpeg2000Lossless,
  jpegls: encodeJpegLsLossless,
};

/** A @triage/sample-data chest radiograph (`size` square, 16-bit MONOCHROME2) as Part 10 in `syntax`; the same pixels in every syntax. */
export function chestPart10(seed: string, index: number, size: number, syntax: ChestSyntax = 'native'): Uint8Array {
  const generated = generateChestRadiograph({ seed, index, size });
  if (syntax === 'native') return generated.bytes;
  const file = readPart10(generated.bytes);
  const { numberOfFrames: _frames, ...info } = readPixelInfo(file);
  const frame: DecodedFrame = {
    ...info,
    pixels: new Uint8Array(generated.frame.pixels.buffer, generated.frame.pixels.byteOffset, generated.frame.pixels.byteLength),
    planarConfiguration: 0,
  };
  const dataset = toDicomJson(file);
  return writePart10(dataset, { transferSyntaxUid: CHEST_SYNTAXES[syntax], pixelData: [ENCODERS[syntax](frame)] });
}
