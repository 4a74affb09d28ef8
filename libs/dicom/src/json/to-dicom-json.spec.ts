import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPart10 } from '../parse/read-part10';
import { expectedOutcomes, refusalClass } from '@triage/test-data';
import { corpusDir, corpusFiles } from '../test-support/corpus';
import { dcmtk } from '../test-support/dcmtk';
import type { DicomJsonDataset } from './dicom-json';
import { toDicomJson } from './to-dicom-json';

/** Attributes compared with dcmtk's dcm2json: the ones every viewer and the worklist depend on. */
const COMPARED = [
  '00080016',
  '00080018',
  '00080020',
  '00080060',
  '00100010',
  '00100020',
  '0020000D',
  '0020000E',
  '00200013',
  '00280010',
  '00280011',
  '00280030',
  '00281050',
  '00281051',
  '00200032',
  '00200037',
];

function comparable(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null), (_k, v) => (typeof v === 'number' ? Number(v.toPrecision(10)) : v));
}

describe('toDicomJson', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-json-'));
  const files = corpusFiles();
  const expected = expectedOutcomes('dicom-json');

  it('has an expected outcome for every corpus file', () => {
    expect(files.map((f) => path.basename(f))).toEqual(Object.keys(expected));
  });

  it.each(files.map((f) => [path.basename(f), f]))(
    '%s converts or is refused as expected-outcomes.tsv says, and agrees with dcmtk dcm2json',
    (name, file) => {
      let ours;
      let parsed;
      try {
        parsed = readPart10(fs.readFileSync(file), { source: name });
        ours = toDicomJson(parsed);
      } catch (error) {
        expect({ name, outcome: `refused:${refusalClass((error as Error).message)}` }).toEqual({ name, outcome: expected[name] });
        return;
      }
      expect({ name, outcome: 'converts' }).toEqual({ name, outcome: expected[name] });
      // dcm2json cannot write compressed pixel data as JSON: compare a copy without it.
      const copy = path.join(tmp, path.basename(file));
      fs.copyFileSync(file, copy);
      fs.chmodSync(copy, 0o644);
      if (parsed.dataSet.elements['x7fe00010']?.encapsulatedPixelData) dcmtk('dcmodify', ['-nb', '-q', '-ea', '(7fe0,0010)', copy]);
      const theirs = JSON.parse(dcmtk('dcm2json', ['+fc', copy]) || '{}') as DicomJsonDataset;
      for (const tag of COMPARED) {
        if (!theirs[tag] && !ours[tag]) continue;
        // dcmtk leaves standard attributes sent with an explicit UN as UN; we read them by the dictionary (tested below).
        if (theirs[tag]?.vr === 'UN') continue;
        expect([tag, comparable(ours[tag]?.Value)]).toEqual([tag, comparable(theirs[tag]?.Value)]);
      }
    },
  );

  it('decodes text in the declared character set', () => {
    const json = toDicomJson(readPart10(fs.readFileSync(path.join(corpusDir(), 'test-SR.dcm'))));
    expect(JSON.stringify(json)).toContain('Jörg');
  });

  it('turns large binary values into BulkDataURIs and small ones into InlineBinary', () => {
    const file = readPart10(fs.readFileSync(path.join(corpusDir(), 'waveform_ecg.dcm')));
    const json = toDicomJson(file, { bulkDataUri: (p) => `bulk/${p}` });
    const text = JSON.stringify(json);
    expect(text).toMatch(/"BulkDataURI":"bulk\/54000100\.0\.54001010"/);
    expect(toDicomJson(file, { bulkDataThreshold: 1 << 30 })['54000100'].Value?.[0]).toHaveProperty('54001010.InlineBinary');
  });

  it('reads standard attributes written with an explicit UN VR by their dictionary VR', () => {
    const json = toDicomJson(readPart10(fs.readFileSync(path.join(corpusDir(), 'rtdose_rle_1frame.dcm'))));
    expect(json['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'Lastname^Firstname' }] });
  });

  it('refuses a malformed number naming the attribute', () => {
    expect(() => toDicomJson(readPart10(fs.readFileSync(path.join(corpusDir(), 'badVR.dcm')), { source: 'badVR.dcm' }))).toThrow(
      "badVR.dcm: (0028,0008): '1A' is not a valid integer string (IS)",
    );
  });
});
