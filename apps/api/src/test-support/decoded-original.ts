import { decodeFrame } from '@triage/codec';
import { getFrames, hasPixelData, readPart10, readPixelInfo, TransferSyntax } from '@triage/dicom';

/** An original's frames decoded by the codec lib: what every stored copy must give back bit-exact. */
export interface DecodedOriginal {
  pixels: Uint8Array[];
  bitsAllocated: number;
}

/** The original's frames decoded, or undefined when it is unreadable or has no pixel data to compare. */
export function decodedOriginal(bytes: Uint8Array, source: string): DecodedOriginal | undefined {
  let file;
  try {
    file = readPart10(bytes, { source });
  } catch {
    return undefined;
  }
  if (!hasPixelData(file)) return undefined;
  const info = readPixelInfo(file);
  return {
    pixels: getFrames(file, info).map((f) => decodeFrame(file.transferSyntaxUid, f.bytes, info).pixels),
    bitsAllocated: info.bitsAllocated,
  };
}

/** 1-bit frames come as Explicit VR Little Endian holds them, 8 pixels a byte: unpacked to compare with the decoded original. */
export function asDecoded(frame: Buffer, original: DecodedOriginal, i: number): Buffer {
  if (original.bitsAllocated !== 1) return frame;
  const length = original.pixels[i].length;
  return Buffer.from(
    decodeFrame(TransferSyntax.ExplicitVRLittleEndian, frame, {
      rows: 1,
      columns: length,
      samplesPerPixel: 1,
      bitsAllocated: 1,
      bitsStored: 1,
      highBit: 0,
      pixelRepresentation: 0,
      photometricInterpretation: 'MONOCHROME2',
      planarConfiguration: 0,
    }).pixels,
  );
}
