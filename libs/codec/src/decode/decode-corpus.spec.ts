import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readPart10, readPixelInfo } from '@triage/dicom';
import { corpusFiles } from '../test-support/corpus';
import { CodecError } from '../errors/codec-error';
import { Outcome, corpusOutcome } from '../test-support/corpus-outcome';
import { assertReferenceToolsInstalled, runTool } from '../test-support/reference-decoder';

/** Lossy decoders agree with dcmtk/gdcm within this many grey levels (observed: 0). */
const LOSSY_TOLERANCE = 2;

/** Broken on purpose: @triage/dicom must refuse them before any codec sees them. */
const BROKEN = ['SC_rgb_jpeg.dcm', 'meta_missing_tsyntax.dcm', 'nested_priv_SQ.dcm', 'no_meta.dcm', 'rtplan_truncated.dcm', 'badVR.dcm'];

/** The corpus has no JPEG-LS and no 16-bit lossless JPEG: make some with dcmtk's encoders. */
const GENERATED: { from: string; tool: string; args: string[] }[] = [
  { from: 'CT_small.dcm', tool: 'dcmcjpls', args: ['+el'] },
  { from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpls', args: ['+en'] },
  { from: 'SC_rgb_small_odd.dcm', tool: 'dcmcjpls', args: ['+el', '+il'] },
  { from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpls', args: ['+el', '+in'] },
  { from: 'SC_rgb_jpeg_dcmd.dcm', tool: 'dcmcjpls', args: ['+el', '+is'] },
  { from: 'CT_small.dcm', tool: 'dcmcjpeg', args: ['+e1'] },
  { from: 'MR_small.dcm', tool: 'dcmcjpeg', args: ['+el'] },
  { from: 'ExplVR_BigEnd.dcm', tool: 'dcmcjpeg', args: ['+eb'] },
];

describe('decodeFrame against dcmtk / gdcm', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'codec-corpus-'));
  const outcomes: Outcome[] = [];

  beforeAll(() => {
    assertReferenceToolsInstalled();
    const corpus = corpusFiles();
    for (const file of corpus) outcomes.push(corpusOutcome(file, work));
    const generatedDir = fs.mkdtempSync(path.join(work, 'generated-'));
    for (const g of GENERATED) {
      const out = path.join(generatedDir, `${path.basename(g.from, '.dcm')}_${g.tool}${g.args.join('')}.dcm`);
      runTool(g.tool, [...g.args, path.join(path.dirname(corpus[0]), g.from), out]);
      outcomes.push(corpusOutcome(out, work));
    }
    printTable(outcomes);
  });

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('every lossless frame is bit-exact, every lossy one within tolerance', () => {
    const bad = outcomes.filter(
      (o) => o.kind === 'differs' || o.kind === 'reference failed' || (o.kind === 'within' && (o.maxDiff ?? Infinity) > LOSSY_TOLERANCE),
    );
    expect(bad.map((o) => `${o.file}: ${o.kind} ${o.maxDiff ?? ''} ${o.reason ?? ''}`)).toEqual([]);
  });

  test('a file we refuse is one the reference refuses too', () => {
    const refused = outcomes.filter((o) => o.kind === 'refused' && !o.referenceRefuses);
    expect(refused.map((o) => `${o.file}: ${o.reason}`)).toEqual([]);
    expect(outcomes.find((o) => o.file === 'JPEG2000-embedded-sequence-delimiter.dcm')?.kind).toBe('refused');
  });

  test('every transfer syntax of the corpus and of the generated files decodes', () => {
    const decoded = new Set(outcomes.filter((o) => o.kind === 'exact' || o.kind === 'within').map((o) => o.transferSyntax));
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

  test('files broken on purpose are refused by @triage/dicom with a reason', () => {
    for (const name of BROKEN) {
      const outcome = outcomes.find((o) => o.file === name);
      expect(outcome?.kind).toBe('refused by dicom');
      const file = corpusFiles().find((f) => path.basename(f) === name) as string;
      expect(() => readPixelInfo(readPart10(fs.readFileSync(file), { source: name }))).toThrow(name);
    }
  });

  test('refusals are CodecErrors naming the codec', () => {
    for (const o of outcomes.filter((x) => x.kind === 'refused')) expect(o.reason).toMatch(/^[\w -]+: /);
    expect(new CodecError('x', 'y').message).toBe('x: y');
  });
});

function printTable(outcomes: Outcome[]): void {
  const rows = outcomes.map((o) => {
    let result: string;
    switch (o.kind) {
      case 'exact':
        result = `decoded exact (${o.frames} frame${o.frames === 1 ? '' : 's'}, ${o.photometric})`;
        break;
      case 'within':
        result = `decoded within ${o.maxDiff} (lossy, ${o.photometric})`;
        break;
      case 'refused':
        result = `refused: ${o.reason}${o.referenceRefuses ? ' [reference refuses too]' : ''}`;
        break;
      case 'refused by dicom':
        result = `refused by @triage/dicom: ${o.reason}`;
        break;
      default:
        result = `${o.kind}${o.maxDiff !== undefined ? ` (max diff ${o.maxDiff})` : ''}${o.reason ? `: ${o.reason}` : ''}`;
    }
    return `${o.file.padEnd(46)} ${(o.transferSyntax || '-').padEnd(24)} ${result}`;
  });
  console.log(['file'.padEnd(46) + ' ' + 'transfer syntax'.padEnd(24) + ' outcome', ...rows].join('\n'));
}
