import { growingStepFigures } from '../measure/growing-study';
import type { GrowingStepFigures } from '../measure/growing-study';
import { growingRows } from './growing-rows';
import { resultTableLines } from './result-table';

const step = (from: number, upTo: number, p99: number, loop?: number): GrowingStepFigures => ({
  from,
  upTo,
  readsPerSecond: 100,
  p50: 5,
  p99,
  headersP99: p99 - 1,
  writesPerSecond: 50,
  readFailures: 0,
  writeFailures: 0,
  loopP99: loop,
  loopMax: loop === undefined ? undefined : 2 * loop,
});

describe('growingStepFigures', () => {
  it('counts reads and writes over the writer time of the step', () => {
    const figures = growingStepFigures(
      {
        index: 2,
        latencies: [4, 2, 8, 6],
        headers: [3, 1, 7, 5],
        failures: 1,
        seconds: 2,
        writes: 500,
        writeFailures: 3,
        loop: { p50Ms: 10, p99Ms: 20, maxMs: 30 },
      },
      1000,
    );
    expect(figures).toEqual({
      from: 2000,
      upTo: 2500,
      readsPerSecond: 2,
      p50: 4,
      p99: 8,
      headersP99: 7,
      writesPerSecond: 250,
      readFailures: 1,
      writeFailures: 3,
      loopP99: 20,
      loopMax: 30,
    });
  });
});

describe('growingRows', () => {
  it('puts each step of both servers side by side with the p99 target, a step only one reached leaves the other empty', () => {
    const lines = resultTableLines(growingRows([step(0, 1000, 12, 15), step(1000, 1500, 25)], [step(0, 1000, 30)])).map((l) =>
      l.replace(/ +/g, ' '),
    );
    expect(lines.slice(2)).toEqual([
      'study of 0–1,000 instances: frame reads req/s 100 100 1.00× higher',
      'study of 0–1,000 instances: frame p50 ms 5.00 5.00 1.00× lower',
      'study of 0–1,000 instances: frame p99 ms 12.0 30.0 0.40× lower ≤20 ms met',
      'study of 0–1,000 instances: frame p99 time to headers ms 11.0 29.0 0.38× lower',
      'study of 0–1,000 instances: server event-loop delay p99 ms 15.0 — — lower',
      'study of 0–1,000 instances: server event-loop delay max ms 30.0 — — lower',
      'study of 0–1,000 instances: writer ack rate inst/s 50.0 50.0 1.00× higher',
      '',
      'study of 1,000–1,500 instances: frame reads req/s 100 — — higher',
      'study of 1,000–1,500 instances: frame p50 ms 5.00 — — lower',
      'study of 1,000–1,500 instances: frame p99 ms 25.0 — — lower ≤20 ms MISSED',
      'study of 1,000–1,500 instances: frame p99 time to headers ms 24.0 — — lower',
      'study of 1,000–1,500 instances: writer ack rate inst/s 50.0 — — higher',
    ]);
  });
});
