import { createHash } from 'node:crypto';
import type { AuditEvent, AuditOutcome } from './audit-event';

/** One line of the audit log: the event, when, its place in the chain, and the hashes that chain it. */
export interface AuditRecord extends AuditEvent {
  /** 1, 2, 3, ... without gaps. */
  seq: number;
  /** ISO 8601 UTC. */
  time: string;
  /** The previous record's `hash` ({@link GENESIS_HASH} for the first). */
  prev: string;
  /** SHA-256 (hex) of {@link canonicalRecord}. */
  hash: string;
}

/** The `prev` of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

const OUTCOMES: readonly AuditOutcome[] = ['success', 'refused', 'failed'];

/**
 * The bytes a record's hash covers: its fields in a fixed order as a JSON array, so that neither
 * key order nor whitespace in the file changes the hash, and every field (prev included) is covered.
 */
export function canonicalRecord(record: Omit<AuditRecord, 'hash'>): string {
  return JSON.stringify([
    record.seq,
    record.time,
    record.actor,
    record.role,
    record.action,
    record.resource,
    record.outcome,
    record.source,
    record.detail ?? null,
    record.prev,
  ]);
}

/** The SHA-256 (hex) a record must carry as its `hash`. */
export function hashRecord(record: Omit<AuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonicalRecord(record), 'utf8').digest('hex');
}

/** Builds the record that follows `previous` (or starts the chain) for `event`. */
export function chainRecord(event: AuditEvent, previous: { seq: number; hash: string } | undefined, time = new Date()): AuditRecord {
  const body: Omit<AuditRecord, 'hash'> = {
    seq: (previous?.seq ?? 0) + 1,
    time: time.toISOString(),
    actor: event.actor,
    role: event.role,
    action: event.action,
    resource: event.resource,
    outcome: event.outcome,
    source: event.source,
    ...(event.detail !== undefined && { detail: event.detail }),
    prev: previous?.hash ?? GENESIS_HASH,
  };
  return { ...body, hash: hashRecord(body) };
}

/** Parses one line of the log; undefined when it is not a well-formed record (whatever its hash). */
export function parseRecord(line: string): AuditRecord | undefined {
  let value: AuditRecord;
  try {
    value = JSON.parse(line) as AuditRecord;
  } catch {
    return undefined;
  }
  const strings = ['time', 'actor', 'role', 'action', 'resource', 'source', 'prev', 'hash'] as const;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    Number.isSafeInteger(value.seq) &&
    value.seq > 0 &&
    strings.every((k) => typeof value[k] === 'string') &&
    OUTCOMES.includes(value.outcome) &&
    (value.detail === undefined || typeof value.detail === 'string');
  return ok ? value : undefined;
}
