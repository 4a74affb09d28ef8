/** The head of the audit log: the sequence number and hash of its last record. */
export interface AuditHead {
  seq: number;
  hash: string;
}

/**
 * A second place that keeps the log's head, so that records cut off the end of the log (which
 * leaves the chain itself intact) are found: the log ending before the anchored head is a
 * truncation. The API wires it to a SQLite table (sqlite-audit-anchor.ts); tests may keep it in memory.
 */
export interface AuditHeadAnchor {
  /** The head last written; undefined when none ever was. */
  read(): AuditHead | undefined;
  /** Replaces the head (called after the records up to it are on disk, before they are acknowledged). */
  write(head: AuditHead): void;
}

/** Where the anchored head and the log disagree in a way a crash cannot explain. */
export class AuditTruncatedError extends Error {
  override readonly name = 'AuditTruncatedError';
  constructor(
    readonly file: string,
    readonly logSeq: number,
    readonly anchorSeq: number,
  ) {
    super(
      logSeq < anchorSeq
        ? `audit log ${file}: the log ends at record ${logSeq} but the anchor says ${anchorSeq} (records cut off the end); run "triage audit verify"`
        : `audit log ${file}: record ${logSeq} is not the one the anchor holds (the log was rewritten); run "triage audit verify"`,
    );
  }
}
