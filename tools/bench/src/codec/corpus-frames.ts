import * as fs from 'node:fs';
import * as path from 'node:path';
import { DecodedFrame, decodeFrame } from '@triage/codec';
import { getFrames, hasPixelData, readPart10, readPixelInfo } from '@triage/dicom';
import { corpusDir } from '@triage/test-data';

/** Every decodable single-sample 8/16-bit frame of the corpus (what all three codecs take), named. */
export function corpusFrames(): { name: string; frame: DecodedFrame }[] {
  const dir = corpusDir();
  if (!fs.existsSync(dir)) return [];
  const frames: { name: string; frame: DecodedFrame }[] = [];
  for (const name of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort()) {
    try {
      const file = readPart10(fs.readFileSync(path.join(dir, name)), { source: name });
      if (!hasPixelData(file)) continue;
      const info = readPixelInfo(file);
      if (info.samplesPerPixel !== 1 || (info.bitsAllocated !== 8 && info.bitsAllocated !== 16)) continue;
      for (const stored of getFrames(file, info)) frames.push({ name, frame: decodeFrame(file.transferSyntaxUid, stored.bytes, info) });
    } catch {
      // Files the platform refuses are not benchmark material.
    }
  }
  return frames;
}
