import { binCounts, binEdges, binOf, ksNoiseFloor, ksStatistic, populationStabilityIndex, psiNoiseFloor } from './drift-statistics';

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const repeat = (value: number, n: number) => new Array<number>(n).fill(value);

describe('binEdges: the lower empirical deciles, ties merged', () => {
  const cases: Array<[string, number[], number[]]> = [
    ['1..20', range(1, 20), [2, 4, 6, 8, 10, 12, 14, 16, 18]],
    ['1..10', range(1, 10), range(1, 9)],
    ['half the values tied at 0', [0, 0, 0, 0, 0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4]],
    ['a constant feature', repeat(0.5, 20), [0.5]],
    ['one value', [3], [3]],
  ];
  it.each(cases)('%s', (_name, sorted, edges) => expect(binEdges(sorted)).toEqual(edges));

  it('puts a value on an edge in the bin below it', () => {
    const edges = [2, 4, 6];
    expect([1, 2, 3, 4, 5, 6, 7].map((v) => binOf(edges, v))).toEqual([0, 0, 1, 1, 2, 2, 3]);
    expect(binCounts(edges, [1, 2, 3, 4, 5, 6, 7])).toEqual([2, 2, 2, 1]);
  });
});

describe('populationStabilityIndex', () => {
  const decile = new Array<number>(10).fill(0.1);
  const cases: Array<[string, number[], number[], number, number[], number]> = [
    // Window bins 1-5 hold 0.2 each, 6-10 none (epsilon 0.5 / 20 = 0.025):
    // 5 (0.2 - 0.1) ln 2 + 5 (0.025 - 0.1) ln 0.25 = 0.5 ln 2 + 0.75 ln 2.
    ['the lower half of 1..20', range(2, 18).filter((v) => v % 2 === 0), decile, 20, range(1, 10), 1.25 * Math.LN2],
    ['the reference itself', range(2, 18).filter((v) => v % 2 === 0), decile, 20, range(1, 20), 0],
    ['a constant feature, unchanged', [0.5], [1, 0], 20, repeat(0.5, 10), 0],
    // Both bins empty on one side (epsilon 0.025): 2 (1 - 0.025) ln 40.
    ['a constant feature, moved', [0.5], [1, 0], 20, repeat(0.7, 10), 1.95 * Math.log(40)],
  ];
  it.each(cases)('%s', (_name, edges, proportions, size, values, psi) =>
    expect(populationStabilityIndex(edges, proportions, size, values)).toBeCloseTo(psi, 12),
  );

  it('refuses proportions that do not fit the edges, and an empty window', () => {
    expect(() => populationStabilityIndex([1, 2], [0.5, 0.5], 2, [1])).toThrow('psi: 2 edges need 3 proportions, not 2');
    expect(() => populationStabilityIndex([1], [0.5, 0.5], 2, [])).toThrow('psi: no values');
  });
});

describe('ksStatistic', () => {
  const cases: Array<[string, number[], number[], number]> = [
    ['the lower half of 1..20', range(1, 20), range(1, 10), 0.5],
    ['the same sample', range(1, 20), range(1, 20).reverse(), 0],
    ['ties on both sides', repeat(0.5, 20), repeat(0.5, 10), 0],
    ['ties, moved', repeat(0.5, 20), repeat(0.7, 10), 1],
    ['disjoint', [1, 2, 3], [4, 5], 1],
    ['interleaved', [1, 3, 5, 7], [2, 4, 6, 8], 0.25],
  ];
  it.each(cases)('%s', (_name, reference, values, d) => expect(ksStatistic(reference, values)).toBeCloseTo(d, 12));
});

describe('noise floors (what unshifted samples of these sizes stay under 999 times in 1000)', () => {
  const cases: Array<[string, number, number]> = [
    ['PSI, ten bins, 45 against 50', psiNoiseFloor(10, 45, 50), 27.877 * (1 / 45 + 1 / 50)],
    ['PSI, two bins, 1000 against 100', psiNoiseFloor(2, 1000, 100), 10.828 * 0.011],
    ['KS, 100 against 100', ksNoiseFloor(100, 100), Math.sqrt(-Math.log(0.0005) / 2) * Math.sqrt(0.02)],
  ];
  it.each(cases)('%s', (_name, actual, expected) => expect(actual).toBeCloseTo(expected, 12));
  it('at the demo sizes they are far above the rule-of-thumb thresholds', () => {
    expect(psiNoiseFloor(10, 45, 50)).toBeCloseTo(1.177, 4);
    expect(ksNoiseFloor(45, 50)).toBeCloseTo(0.4006, 4);
  });
});
