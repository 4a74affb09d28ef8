import { frameStats } from './frames';

describe('frameStats', () => {
  it('splits each latency into time to headers and the body after them', () => {
    const stats = frameStats({ latenciesMs: [10, 4, 6, 30], headersMs: [8, 3, 5, 9], failures: 0, wallMs: 2000 });
    expect(stats).toEqual({ p50: 6, p99: 30, rps: 2, headersP50: 5, headersP99: 9, bodyP99: 21 });
  });

  it('leaves the phases out (NaN) when the load did not time the headers', () => {
    const stats = frameStats({ latenciesMs: [10, 20], failures: 1, wallMs: 1000 });
    expect(stats).toEqual({ p50: 10, p99: 20, rps: 2, headersP50: NaN, headersP99: NaN, bodyP99: NaN });
  });
});
