import { SPLITS, patientSplit, splitKeyId, type SplitName } from './patient-split';

const KEY = 'spec-split-key';
const ids = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `SYN-${String(from + i).padStart(6, '0')}`);

describe('patientSplit', () => {
  it('puts 1,000 synthetic patients 685/155/160 with the spec key (about 70/15/15)', () => {
    const counts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
    for (const id of ids(0, 1000)) counts[patientSplit(id, KEY).split] += 1;
    expect(counts).toEqual({ train: 685, validation: 155, test: 160 });
  });

  it('is stable across runs and across added patients: no old patient moves when 500 new ones arrive', () => {
    const before = new Map(ids(0, 1000).map((id) => [id, patientSplit(id, KEY)]));
    // A retrain sees more patients, in another order.
    const after = new Map([...ids(0, 1500)].reverse().map((id) => [id, patientSplit(id, KEY)]));
    for (const [id, split] of before) expect(after.get(id)).toEqual(split);
  });

  it('is leak-free: each patient key is in exactly one split, and no test patient is in train', () => {
    const byKey = new Map<string, Set<SplitName>>();
    // Several images per patient (follow-up studies) all take the patient's split.
    for (const id of [...ids(0, 1000), ...ids(0, 1000), ...ids(0, 300)]) {
      const { patientKey, split } = patientSplit(id, KEY);
      byKey.set(patientKey, (byKey.get(patientKey) ?? new Set()).add(split));
    }
    expect(byKey.size).toBe(1000);
    expect([...byKey.values()].filter((s) => s.size !== 1)).toEqual([]);
    const train = new Set([...byKey].filter(([, s]) => s.has('train')).map(([k]) => k));
    const test = [...byKey].filter(([, s]) => s.has('test')).map(([k]) => k);
    expect(test.filter((k) => train.has(k))).toEqual([]);
  });

  it('depends on the key: another key draws another split, and the key is named without being revealed', () => {
    const moved = ids(0, 1000).filter((id) => patientSplit(id, KEY).split !== patientSplit(id, 'another-key').split).length;
    // Independent draws would move 1 - (0.70² + 0.15² + 0.15²) = 46.5 % of them.
    expect(moved).toBe(477);
    expect(patientSplit('SYN-000001', KEY).patientKey).toMatch(/^[0-9a-f]{32}$/);
    expect(patientSplit('SYN-000001', KEY).patientKey).not.toContain('SYN');
    expect(splitKeyId(KEY)).toMatch(/^[0-9a-f]{16}$/);
    expect(splitKeyId(KEY)).not.toBe(splitKeyId('another-key'));
    expect(SPLITS).toEqual(['train', 'validation', 'test']);
  });
});
