import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DicomError } from '../errors/dicom-error';
import { corpusDir, corpusFiles } from '../test-support/corpus';
import { dcmtk } from '../test-support/dcmtk';
import { readPart10 } from './read-part10';
import { TRUNCATION, expectedTruncations, fuzzRepros, refusalClass } from '@triage/test-data';

/** INDEX.tsv of the corpus: file → transfer syntax as dcmdump read it. */
function corpusIndex(): Map<string, string> {
  const lines = fs.readFileSync(path.join(corpusDir(), 'INDEX.tsv'), 'utf8').trim().split('\n').slice(1);
  return new Map(lines.map((l) => l.split('\t')).map(([file, , ts]) => [file, ts]));
}

/** Files of the corpus that are broken on purpose, and what must be said about them. */
const BROKEN: Record<string, RegExp> = {
  'SC_rgb_jpeg.dcm': /truncated or corrupt/,
  'meta_missing_tsyntax.dcm': /no TransferSyntaxUID/,
  'nested_priv_SQ.dcm': /truncated or corrupt/,
  'no_meta.dcm': /not DICOM/,
  'rtplan_truncated.dcm': /truncated or corrupt/,
};

describe('readPart10 on the corpus', () => {
  const index = corpusIndex();
  const files = corpusFiles();

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(files.map((f) => [path.basename(f), f]))(
    '%s is parsed with the transfer syntax dcmtk sees, or refused with a reason',
    (name, file) => {
      const bytes = fs.readFileSync(file);
      if (BROKEN[name]) {
        expect(() => readPart10(bytes, { source: name })).toThrow(DicomError);
        expect(() => readPart10(bytes, { source: name })).toThrow(BROKEN[name]);
        try {
          readPart10(bytes, { source: name });
        } catch (error) {
          expect((error as DicomError).source).toBe(name);
        }
        return;
      }
      const parsed = readPart10(bytes, { source: name });
      const expected = index.get(name);
      // dcmdump leaves the column empty for files without a meta header; we infer it.
      if (expected) expect(parsed.transferSyntaxUid).toBe(expected);
      expect(Object.keys(parsed.dataSet.elements).length).toBeGreaterThan(0);
    },
  );

  it('reads a bare data set without preamble in both byte orders', () => {
    const le = readPart10(fs.readFileSync(path.join(corpusDir(), 'ExplVR_LitEndNoMeta.dcm')));
    const be = readPart10(fs.readFileSync(path.join(corpusDir(), 'ExplVR_BigEndNoMeta.dcm')));
    expect(le.hasMetaHeader).toBe(false);
    expect(be.transferSyntaxUid).toBe('1.2.840.10008.1.2.2');
    expect(be.dataSet.string('x00080060')).toBe(le.dataSet.string('x00080060'));
  });

  it('reads deflated explicit VR little endian written by dcmtk', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-deflate-'));
    const out = path.join(dir, 'deflated.dcm');
    dcmtk('dcmconv', ['+td', path.join(corpusDir(), 'CT_small.dcm'), out]);
    const deflated = readPart10(fs.readFileSync(out));
    const plain = readPart10(fs.readFileSync(path.join(corpusDir(), 'CT_small.dcm')));
    expect(deflated.transferSyntaxUid).toBe('1.2.840.10008.1.2.1.99');
    expect(deflated.dataSet.string('x00100010')).toBe(plain.dataSet.string('x00100010'));
    expect(fs.statSync(out).size).toBeLessThan(fs.statSync(path.join(corpusDir(), 'CT_small.dcm')).size);
  });

  it('reads or refuses each truncation of a good file exactly as truncations.tsv says, refusing only with a DicomError', () => {
    const bytes = fs.readFileSync(path.join(corpusDir(), TRUNCATION.file));
    const observed: Record<number, string> = {};
    for (let cut = 0; cut < bytes.length; cut += TRUNCATION.step) {
      try {
        readPart10(bytes.subarray(0, cut), { source: `cut-${cut}` });
        observed[cut] = 'read';
      } catch (error) {
        expect([cut, error instanceof DicomError]).toEqual([cut, true]);
        observed[cut] = `refused:${refusalClass((error as Error).message)}`;
      }
    }
    expect(observed).toEqual(expectedTruncations());
  });

  it('refuses random bytes and an unknown transfer syntax', () => {
    expect(() => readPart10(new Uint8Array(1000).fill(0x41), { source: 'aaa' })).toThrow(/not DICOM/);
    const bytes = Buffer.from(fs.readFileSync(path.join(corpusDir(), 'MR_small.dcm')));
    const ts = bytes.indexOf('1.2.840.10008.1.2.1\0');
    bytes.write('1.2.840.10008.1.2.9', ts, 'latin1');
    expect(() => readPart10(bytes, { source: 'x.dcm' })).toThrow(/unsupported transfer syntax 1\.2\.840\.10008\.1\.2\.9/);
  });
});

describe('readPart10 on the fuzzer reproducers whose lengths run past the data (classes A and B)', () => {
  const lengthRepros = fuzzRepros().filter((r) => r.class === 'A' || r.class === 'B');

  it.each(lengthRepros.map((r) => [r.name, r.file]))(
    '%s: refused as a DicomError naming the element, so no later read of a value throws a plain string',
    (name, file) => {
      let thrown: unknown;
      try {
        readPart10(fs.readFileSync(file), { source: name });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DicomError);
      const reason = (thrown as DicomError).reason;
      expect([name, refusalClass(reason), (thrown as DicomError).tag]).toEqual([
        name,
        'truncated',
        expect.stringMatching(/^\([0-9A-F]{4},[0-9A-F]{4}\)$/),
      ]);
    },
  );
});
