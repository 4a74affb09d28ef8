import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

/** One input file's outcome as the manifests list it: a success.ndjson or failure.ndjson line. */
export interface LedgerEntry {
  file: string;
  ok: boolean;
  /** The manifest line, JSON. */
  line: string;
  imageSetId: string | null;
}

/** How far a job has come. */
export interface ImportProgress {
  done: number;
  total: number;
  imported: number;
  failed: number;
}

/**
 * What each import job did with each file, kept in the index as it goes: a restarted job skips
 * the files already recorded, so none is imported twice, and the manifests are written from it.
 */
export class ImportLedger {
  constructor(private readonly db: IndexDb) {
    // Created here rather than with the index schema: only import jobs read or write it.
    db.exec(`CREATE TABLE IF NOT EXISTS import_job_files (
      job_id TEXT NOT NULL,
      seq INTEGER NOT NULL,
      file TEXT NOT NULL,
      ok INTEGER NOT NULL,
      line TEXT NOT NULL,
      image_set_id TEXT,
      PRIMARY KEY (job_id, file)
    ) WITHOUT ROWID`);
  }

  /** The files of a job already done. */
  doneFiles(jobId: string): Set<string> {
    return new Set(
      statement<[string], { file: string }>(this.db, 'SELECT file FROM import_job_files WHERE job_id = ?')
        .all(jobId)
        .map((r) => r.file),
    );
  }

  /** Records one file's outcome (once: a file already recorded keeps its first outcome). */
  record(jobId: string, seq: number, entry: LedgerEntry): void {
    statement(this.db, 'INSERT OR IGNORE INTO import_job_files (job_id, seq, file, ok, line, image_set_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      jobId,
      seq,
      entry.file,
      entry.ok ? 1 : 0,
      entry.line,
      entry.imageSetId,
    );
  }

  /** Every outcome of a job, in input order. */
  entries(jobId: string): LedgerEntry[] {
    return statement<[string], { file: string; ok: number; line: string; image_set_id: string | null }>(
      this.db,
      'SELECT file, ok, line, image_set_id FROM import_job_files WHERE job_id = ? ORDER BY seq, file',
    )
      .all(jobId)
      .map((r) => ({ file: r.file, ok: r.ok === 1, line: r.line, imageSetId: r.image_set_id }));
  }

  /** Counts of a job's outcomes so far. */
  counts(jobId: string): { imported: number; failed: number } {
    const row = statement<[string], { imported: number | null; failed: number | null }>(
      this.db,
      'SELECT SUM(ok) AS imported, SUM(1 - ok) AS failed FROM import_job_files WHERE job_id = ?',
    ).get(jobId);
    return { imported: row?.imported ?? 0, failed: row?.failed ?? 0 };
  }
}

const PROGRESS = /^progress: (\d+)\/(\d+) files \((\d+) imported, (\d+) failed\)$/;

/** The message of a job in progress: GetDICOMImportJob has no progress field, so its message carries it. */
export function progressMessage(progress: ImportProgress): string {
  return `progress: ${progress.done}/${progress.total} files (${progress.imported} imported, ${progress.failed} failed)`;
}

/** The progress in a job's message, or undefined when the message is not a progress line. */
export function parseProgressMessage(message: string | undefined): ImportProgress | undefined {
  const match = message ? PROGRESS.exec(message) : null;
  if (!match) return undefined;
  const [done, total, imported, failed] = match.slice(1).map(Number);
  return { done, total, imported, failed };
}
