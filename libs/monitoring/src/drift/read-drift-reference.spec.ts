import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildDriftReference, DRIFT_REFERENCE_FILE, type DriftRow } from './drift-reference';
import { parseDriftReference, readDriftReference } from './read-drift-reference';

const row = (v: number): DriftRow => ({ score: v / 40, inputMean: v, inputStd: 1, inputP05: 0, inputP50: v, inputP95: 2 * v });
const reference = buildDriftReference(
  Array.from({ length: 40 }, (_, i) => row(i)),
  new Date('2026-12-05T00:00:00Z'),
);
/** The reference with one change made to a deep copy. */
const broken = (change: (r: Record<string, any>) => void) => {
  const copy = JSON.parse(JSON.stringify(reference)) as Record<string, any>;
  change(copy);
  return copy;
};

describe('reading drift-reference.json', () => {
  let dir: string;
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-reference-'))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads back what buildDriftReference made', () => {
    const file = path.join(dir, DRIFT_REFERENCE_FILE);
    fs.writeFileSync(file, JSON.stringify(reference));
    expect(readDriftReference(file)).toEqual(reference);
  });

  it('names the file when it is not JSON', () => {
    const file = path.join(dir, 'torn.json');
    fs.writeFileSync(file, '{"format": "triage-drift');
    expect(() => readDriftReference(file)).toThrow(`${file}: not a drift reference: `);
  });

  const cases: Array<[string, (r: Record<string, any>) => void, string]> = [
    ['another format', (r) => (r.format = 'triage-drift-reference/2'), "ref: /format Expected 'triage-drift-reference/1'"],
    ['a feature missing', (r) => delete r.features.inputP95, 'ref: /features/inputP95 Expected required property'],
    ['no rows', (r) => (r.sampleSize = 0), 'ref: /sampleSize Expected integer to be greater or equal to 1'],
    ['edges out of order', (r) => (r.features.score.edges = [0.5, 0.2]), 'ref: /features/score/edges are not strictly increasing'],
    [
      'a bin too few',
      (r) => (r.features.inputMean.proportions = r.features.inputMean.proportions.slice(1)),
      'ref: /features/inputMean/proportions has 9 bins; 9 edges make 10',
    ],
    [
      'proportions that do not add up',
      (r) => (r.features.inputMean.proportions[0] = 0.5),
      'ref: /features/inputMean/proportions do not sum to 1',
    ],
    ['an unsorted sample', (r) => r.features.inputP50.sample.reverse(), 'ref: /features/inputP50/sample is not sorted'],
  ];
  it.each(cases)('refuses %s', (_name, change, message) => expect(() => parseDriftReference(broken(change), 'ref')).toThrow(message));
});
