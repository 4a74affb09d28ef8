import { rocAuc, summariseTriage, wilson95, type RankedStudy } from './triage-summary';

/** `U` an urgent study, `n` another, in worklist order; priorities fall by 0.01 a row unless given. */
function order(pattern: string, priorities?: number[]): RankedStudy[] {
  return [...pattern].map((c, i) => ({ urgent: c === 'U', priority: priorities?.[i] ?? 1 - i / 100 }));
}

describe('summariseTriage', () => {
  it.each([
    // pattern (20 rows: the first tenth is 2 rows), urgent, in the first tenth, by chance, AUC
    ['UUnnnnnnnnnnnnnnnnnn', 2, 2, 0.2, 1],
    ['nnnnnnnnnnnnnnnnnnUU', 2, 0, 0.2, 0],
    ['UnUnUnnnnnnnnnnnnnnn', 3, 1, 0.3, (17 + 16 + 15) / 51],
    ['nnnnnnnnnnnnnnnnnnnn', 0, 0, 0, null],
  ])('%s: %d urgent, %d in the first tenth, %d by chance, AUC %s', (pattern, urgent, first, chance, auc) => {
    expect(summariseTriage(order(pattern))).toEqual({
      studies: 20,
      urgent,
      firstTenth: 2,
      urgentInFirstTenth: first,
      expectedByChance: chance,
      auc,
    });
  });

  it.each([
    [0, 0],
    [5, 1],
    [50, 5],
    [54, 5],
    [55, 6],
  ])('the first tenth of %d studies is %d rows (at least one when there is any)', (studies, rows) => {
    expect(summariseTriage(order('n'.repeat(studies))).firstTenth).toBe(rows);
  });

  it('counts ties between an urgent and another study as half', () => {
    expect(rocAuc(order('Un', [0.5, 0.5]))).toBe(0.5);
    expect(rocAuc(order('UnU', [0.5, 0.5, 0.9]))).toBe(0.75);
  });
});

describe('wilson95', () => {
  it.each([
    [0, 0, null],
    [0, 10, [0, 0.2775]],
    [10, 10, [0.7225, 1]],
    [45, 50, [0.7864, 0.9565]],
  ])('%d of %d: %j', (successes, trials, expected) => {
    const interval = wilson95(successes, trials);
    if (expected === null) expect(interval).toBeNull();
    else expect(interval?.map((v) => Number(v.toFixed(4)))).toEqual(expected);
  });
});
