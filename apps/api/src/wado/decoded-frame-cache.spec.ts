import { DecodedFrameCache } from './decoded-frame-cache';

const frame = (bytes: number) => new Uint8Array(bytes);

describe('DecodedFrameCache', () => {
  // Each step against a budget of 1,000 bytes: what is held after it (least recently used first) and its bytes.
  const steps: [string, (c: DecodedFrameCache) => unknown, string[], number][] = [
    ['a 400-byte frame', (c) => c.put('a', frame(400)), ['a'], 400],
    ['a 500-byte frame: 900 held', (c) => c.put('b', frame(500)), ['a', 'b'], 900],
    ['a read of a: now the most recent', (c) => c.get('a'), ['b', 'a'], 900],
    ['has(b) leaves the order alone', (c) => c.has('b'), ['b', 'a'], 900],
    ['a 100-byte frame: exactly the budget, nothing leaves', (c) => c.put('c', frame(100)), ['b', 'a', 'c'], 1000],
    ['one byte more: the least recently used (b) leaves', (c) => c.put('d', frame(1)), ['a', 'c', 'd'], 501],
    ['a 900-byte frame: a and c leave, d stays', (c) => c.put('e', frame(900)), ['d', 'e'], 901],
    ['e again, larger: replaced, not counted twice', (c) => c.put('e', frame(999)), ['d', 'e'], 1000],
    ['a frame over the whole budget is not kept, and evicts nothing', (c) => c.put('f', frame(1001)), ['d', 'e'], 1000],
    ['a miss answers undefined and changes nothing', (c) => c.get('zz'), ['d', 'e'], 1000],
  ];
  it('holds at most its budget in bytes, least recently used out first', () => {
    const reported: number[] = [];
    const cache = new DecodedFrameCache(1000, (bytes) => reported.push(bytes));
    const seen = steps.map(([name, step]) => {
      step(cache);
      return [name, cache.ids(), cache.bytes];
    });
    expect(seen).toEqual(steps.map(([name, , ids, bytes]) => [name, ids, bytes]));
    // Told after every put that kept or evicted: the gauge follows the bytes held.
    expect(reported).toEqual([400, 900, 1000, 501, 901, 1000]);
  });

  it('keeps nothing with a budget of 0', () => {
    const cache = new DecodedFrameCache(0);
    cache.put('a', frame(1));
    expect([cache.ids(), cache.bytes, cache.get('a')]).toEqual([[], 0, undefined]);
  });
});
