import type { Door } from '../doors/outcome';
import type { FuzzReport } from './tally';

/** The final table: one column per door and a total, then the run-wide checks and every failure. */
export function formatReport(report: FuzzReport): string {
  const doors = (Object.keys(report.doors) as Door[]).filter((d) => report.doors[d].mutants > 0);
  const total = (pick: (d: Door) => number) => doors.reduce((sum, d) => sum + pick(d), 0);
  const classes = [...new Set(doors.flatMap((d) => Object.keys(report.doors[d].refusedBy)))].sort();
  const rows: [string, ...number[]][] = [
    ['mutants', ...doors.map((d) => report.doors[d].mutants)],
    ['acknowledged', ...doors.map((d) => report.doors[d].acked)],
    ['refused', ...doors.map((d) => report.doors[d].refused)],
    ...classes.map((c): [string, ...number[]] => [`  ${c}`, ...doors.map((d) => report.doors[d].refusedBy[c] ?? 0)]),
    ['not sent (client)', ...doors.map((d) => report.doors[d].notSent)],
    ['5xx / server errors', ...doors.map((d) => report.doors[d].serverErrors)],
    ['hangs', ...doors.map((d) => report.doors[d].hangs)],
    ['unreadable after ack', ...doors.map((d) => report.doors[d].unreadable)],
    ['neighbours broken', ...doors.map((d) => report.doors[d].neighboursBroken)],
  ];
  const head = ['', ...doors, 'total'];
  const body = rows.map(([label, ...values]) => [label, ...values.map(String), String(values.reduce((a, b) => a + b, 0))]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ');
  const out = [line(head), ...body.map(line)];
  out.push('');
  out.push(`seed ${report.seed}: ${total((d) => report.doors[d].mutants)} mutants`);
  out.push(`neighbours read back: ${report.neighboursRead}`);
  out.push(`crashes: ${report.crashes}`);
  out.push(`originals changed: ${report.originalsChanged} of ${report.originals}`);
  out.push(
    `peak RSS (VmHWM): ${Number.isNaN(report.peakRssMiB) ? 'n/a (server not ours, or gone before it was read)' : `${report.peakRssMiB.toFixed(0)} MiB`}`,
  );
  out.push(`duration: ${report.durationS.toFixed(1)} s`);
  for (const d of doors)
    for (const reason of report.doors[d].unclassified)
      out.push(`unclassified refusal [${d}]: ${reason.replace(/\s+/g, ' ').slice(0, 200)}`);
  out.push(`failures: ${report.failures.length}`);
  for (const f of report.failures)
    out.push(
      `  ${f.check}${f.door ? ` [${f.door}]` : ''}: ${f.recipe ? `${f.recipe} -> ` : ''}${f.detail.replace(/\s+/g, ' ').slice(0, 300)}`,
    );
  return `${out.join('\n')}\n`;
}
