/** Which way a figure is better, as printed in the table. */
export type Better = 'lower' | 'higher' | 'info';

/** One line of the comparison: a figure for each server and, where the issue sets one, our target. */
export interface ResultRow {
  section: string;
  measure: string;
  unit: string;
  ours?: number;
  orthanc?: number;
  better: Better;
  /** The target in words, and whether `ours` (with Orthanc's figure at hand) meets it. */
  target?: { text: string; met: (ours: number, orthanc: number | undefined) => boolean | undefined };
}

/** Prints the rows as one aligned table: figures, ratio ours/Orthanc and which way is better, target met or missed. */
export function printResultTable(rows: ResultRow[]): void {
  console.log('ours/Orthanc: where "better" is lower, below 1× means ours is better; where it is higher, above 1× means ours is better\n');
  const header = ['measure', 'unit', 'ours', 'Orthanc', 'ours/Orthanc', 'better', 'target', ''];
  const cells = rows.map((row) => {
    const ratio = row.ours !== undefined && row.orthanc !== undefined && row.orthanc > 0 ? row.ours / row.orthanc : undefined;
    const verdict = row.target && row.ours !== undefined && Number.isFinite(row.ours) ? row.target.met(row.ours, row.orthanc) : undefined;
    return [
      `${row.section}: ${row.measure}`,
      row.unit,
      formatFigure(row.ours),
      formatFigure(row.orthanc),
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
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  let section = rows[0]?.section;
  for (const [i, c] of cells.entries()) {
    if (rows[i].section !== section) {
      section = rows[i].section;
      console.log('');
    }
    console.log(line(c));
  }
}

function betterText(better: Better): string {
  return better === 'info' ? '' : better;
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
