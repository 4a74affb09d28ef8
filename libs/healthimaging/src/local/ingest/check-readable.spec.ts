import * as fs from 'node:fs';
import * as path from 'node:path';
import { readPixelInfo, type PixelInfo } from '@triage/dicom';
import { corpusDir, refusalClass } from '@triage/test-data';
import { IngestRefusedError } from '../../dicom-store';
import { checkReadable, type DecodedShape, type ReadableCheckInput } from './check-readable';
import { frameCodec } from './frame-codec';
import { identifyInstance, prepareInstance } from './prepare-instance';

/** MR_small (64×64, 16-bit, one frame) as ingest prepares it, and what checkReadable is handed for it. */
async function mrSmall(): Promise<ReadableCheckInput & { pixels: { info: PixelInfo; decoded: DecodedShape[] } }> {
  const identity = identifyInstance(fs.readFileSync(path.join(corpusDir(), 'MR_small.dcm')), 'MR_small.dcm');
  const prepared = await prepareInstance(identity, frameCodec());
  const info = readPixelInfo(identity.file);
  const decoded = [{ rows: 64, columns: 64, samplesPerPixel: 1, bitsAllocated: 16, bytes: 64 * 64 * 2 }];
  return { prepared, received: identity.dataset, pixels: { info, decoded } };
}

/** Each case breaks one thing a read needs (the first breaks nothing), and the outcome it must have. */
const CASES: [string, (input: Awaited<ReturnType<typeof mrSmall>>) => void, string][] = [
  ['nothing changed', () => undefined, 'readable'],
  ['Rows sent as SS', (i) => (i.received['00280010'] = { vr: 'SS', Value: [64] }), 'refused:wrong-vr'],
  ['Rows read back as another value', (i) => (i.prepared.entry.instance.DICOM['Rows'] = 65), 'refused:invalid-value'],
  ['HighBit at BitsAllocated', (i) => (i.pixels.info = { ...i.pixels.info, highBit: 16 }), 'refused:invalid-value'],
  ['PixelRepresentation 2', (i) => (i.pixels.info = { ...i.pixels.info, pixelRepresentation: 2 }), 'refused:invalid-value'],
  [
    'a frame decoded to 64×32',
    (i) => (i.pixels.decoded[0] = { ...i.pixels.decoded[0], rows: 32, bytes: 64 * 32 * 2 }),
    'refused:corrupt-codestream',
  ],
  [
    'a frame decoded to 3 samples',
    (i) => (i.pixels.decoded[0] = { ...i.pixels.decoded[0], samplesPerPixel: 3 }),
    'refused:corrupt-codestream',
  ],
  ['a frame of too few bytes', (i) => (i.pixels.decoded[0] = { ...i.pixels.decoded[0], bytes: 100 }), 'refused:corrupt-codestream'],
  [
    'SOPInstanceUID sent as PN',
    (i) => (i.received['00080018'] = { vr: 'PN', Value: [{ Alphabetic: i.prepared.sopUid }] }),
    'refused:wrong-vr',
  ],
  ['StudyInstanceUID sent as US', (i) => (i.received['0020000D'] = { vr: 'US', Value: [11825] }), 'refused:wrong-vr'],
  ['SeriesInstanceUID with a leading zero', (i) => (i.received['0020000E'] = { vr: 'UI', Value: ['1.02.3'] }), 'refused:invalid-value'],
  ['SOPClassUID of 65 characters', (i) => (i.received['00080016'] = { vr: 'UI', Value: [`1.${'2'.repeat(63)}`] }), 'refused:invalid-value'],
  ['SOPInstanceUID indexed as a number', (i) => (i.prepared.entry.instance.DICOM['SOPInstanceUID'] = 12345), 'refused:index-mismatch'],
  ['StudyInstanceUID indexed as another UID', (i) => (i.prepared.entry.study['StudyInstanceUID'] = '1.2.3'), 'refused:index-mismatch'],
  ['NumberOfFrames sent as SS', (i) => (i.received['00280008'] = { vr: 'SS', Value: [2] }), 'refused:wrong-vr'],
  [
    'NumberOfFrames 3 for 1 frame found',
    (i) => {
      i.received['00280008'] = { vr: 'IS', Value: [3] };
      i.prepared.entry.instance.DICOM['NumberOfFrames'] = 3;
    },
    'refused:invalid-value',
  ],
  ['NumberOfFrames 1 for 1 frame found', (i) => (i.received['00280008'] = { vr: 'IS', Value: [1] }), 'readable'],
  [
    'a nested sequence sent as OB',
    (i) => (i.prepared.entry.instance.DICOM['ReferencedImageSequence'] = [{ PurposeOfReferenceCodeSequence: 'AAAA' }]),
    'refused:wrong-vr',
  ],
];

describe('checkReadable', () => {
  it.each(CASES.map(([name, breakIt, expected]) => [name, expected, breakIt] as const))('%s: %s', async (name, expected, breakIt) => {
    const input = await mrSmall();
    breakIt(input);
    let outcome = 'readable';
    try {
      checkReadable(input);
    } catch (error) {
      if (!(error instanceof IngestRefusedError)) throw error;
      expect(error.status).toBe(0xc000);
      outcome = `refused:${refusalClass(error.reason)}`;
    }
    expect({ name, outcome }).toEqual({ name, outcome: expected });
  });
});
