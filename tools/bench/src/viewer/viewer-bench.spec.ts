import { parseViewerOptions } from './viewer-options';
import { ratio, summarise } from './summarise';

describe('summarise', () => {
  it.each([
    [[5], { median: 5, p90: 5, count: 1 }],
    [[3, 1, 2], { median: 2, p90: 3, count: 3 }],
    [[4, 1, 3, 2], { median: 2.5, p90: 4, count: 4 }],
    [[10, 20, 30, 40, 50, 60, 70, 80, 90, 100], { median: 55, p90: 90, count: 10 }],
    [[7, NaN, undefined, 1], { median: 4, p90: 7, count: 2 }],
    [[], { median: NaN, p90: NaN, count: 0 }],
    [[undefined, NaN], { median: NaN, p90: NaN, count: 0 }],
  ])('%j', (values, expected) => {
    expect(summarise(values)).toEqual(expected);
  });

  it.each([
    [50, 100, 0.5],
    [100, 0, NaN],
    [NaN, 10, NaN],
    [10, NaN, NaN],
  ])('ratio(%d, %d) = %d', (ours, theirs, expected) => {
    expect(ratio(ours, theirs)).toBe(expected);
  });
});

describe('parseViewerOptions', () => {
  it('defaults to the issue: 200 slices, 5 runs, all three modes', () => {
    expect(parseViewerOptions([])).toMatchObject({
      runs: 5,
      slices: 200,
      scrollMs: 2000,
      modes: { progressive: true, full: true, orthanc: true },
      api: 'source',
      keep: false,
      rendering: 'auto',
    });
  });

  it.each([
    [['--ours-only'], { progressive: true, full: true, orthanc: false }],
    [['--orthanc-only'], { progressive: false, full: false, orthanc: true }],
  ])('%j chooses the modes', (args, modes) => {
    expect(parseViewerOptions(args).modes).toEqual(modes);
  });

  it.each(['auto', 'gpu', 'cpu'])('--rendering %s is passed on as is', (rendering) => {
    expect(parseViewerOptions(['--rendering', rendering]).rendering).toBe(rendering);
  });

  it.each([
    [['--runs', '0'], /--runs is a whole number from 1 to 100, not 0/],
    [['--slices', '2.5'], /--slices is a whole number/],
    [['--api', 'docker'], /--api is source or dist, not docker/],
    [['--rendering', 'webgpu'], /--rendering is auto, gpu or cpu, not webgpu/],
    [['--ours-only', '--orthanc-only'], /leave nothing to measure/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
  ])('refuses %j', (args, reason) => {
    expect(() => parseViewerOptions(args)).toThrow(reason);
  });
});
