import * as path from 'node:path';
import { corpusFiles } from '../corpus/corpus-dir';
import { OUTCOME_PATHS, expectedOutcomes, expectedTruncations } from './expected-outcomes';
import { refusalClass } from './refusal-class';

/** The words a cell may hold, per column. */
const CELL: Record<(typeof OUTCOME_PATHS)[number], RegExp> = {
  decode: /^(decoded:\d+|no-pixel-data|refused:[a-z-]+)$/,
  'dicom-json': /^(converts|refused:[a-z-]+)$/,
  ingest: /^(stored:\d+|refused:[a-z-]+)$/,
  import: /^(stored:\d+|refused:[a-z-]+)$/,
  stow: /^(stored:\d+|refused:[a-z-]+)$/,
  'c-store': /^(stored:\d+|refused:[a-z-]+|not-sent)$/,
};

describe('expected-outcomes.tsv', () => {
  it.each(OUTCOME_PATHS)('has a well-formed %s outcome for exactly the corpus files', (column) => {
    const table = expectedOutcomes(column);
    expect(Object.keys(table)).toEqual(corpusFiles().map((f) => path.basename(f)));
    expect(Object.entries(table).filter(([, cell]) => !CELL[column].test(cell))).toEqual([]);
  });

  it('has a well-formed outcome for every truncation', () => {
    const cells = Object.values(expectedTruncations());
    expect(cells.length).toBeGreaterThan(0);
    expect(cells.filter((c) => !/^(read|refused:[a-z-]+)$/.test(c))).toEqual([]);
  });
});

describe('refusalClass', () => {
  it.each([
    ['SOPInstanceUID (0008,0018) is missing: an instance cannot be stored without it', 'no-sop-instance-uid'],
    ['x.dcm: (0002,0010): the file meta information has no TransferSyntaxUID (not DICOM: no preamble)', 'no-transfer-syntax'],
    ['not readable as DICOM: x.dcm: truncated or corrupt: an element runs past the end of the data', 'truncated'],
    ['cut-9700: cannot parse: littleEndianByteArrayParser.readUint32: attempt to read past end of buffer', 'truncated'],
    ["badVR.dcm: (0028,0008): NumberOfFrames is '1A', not an integer string (IS)", 'invalid-value'],
    ["Rows (0028,0010) is not a valid value: its VR is UV, the standard's is US (UV no value)", 'wrong-vr'],
    [
      'its metadata cannot be read back as DICOM JSON: X > item 1 > Y is a sequence (SQ) in the standard but was sent with another VR',
      'wrong-vr',
    ],
    ['its pixel data cannot be read: x.dcm: (0028,0010): Rows is missing', 'missing-attribute'],
    [
      'its pixel data cannot be read: x.dcm: (7FE0,0010): pixel data holds 10 bytes, too few for 1 frame(s) of 4×4×1 at 8 bits (16 bytes)',
      'truncated',
    ],
    ['frame 1 cannot be decoded: openjpeg: the codestream was corrupted', 'corrupt-codestream'],
    ["not readable as DICOM: dimse:CORPUS@127.0.0.1: (0028,0008): '1A'", 'unreadable'],
    ['SOPInstanceUID (0008,0018) is not a valid value: its VR is PN, the standard\'s is UI (PN {"Alphabetic":"1.2.3"})', 'wrong-vr'],
    [
      "StudyInstanceUID (0020,000D) '1.02.3' is not a valid UID (digits and dots, no leading zeros, at most 64 characters)",
      'invalid-value',
    ],
    ['SOPInstanceUID (0008,0018) would be indexed as nothing, not as the 1.2.3 the acknowledgement names', 'index-mismatch'],
    ['not readable as DICOM: cannot parse: dicomParser.readSequenceItem: item tag (FFFE,E000) not found at offset 812', 'unreadable'],
    ['cannot parse: item tag (FFFE,E000) not found at offset 812', 'unreadable'],
    ["its pixel data cannot be read: invalid value for parameter 'maxP osition'", 'truncated'],
    ["its pixel data cannot be read: x.dcm: (0028,0004): PhotometricInterpretation 'XYZ' is unknown", 'unreadable-pixel-data'],
    [
      'part 2: not a readable DICOM instance: cannot read the file meta information: item tag (FFFE,E000) not found at offset 152',
      'unreadable',
    ],
    ['part 2: the part is empty', 'empty-part'],
    ['Affected SOP Instance UID has 2 values', 'multi-valued-command'],
    ['its metadata cannot be read back as DICOM JSON: ContentSequence', 'unreadable-metadata'],
    ["StudyInstanceUID '1.2.826.0.1.3680043.8.498.1240683154273M051035", 'invalid-value'],
    ['presentation context refused (result 3)', 'unsupported-sop-class'],
    ['presentation context refused (result 4)', 'unsupported-transfer-syntax'],
    ["data set SOP Class UID is not the command's", 'command-mismatch'],
    ['something new', 'unclassified: something new'],
  ])('classes %j as %s', (reason, expected) => {
    expect(refusalClass(reason)).toBe(expected);
  });
});
