import type { Spread } from './stats';

/** Which way a figure is better, as printed in the table. */
export type Better = 'lower' | 'higher' | 'info';

/** One line of the comparison: a figure for each server and, where the issue sets one, our target. */
export interface ResultRow {
  section: string;
  measure: string;
  unit: string;
  ours?: number;
  orthanc?: number;
  /** Where the figure is the median of several runs: its range, printed beside it. */
  oursSpread?: Spread;
  orthancSpread?: Spread;
  /** Printed instead of the figure (e.g. `n/a (no backlog gauge)`); no ratio is computed then. */
  oursText?: string;
  orthancText?: string;
  better: Better;
  /** The target in words, and whether `ours` (with Orthanc's figure at hand) meets it. */
  target?: { text: string; met: (ours: number, orthanc: number | undefined) => boolean | undefined };
}

/** Prints the rows as one aligned table: figures, ratio ours/Orthanc and which way is better, target met or missed. */
export function printResultTable(rows: ResultRow[]): void {
  console.log('ours/Orthanc: where "better" is lower, below 1× means ours is better; where it is higher, above 1× means ours is better\n');
  console.log(resultTableLines(rows).join('\n'));
}

/** The table's lines: a header, a rule, and a line a row with a blank line between sections. */
export function resultTableLines(rows: ResultRow[]): string[] {
  const header = ['measure', 'unit', 'ours', 'Orthanc', 'ours/Orthanc', 'better', 'target', ''];
  const cells = rows.map((row) => {
    const texts = row.oursText !== undefined || row.orthancText !== undefined;
    const ratio = !texts && row.ours !== undefined && row.orthanc !== undefined && row.orthanc > 0 ? row.ours / row.orthanc : undefined;
    const verdict =
      row.target && row.oursText === undefined && row.ours !== undefined && Number.isFinite(row.ours)
        ? row.target.met(row.ours, row.orthanc)
        : undefined;
    return [
      `${row.section}: ${row.measure}`,
      row.unit,
      row.oursText ?? formatWithSpread(row.ours, row.oursSpread),
      row.orthancText ?? formatWithSpread(row.orthanc, row.orthancSpread),
      ratio === undefined ? '—' : `${ratio.toFixed(2)}×`,
      betterText(row.better),
      row.target?.text ?? '',
      verdict === undefined ? (row.target ? 'n/a' : '') : verdict ? 'met' : 'MISSED',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const numeric = new Set([2, 3, 4]);
  const line = (c: string[]): string =>
    c
      .map((v, i) => (numeric.has(i) ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const lines = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  let section = rows[0]?.section;
  for (const [i, c] of cells.entries()) {
    if (rows[i].section !== section) {
      section = rows[i].section;
      lines.push('');
    }
    lines.push(line(c));
  }
  return lines;
}

function betterText(better: Better): string {
  return better === 'info' ? '' : better;
}

/** The figure, and `(min–max)` after it when it is the median of more than one run. */
export function formatWithSpread(value: number | undefined, spread: Spread | undefined): string {
  const figure = formatFigure(value);
  return spread && spread.runs > 1 ? `${figure} (${formatFigure(spread.min)}–${formatFigure(spread.max)})` : figure;
}

/** Three significant figures, no exponent: 0.412, 4.12, 41.2, 412, 4120. */
export function formatFigure(value: number | undefined): string {
  if (value === undefined) return '—';
  if (!Number.isFinite(value)) return 'failed';
  if (value >= 100) return Math.round(value).toString();
  if (value >= 10) return value.toFixed(1);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}
