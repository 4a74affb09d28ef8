import { jsonString, readPart10, toDicomJson, writePart10, type DicomJsonDataset } from '@triage/dicom';
import { generateChestRadiograph, PrivateTag } from '@triage/sample-data';
import { patientSplit } from './patient-split';
import { readRadiograph } from './read-radiograph';

const KEY = 'read-radiograph-key';
const generated = generateChestRadiograph({ seed: 'read-radiograph', index: 1, size: 64, label: 'pneumonia' });
const original = toDicomJson(readPart10(generated.bytes));
const patientId = jsonString(original, '00100020')!;
const pixels = new Uint8Array(generated.frame.pixels.buffer, generated.frame.pixels.byteOffset, generated.frame.pixels.byteLength);

/** The generated radiograph with some attributes changed (undefined removes one), pixels as they were. */
function variant(changes: Record<string, DicomJsonDataset[string] | undefined>): Uint8Array {
  const dataset: DicomJsonDataset = { ...original };
  for (const [tag, value] of Object.entries(changes)) {
    if (value === undefined) delete dataset[tag];
    else dataset[tag] = value;
  }
  return writePart10(dataset, { pixelData: pixels });
}

const UNMARKED = { '00204000': undefined, [PrivateTag.Creator]: undefined, '00080070': undefined };

describe('readRadiograph', () => {
  it('turns the PatientID into its keyed hash and split, de-identifies, and windows with the file window', () => {
    const r = readRadiograph(generated.bytes, 'chest-1', KEY);
    expect(r.patient).toEqual(patientSplit(patientId, KEY));
    expect([r.rows, r.columns, r.pixels.length, r.synthetic, r.window.source]).toEqual([64, 64, 64 * 64, true, 'file']);
    expect(jsonString(r.attributes, '00100020')).toBe(r.patient.patientKey);
    expect(jsonString(r.attributes, '00100010')).toBe(r.patient.patientKey);
    expect(jsonString(r.attributes, '00120062')).toBe('YES');
    expect(JSON.stringify(r.attributes)).not.toContain(patientId);
    expect(jsonString(r.attributes, '00080018')).not.toBe(generated.sopInstanceUid);
    expect(r.pixels.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it.each([
    ['without a window: the automatic one', { '00281050': undefined, '00281051': undefined }, { window: 'auto', synthetic: true }],
    ['without the sample-data marks: not synthetic', UNMARKED, { window: 'file', synthetic: false }],
  ])('%s', (_name, changes, expected) => {
    const r = readRadiograph(variant(changes), 'variant', KEY);
    expect({ window: r.window.source, synthetic: r.synthetic }).toEqual(expected);
  });

  it('inverts MONOCHROME1, so bone is bright in every image', () => {
    const mono2 = readRadiograph(generated.bytes, 'mono2', KEY).pixels;
    const mono1 = readRadiograph(variant({ '00280004': { vr: 'CS', Value: ['MONOCHROME1'] } }), 'mono1', KEY).pixels;
    expect(Array.from(mono1, (v, i) => Math.abs(v - (1 - mono2[i]!)) < 1e-6).every(Boolean)).toBe(true);
  });

  it.each([
    [
      'burned-in annotation',
      { '00280301': { vr: 'CS', Value: ['YES'] } },
      'x: burned-in annotation (0028,0301 YES): the pixels may name the patient',
    ],
    ['no PatientID', { '00100020': undefined }, 'x: no PatientID, so no patient to split by'],
  ])('refuses an image with %s', (_name, changes, message) => {
    expect(() => readRadiograph(variant(changes), 'x', KEY)).toThrow(message);
  });
});
