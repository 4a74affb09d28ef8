import { augmentImage } from './augment-image';
import { SeededRandom } from './seeded-random';

const round = (a: Float32Array, digits = 4) => Array.from(a, (v) => Number(v.toFixed(digits)));

describe('augmentImage', () => {
  const image = Float32Array.from({ length: 32 * 32 }, (_, i) => ((i % 32) + Math.floor(i / 32)) / 62);

  it('is the identity with nothing to vary, and draws the same copy from the same seed and name', () => {
    const none = { maxRotationDeg: 0, maxZoom: 0, maxShift: 0, flip: false };
    const same = augmentImage(image, 32, new SeededRandom('s', 'a/1'), none);
    expect(round(same.image)).toEqual(round(image));
    expect(same.augmentation).toBe('rotate=0.00deg zoom=1.000 shift=0.0,0.0px');
    const a = augmentImage(image, 32, new SeededRandom('s', 'a/1'));
    const b = augmentImage(image, 32, new SeededRandom('s', 'a/1'));
    const c = augmentImage(image, 32, new SeededRandom('s', 'a/2'));
    expect(a).toEqual(b);
    expect(c.augmentation).not.toBe(a.augmentation);
    expect(a.image.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('flips left-right only when asked', () => {
    const flips = (flip: boolean) =>
      Array.from({ length: 40 }, (_, k) =>
        augmentImage(image, 32, new SeededRandom('s', `f/${k}`), { maxRotationDeg: 0, maxZoom: 0, maxShift: 0, flip }),
      ).filter((copy) => copy.augmentation.endsWith(' flip')).length;
    expect(flips(false)).toBe(0);
    expect(flips(true)).toBe(19);
  });
});
