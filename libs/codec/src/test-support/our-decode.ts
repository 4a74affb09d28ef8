import * as fs from 'node:fs';
import * as path from 'node:path';
import { getFrames, hasPixelData, readPart10, readPixelInfo } from '@triage/dicom';
import { refusalClass } from '@triage/test-data';
import { decodeFrame } from '../decode/decode-frame';
import type { DecodedFrame } from '../frame/frame-types';

/** What our side made of a file: its decoded frames, or the table's outcome word when there are none. */
export interface OurDecode {
  /** `decoded:N`, `no-pixel-data` or `refused:CLASS`: the decode column of expected-outcomes.tsv. */
  outcome: string;
  transferSyntax: string;
  frames: DecodedFrame[];
  /** The refusal, in full, for the test log. */
  reason?: string;
}

/** Reads a file with @triage/dicom and decodes every frame with decodeFrame, as ingest does. */
export function ourDecode(file: string): OurDecode {
  const name = path.basename(file);
  let transferSyntax = '';
  try {
    const parsed = readPart10(fs.readFileSync(file), { source: name });
    transferSyntax = parsed.transferSyntaxUid;
    if (!hasPixelData(parsed)) return { outcome: 'no-pixel-data', transferSyntax, frames: [] };
    const info = readPixelInfo(parsed);
    const frames = getFrames(parsed, info).map((f) => decodeFrame(transferSyntax, f.bytes, info));
    return { outcome: `decoded:${frames.length}`, transferSyntax, frames };
  } catch (error) {
    const reason = (error as Error).message;
    return { outcome: `refused:${refusalClass(reason)}`, transferSyntax, frames: [], reason };
  }
}
