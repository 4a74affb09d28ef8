import { median, spread } from './stats';

describe('median', () => {
  it.each([
    [[], NaN],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
    [[NaN, 7, 1], 4],
    [[NaN], NaN],
  ])('of %j is %d', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('spread', () => {
  it.each([
    [[], undefined],
    [[NaN, NaN], undefined],
    [[12], { median: 12, min: 12, max: 12, runs: 1 }],
    [[410, 398, 430], { median: 410, min: 398, max: 430, runs: 3 }],
    [[2, NaN, 8], { median: 5, min: 2, max: 8, runs: 2 }],
  ])('of %j is %j', (values, expected) => {
    expect(spread(values)).toEqual(expected);
  });
});
