import * as fs from 'node:fs';
import type { AuditHead } from './audit-head';
import { readAuditLines } from './audit-log';
import type { AuditRecord } from './audit-record';
import { GENESIS_HASH, hashRecord } from './audit-record';

/** What is wrong with the log at one place. */
export interface AuditProblem {
  kind: 'changed' | 'inserted' | 'removed' | 'malformed' | 'truncated';
  /** The sequence number concerned (for `removed`, the first one missing). */
  seq?: number;
  /** The 1-based line of the file. */
  line: number;
  message: string;
}

/** The verdict of {@link verifyAuditLog}. */
export interface AuditVerification {
  ok: boolean;
  /** Records read (well-formed lines). */
  records: number;
  /** The last good sequence number in the chain. */
  lastSeq: number;
  problems: AuditProblem[];
  /** The anchored head's seq, when an anchor was given (the log must reach it). */
  anchoredSeq?: number;
}

interface Entry {
  line: number;
  record: AuditRecord;
  /** Whether the record's content still matches its own hash. */
  intact: boolean;
}

/**
 * Checks the hash chain and says where it is broken: a record whose content no longer matches its
 * hash, or whose hash was recomputed so the next record no longer chains to it (changed); a record
 * that does not belong in the sequence (inserted); a gap in the sequence numbers (removed); a line
 * that is not a record (malformed). Records cut off the end leave no trace in the chain itself:
 * with the `anchor` (the head kept in a second place), a log that ends before it is truncated, and
 * one whose record at the anchored seq is another was rewritten from there (changed).
 */
export async function verifyAuditLog(file: string, options: { anchor?: AuditHead } = {}): Promise<AuditVerification> {
  if (!fs.existsSync(file)) throw new Error(`audit log ${file} does not exist`);
  const problems: AuditProblem[] = [];
  let last = { seq: 0, hash: GENESIS_HASH, line: 0, reported: false };
  let records = 0;
  // A window of three records decides which of two records claiming one sequence number is the impostor.
  const window: Entry[] = [];
  const { anchor } = options;
  /** The record claiming the anchored seq, as found in the chain. */
  let atAnchor: { record: AuditRecord; line: number } | undefined;
  let lastLine = 0;

  const step = (current: Entry, next: Entry | undefined, afterNext: Entry | undefined) => {
    const { record, line, intact } = current;
    const expected = last.seq + 1;
    if (record.seq < expected) {
      problems.push({
        kind: 'inserted',
        seq: record.seq,
        line,
        message: `line ${line}: a record claiming seq ${record.seq} after seq ${last.seq} does not belong to the chain (inserted)`,
      });
      return;
    }
    if (record.seq === expected && next?.record.seq === record.seq && impostor(current, next, afterNext, last.hash)) {
      problems.push({
        kind: 'inserted',
        seq: record.seq,
        line,
        message: `line ${line}: a second record claiming seq ${record.seq} does not belong to the chain (inserted)`,
      });
      return;
    }
    let reported = false;
    if (record.seq > expected) {
      const range = record.seq - 1 === expected ? `seq ${expected}` : `seq ${expected} to ${record.seq - 1}`;
      problems.push({
        kind: 'removed',
        seq: expected,
        line,
        message: `line ${line}: ${range} removed (seq ${record.seq} follows seq ${last.seq})`,
      });
    } else if (!intact) {
      problems.push({
        kind: 'changed',
        seq: record.seq,
        line,
        message: `line ${line}: seq ${record.seq} was changed (its content does not match its hash)`,
      });
      reported = true;
    } else if (record.prev !== last.hash && !last.reported && last.seq > 0) {
      problems.push({
        kind: 'changed',
        seq: last.seq,
        line: last.line,
        message: `line ${last.line}: seq ${last.seq} was changed (its hash was recomputed; seq ${record.seq} chains to the original)`,
      });
    } else if (record.prev !== last.hash && last.seq === 0) {
      problems.push({
        kind: 'changed',
        seq: record.seq,
        line,
        message: `line ${line}: seq ${record.seq} was changed (it does not chain to the start of the log)`,
      });
      reported = true;
    }
    last = { seq: record.seq, hash: record.hash, line, reported };
    if (record.seq === anchor?.seq) atAnchor = { record, line };
  };

  for await (const { line, record } of readAuditLines(file)) {
    lastLine = line;
    if (!record) {
      problems.push({ kind: 'malformed', line, message: `line ${line}: not an audit record` });
      continue;
    }
    records += 1;
    window.push({ line, record, intact: hashRecord(record) === record.hash });
    if (window.length === 3) step(window.shift() as Entry, window[0], window[1]);
  }
  while (window.length > 0) step(window.shift() as Entry, window[0], window[1]);
  if (anchor) problems.push(...anchorProblems(anchor, last.seq, atAnchor, lastLine));
  return { ok: problems.length === 0, records, lastSeq: last.seq, problems, ...(anchor && { anchoredSeq: anchor.seq }) };
}

/** What the anchored head says about the log's end: cut off (truncated), or another record where the head was (changed). */
function anchorProblems(
  anchor: AuditHead,
  lastSeq: number,
  atAnchor: { record: AuditRecord; line: number } | undefined,
  lastLine: number,
): AuditProblem[] {
  if (anchor.seq > lastSeq) {
    const cut = anchor.seq - lastSeq === 1 ? `record ${anchor.seq} was` : `records ${lastSeq + 1} to ${anchor.seq} were`;
    return [
      {
        kind: 'truncated',
        seq: lastSeq + 1,
        line: lastLine + 1,
        message: `the log ends at record ${lastSeq} but the anchor says ${anchor.seq}: ${cut} cut off the end`,
      },
    ];
  }
  if (atAnchor && atAnchor.record.hash !== anchor.hash)
    return [
      {
        kind: 'changed',
        seq: anchor.seq,
        line: atAnchor.line,
        message: `record ${anchor.seq} is not the one the anchor holds: the log was rewritten from there on`,
      },
    ];
  return [];
}

/** Of two records claiming one seq, whether the first is the impostor: the genuine one is intact, chains to the last, and is chained to. */
function impostor(first: Entry, second: Entry, afterSecond: Entry | undefined, lastHash: string): boolean {
  const genuine = (e: Entry) => e.intact && e.record.prev === lastHash;
  if (genuine(first) !== genuine(second)) return genuine(second);
  if (afterSecond) return afterSecond.record.prev === second.record.hash;
  return false;
}
