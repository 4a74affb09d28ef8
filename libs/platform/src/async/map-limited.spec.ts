import { mapLimited } from './map-limited';

describe('mapLimited', () => {
  it('keeps input order and never has more than `limit` calls in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const out = await mapLimited([30, 5, 20, 1, 10], 2, async (ms) => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      return ms * 2;
    });
    expect([out, most]).toEqual([[60, 10, 40, 2, 20], 2]);
    expect(await mapLimited([], 4, async (x: number) => x)).toEqual([]);
  });
});
