import type { GrowingStepFigures } from '../measure/growing-study';
import type { Better, ResultRow } from './result-table';

/** The p99 the issue asks of a frame read at 10,000 instances in one study under a concurrent writer. */
const P99_TARGET_MS = 20;

/**
 * Rows of the growing-study table: per step of instances, frame reads per second and p50/p99 (target on p99
 * throughout), time to headers p99, our event-loop delay and the writer's rate, ours beside Orthanc. Steps only one server reached
 * show the other as missing.
 */
export function growingRows(ours: GrowingStepFigures[], orthanc: GrowingStepFigures[]): ResultRow[] {
  const froms = [...new Set([...ours, ...orthanc].map((s) => s.from))].sort((a, b) => a - b);
  const rows: ResultRow[] = [];
  for (const from of froms) {
    const o = ours.find((s) => s.from === from);
    const t = orthanc.find((s) => s.from === from);
    const upTo = Math.max(o?.upTo ?? 0, t?.upTo ?? 0);
    const section = `study of ${from.toLocaleString('en')}–${upTo.toLocaleString('en')} instances`;
    const add = (
      measure: string,
      unit: string,
      better: Better,
      pick: (s: GrowingStepFigures) => number | undefined,
      target?: ResultRow['target'],
    ): void => {
      const ours = o && pick(o);
      const orthanc = t && pick(t);
      if (ours !== undefined || orthanc !== undefined) rows.push({ section, measure, unit, better, ours, orthanc, target });
    };
    add('frame reads', 'req/s', 'higher', (s) => s.readsPerSecond);
    add('frame p50', 'ms', 'lower', (s) => s.p50);
    add('frame p99', 'ms', 'lower', (s) => s.p99, { text: `≤${P99_TARGET_MS} ms`, met: (ms) => ms <= P99_TARGET_MS });
    add('frame p99 time to headers', 'ms', 'lower', (s) => s.headersP99);
    add('server event-loop delay p99', 'ms', 'lower', (s) => s.loopP99);
    add('server event-loop delay max', 'ms', 'lower', (s) => s.loopMax);
    add('writer ack rate', 'inst/s', 'higher', (s) => s.writesPerSecond);
  }
  return rows;
}
