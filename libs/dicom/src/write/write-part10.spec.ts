import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getFrames } from '../frames/extract-frames';
import { hasPixelData } from '../frames/pixel-info';
import { toDicomJson } from '../json/to-dicom-json';
import { readPart10 } from '../parse/read-part10';
import { corpusDir } from '../test-support/corpus';
import { dcmtk } from '../test-support/dcmtk';
import { transferSyntaxTraits } from '../transfer-syntax/transfer-syntax';
import { writePart10 } from './write-part10';

const SAMPLES = [
  'CT_small.dcm',
  'MR_small_expb.dcm',
  'SC_rgb_rle_2frame.dcm',
  'JPEG2000.dcm',
  'rtdose.dcm',
  'test-SR.dcm',
  'waveform_ecg.dcm',
  'rtstruct.dcm',
];

describe('writePart10', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-write-'));

  it.each(SAMPLES)('%s: read → write → read gives the same data set and frames, and dcmtk reads it', (name) => {
    const original = readPart10(fs.readFileSync(path.join(corpusDir(), name)));
    const json = toDicomJson(original, { bulkDataThreshold: Infinity });
    const encapsulated = transferSyntaxTraits(original.transferSyntaxUid)?.encapsulated ?? false;
    const frames = hasPixelData(original) ? getFrames(original).map((f) => f.bytes) : undefined;
    const bytes = writePart10(json, {
      transferSyntaxUid: encapsulated ? original.transferSyntaxUid : undefined,
      pixelData: frames && (encapsulated ? frames : Buffer.concat(frames)),
    });
    const back = readPart10(bytes);
    const json2 = toDicomJson(back, { bulkDataThreshold: Infinity });
    // Non-ASCII text is written as UTF-8 and says so.
    delete json['00080005'];
    delete json2['00080005'];
    expect(json2).toEqual(json);
    if (frames) expect(getFrames(back).map((f) => Buffer.from(f.bytes))).toEqual(frames.map((f) => Buffer.from(f)));
    const file = path.join(dir, name);
    fs.writeFileSync(file, bytes);
    expect(dcmtk('dcmdump', ['-q', '+E', file])).toContain('SOPInstanceUID');
  });

  it('refuses a data set without SOP Instance UID', () => {
    expect(() => writePart10({ '00080016': { vr: 'UI', Value: ['1.2.3'] } }, { source: 'x' })).toThrow(
      'x: (0008,0018): SOPInstanceUID is missing',
    );
  });
});
