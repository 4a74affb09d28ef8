import { imageFeatures, percentile } from './image-features';

describe('imageFeatures', () => {
  // Values exactly representable in float32, so every expectation is exact.
  const cases: Array<[string, number[], { inputMean: number; inputStd: number; inputP05: number; inputP50: number; inputP95: number }]> = [
    [
      'five even steps',
      [1, 0.25, 0.75, 0, 0.5],
      { inputMean: 0.5, inputStd: Math.sqrt(0.125), inputP05: 0.05, inputP50: 0.5, inputP95: 0.95 },
    ],
    ['a constant image', [0.5, 0.5, 0.5, 0.5], { inputMean: 0.5, inputStd: 0, inputP05: 0.5, inputP50: 0.5, inputP95: 0.5 }],
    ['one pixel', [1], { inputMean: 1, inputStd: 0, inputP05: 1, inputP50: 1, inputP95: 1 }],
    ['half black, half white', [0, 1, 0, 1], { inputMean: 0.5, inputStd: 0.5, inputP05: 0, inputP50: 0.5, inputP95: 1 }],
  ];

  it.each(cases)('%s', (_name, values, expected) => {
    const input = Float32Array.from(values);
    const features = imageFeatures(input);
    for (const [key, value] of Object.entries(expected)) expect(features[key as keyof typeof features]).toBeCloseTo(value, 12);
    expect(Array.from(input)).toEqual(values);
  });

  it('refuses an empty input and a value that is not finite', () => {
    expect(() => imageFeatures(new Float32Array(0))).toThrow('imageFeatures: the input is empty');
    expect(() => imageFeatures(Float32Array.from([0.5, NaN]))).toThrow('imageFeatures: value NaN at 1 is not finite');
  });

  it('interpolates percentiles between order statistics', () => {
    expect([0, 0.1, 0.25, 0.5, 1].map((q) => percentile([10, 20, 30], q))).toEqual([10, 12, 15, 20, 30]);
  });
});
