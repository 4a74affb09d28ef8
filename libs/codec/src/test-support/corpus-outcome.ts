import * as fs from 'node:fs';
import * as path from 'node:path';
import { getFrames, hasPixelData, readPart10, readPixelInfo, transferSyntaxTraits } from '@triage/dicom';
import { decodeFrame } from '../decode/decode-frame';
import { decodeNative } from '../decoders/native/decode-native';
import type { DecodedFrame } from '../frame/frame-types';
import { maxAbsDiff } from './compare';
import { writeReference } from './reference-decoder';

/** What happened to one file: decoded (and how close to the reference), refused, or no pixels. */
export interface Outcome {
  file: string;
  transferSyntax: string;
  kind: 'exact' | 'within' | 'differs' | 'refused' | 'no pixel data' | 'refused by dicom' | 'reference failed';
  /** For a refused file: whether the reference tool refuses it too. */
  referenceRefuses?: boolean;
  frames?: number;
  maxDiff?: number;
  photometric?: string;
  reason?: string;
  lossy?: boolean;
  decoded?: DecodedFrame[];
}

/** Decodes every frame of a file with our codec and with the Debian reference, and compares. */
export function corpusOutcome(file: string, workDir: string): Outcome {
  const name = path.basename(file);
  let parsed;
  let info;
  try {
    parsed = readPart10(fs.readFileSync(file), { source: name });
    if (!hasPixelData(parsed)) return { file: name, transferSyntax: parsed.transferSyntaxUid, kind: 'no pixel data' };
    info = readPixelInfo(parsed);
  } catch (error) {
    const reason = (error as Error).message;
    return { file: name, transferSyntax: '', kind: reason.includes('Rows is missing') ? 'no pixel data' : 'refused by dicom', reason };
  }
  const ts = parsed.transferSyntaxUid;
  const lossy = transferSyntaxTraits(ts)?.lossy ?? false;
  let ours: DecodedFrame[];
  try {
    ours = getFrames(parsed, info).map((f) => decodeFrame(ts, f.bytes, info));
  } catch (error) {
    let referenceRefuses = false;
    try {
      readReference(ts, file, workDir);
    } catch {
      referenceRefuses = true;
    }
    return { file: name, transferSyntax: ts, kind: 'refused', reason: (error as Error).message, lossy, referenceRefuses };
  }
  let reference: DecodedFrame[];
  try {
    reference = readReference(ts, file, workDir);
  } catch (error) {
    return { file: name, transferSyntax: ts, kind: 'reference failed', reason: (error as Error).message, lossy, decoded: ours };
  }
  const maxDiff = Math.max(
    ours.length === reference.length ? 0 : Infinity,
    ...ours.map((frame, i) => (reference[i] ? maxAbsDiff(frame, reference[i]) : Infinity)),
  );
  const kind = maxDiff === 0 ? 'exact' : lossy && Number.isFinite(maxDiff) ? 'within' : 'differs';
  return {
    file: name,
    transferSyntax: ts,
    kind,
    frames: ours.length,
    maxDiff,
    photometric: ours[0].photometricInterpretation,
    lossy,
    decoded: ours,
  };
}

function readReference(ts: string, file: string, workDir: string): DecodedFrame[] {
  const refFile = readPart10(fs.readFileSync(writeReference(ts, file, workDir)), { source: `${path.basename(file)} (reference)` });
  const refInfo = readPixelInfo(refFile);
  const frames = getFrames(refFile, refInfo).map((f) => decodeNative(f.bytes, refInfo));
  if (transferSyntaxTraits(ts)?.bigEndian && refInfo.bitsAllocated === 32) frames.forEach((f) => swapWordHalves(f.pixels));
  return frames;
}

/**
 * dcmtk byte-swaps big-endian OW pixel data in 16-bit units (the VR's word size) even for
 * 32-bit pixels, so its little-endian copy has the two halves of each sample exchanged.
 * (rtdose_expb.dcm decodes on our side to exactly the samples of its little-endian twin rtdose.dcm.)
 */
function swapWordHalves(bytes: Uint8Array): void {
  for (let i = 0; i + 3 < bytes.length; i += 4) {
    const a = bytes[i],
      b = bytes[i + 1];
    bytes[i] = bytes[i + 2];
    bytes[i + 1] = bytes[i + 3];
    bytes[i + 2] = a;
    bytes[i + 3] = b;
  }
}
