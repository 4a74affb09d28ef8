import * as fs from 'node:fs';
import * as path from 'node:path';
import { toDicomJson } from '../json/to-dicom-json';
import { readPart10 } from '../parse/read-part10';
import { corpusDir } from '../test-support/corpus';
import { deidentify, replaceUid } from './deidentify';

const json = (name: string) => toDicomJson(readPart10(fs.readFileSync(path.join(corpusDir(), name))), { bulkDataThreshold: Infinity });

describe('de-identification (PS3.15 basic profile)', () => {
  it('removes names, IDs, dates and institution, and says it did', () => {
    const original = json('CT_small.dcm');
    const out = deidentify(original, { uidKey: 'k1' });
    const text = JSON.stringify(out);
    expect(text).not.toContain('CompressedSamples');
    expect(text).not.toContain(String(original['00100020'].Value?.[0]));
    expect(out['00100010']).toEqual({ vr: 'PN' });
    expect(out['00080020']).toEqual({ vr: 'DA' });
    expect(out['00080080']).toBeUndefined();
    expect(out['00120062']).toEqual({ vr: 'CS', Value: ['YES'] });
    expect(out['00120064'].Value?.[0]).toMatchObject({ '00080100': { Value: ['113100'] } });
    // Pixel-describing attributes stay.
    expect(out['00280010']).toEqual(original['00280010']);
    expect(out['00080016']).toEqual(original['00080016']);
  });

  it('replaces UIDs consistently under one key, differently under another, inside sequences too', () => {
    const original = json('rtdose.dcm');
    const a = deidentify(original, { uidKey: 'k1' });
    const b = deidentify(original, { uidKey: 'k1' });
    const c = deidentify(original, { uidKey: 'k2' });
    expect(a).toEqual(b);
    expect(a['0020000D'].Value?.[0]).not.toBe(original['0020000D'].Value?.[0]);
    expect(a['0020000D'].Value?.[0]).not.toBe(c['0020000D'].Value?.[0]);
    expect(String(a['0020000D'].Value?.[0])).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(String(a['0020000D'].Value?.[0]).length).toBeLessThanOrEqual(64);
    expect(a['0020000D'].Value?.[0]).toBe(replaceUid(String(original['0020000D'].Value?.[0]), 'k1'));
    // No original instance UID survives anywhere in the data set.
    const uids = JSON.stringify(original).match(/"\d+(\.\d+){4,}"/g) ?? [];
    const kept = JSON.stringify(a);
    for (const uid of uids) {
      if (uid.startsWith('"1.2.840.10008.')) continue; // class UIDs
      expect(kept).not.toContain(uid);
    }
  });

  it('removes private attributes and applies a pseudonym', () => {
    const original = json('priv_SQ.dcm');
    expect(Object.keys(original).some((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toBe(true);
    const out = deidentify(original, { uidKey: 'k', pseudonym: 'TRAIN-0001' });
    expect(Object.keys(out).some((t) => parseInt(t.slice(0, 4), 16) % 2 === 1)).toBe(false);
    expect(out['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'TRAIN-0001' }] });
  });
});
