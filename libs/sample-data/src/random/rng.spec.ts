import { Rng } from './rng';

describe('Rng', () => {
  it('repeats for a seed and forks independent streams', () => {
    const a = new Rng('s');
    const b = new Rng('s');
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    expect(new Rng('s').fork('x').next()).toBe(new Rng('s').fork('x').next());
    expect(new Rng('s').fork('x').next()).not.toBe(new Rng('s').fork('y').next());
  });

  it('fills roughly standard normal noise', () => {
    const v = new Rng('n').fillNormal(new Float32Array(100000));
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(sd - 1)).toBeLessThan(0.02);
  });
});
