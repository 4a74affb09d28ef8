import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { transferSyntaxTraits } from '@triage/dicom';
import { expectedOutcomes, frameReferences, lossyReferenceFrames, referenceFile, type FrameReference } from '@triage/test-data';
import { maxAbsDiff } from '../test-support/max-abs-diff';
import { ourDecode, type OurDecode } from '../test-support/our-decode';

// Our decoders against dcmtk/gdcm, through the committed reference table
// (tools/test-data/corpus/frame-references.json, made and checked by
// tools/test-data/scripts/make-frame-references.mjs): no Debian tool runs here.

/**
 * Largest difference from the reference allowed on a lossy transfer syntax, in sample values: two
 * correct decoders of a lossy stream may round differently. A file that needs more is listed in
 * LOSSY_TOLERANCE with why. Observed today: 0 on every lossy file (their hashes match too).
 */
const DEFAULT_LOSSY_TOLERANCE = 2;
const LOSSY_TOLERANCE: Record<string, number> = {};

const references = frameReferences();
const expectedDecode = expectedOutcomes('decode');
const keys = Object.keys(references);
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const ours = new Map<string, OurDecode>(keys.map((key) => [key, ourDecode(referenceFile(key))]));

afterAll(() => {
  // Every file's outcome, for whoever reads the test log.
  const rows = keys.map(
    (k) => `${k.padEnd(52)} ${(ours.get(k)?.transferSyntax || '-').padEnd(24)} ${ours.get(k)?.outcome} ${ours.get(k)?.reason ?? ''}`,
  );
  process.stdout.write(`decode outcomes:\n${rows.join('\n')}\n`);
});

describe('decodeFrame against the dcmtk / gdcm reference table', () => {
  it('covers every corpus file and every generated file', () => {
    expect(keys.filter((k) => k.startsWith('corpus/')).map((k) => k.slice('corpus/'.length))).toEqual(Object.keys(expectedDecode));
    expect(keys.length).toBe(79);
  });

  it.each(keys)('%s: decodes as the table expects, with the reference layout and pixels', (key) => {
    const ref = references[key];
    const got = ours.get(key) as OurDecode;
    // Generated files are all valid encodings: every one must decode.
    const expected = key.startsWith('corpus/') ? expectedDecode[key.slice('corpus/'.length)] : `decoded:${ref.layout?.numberOfFrames}`;
    expect({ key, outcome: got.outcome }).toEqual({ key, outcome: expected });
    if (got.frames.length === 0) return;
    const layout = ref.layout as NonNullable<FrameReference['layout']>;
    const first = got.frames[0];
    expect({
      rows: first.rows,
      columns: first.columns,
      samplesPerPixel: first.samplesPerPixel,
      bitsAllocated: first.bitsAllocated,
      bitsStored: first.bitsStored,
      pixelRepresentation: first.pixelRepresentation,
      photometricInterpretation: first.photometricInterpretation,
      numberOfFrames: got.frames.length,
    }).toEqual(layout);
    const hashes = got.frames.map((f) => sha256(f.pixels));
    if (!transferSyntaxTraits(got.transferSyntax)?.lossy) {
      expect(hashes).toEqual(ref.frames);
      return;
    }
    // Lossy: within the stated tolerance of the reference frames, frame by frame.
    const referenceFrames = lossyReferenceFrames(ref, first.pixels.length);
    const diffs = got.frames.map((f, i) => maxAbsDiff(f, referenceFrames[i]));
    const tolerance = LOSSY_TOLERANCE[key] ?? DEFAULT_LOSSY_TOLERANCE;
    expect(diffs.map((d) => d <= tolerance)).toEqual(diffs.map(() => true));
  });

  it('refuses every file the reference tools refuse', () => {
    for (const key of keys) {
      const got = ours.get(key) as OurDecode;
      if (references[key].refused) expect({ key, outcome: got.outcome }).toEqual({ key, outcome: expect.stringMatching(/^refused:/) });
    }
  });

  it('decodes every transfer syntax of the corpus and of the generated files', () => {
    const decoded = new Set(keys.filter((k) => ours.get(k)?.outcome.startsWith('decoded:')).map((k) => ours.get(k)?.transferSyntax));
    expect([...decoded].sort()).toEqual(
      [
        '1.2',
        '1.2.1',
        '1.2.2',
        '1.2.4.50',
        '1.2.4.51',
        '1.2.4.57',
        '1.2.4.70',
        '1.2.4.80',
        '1.2.4.81',
        '1.2.4.90',
        '1.2.4.91',
        '1.2.5',
      ].map((s) => `1.2.840.10008.${s}`),
    );
  });

  it('names the codec in every codec refusal', () => {
    const codecRefusals = keys.filter((k) => ours.get(k)?.outcome === 'refused:corrupt-codestream');
    expect(codecRefusals.map((k) => path.basename(k))).toEqual(['JPEG2000-embedded-sequence-delimiter.dcm']);
    for (const k of codecRefusals) expect(ours.get(k)?.reason).toMatch(/^[\w -]+: /);
  });
});
