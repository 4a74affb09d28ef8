/** What happened to one file. */
export type FileOutcome =
  | { path: string; status: 'stored' | 'unchanged' }
  | { path: string; status: 'refused'; reason: string }
  | { path: string; status: 'skipped'; reason: string };

/** Counts and lists for the closing summary. */
export interface IngestReport {
  stored: number;
  unchanged: number;
  refused: FileOutcome[];
  skipped: FileOutcome[];
}

/** Tallies per-file outcomes. */
export function tally(outcomes: FileOutcome[]): IngestReport {
  return {
    stored: outcomes.filter((o) => o.status === 'stored').length,
    unchanged: outcomes.filter((o) => o.status === 'unchanged').length,
    refused: outcomes.filter((o) => o.status === 'refused'),
    skipped: outcomes.filter((o) => o.status === 'skipped'),
  };
}

/** The summary printed after an ingest: one count line, then each refused and skipped file with its reason. */
export function formatReport(source: string, report: IngestReport): string {
  const lines = [
    `${source}: ${report.stored} stored, ${report.unchanged} unchanged (already there), ${report.refused.length} refused` +
      (report.skipped.length ? `, ${report.skipped.length} skipped (not DICOM)` : ''),
  ];
  for (const o of report.refused) lines.push(`  refused  ${o.path}: ${'reason' in o ? o.reason : ''}`);
  for (const o of report.skipped) lines.push(`  skipped  ${o.path}: ${'reason' in o ? o.reason : ''}`);
  return lines.join('\n') + '\n';
}
