import { decodeFrame } from '@triage/codec';
import { getFrames, readPart10, readPixelInfo } from '@triage/dicom';

/** A Part 10 file's transfer syntax and every frame decoded to native pixels: comparable whatever the syntax. */
export function decodedPixels(bytes: Uint8Array, source: string): { transferSyntaxUid: string; frames: Buffer[] } {
  const file = readPart10(bytes, { source });
  const info = readPixelInfo(file);
  return {
    transferSyntaxUid: file.transferSyntaxUid,
    frames: getFrames(file, info).map((frame) => Buffer.from(decodeFrame(file.transferSyntaxUid, frame.bytes, info).pixels)),
  };
}
