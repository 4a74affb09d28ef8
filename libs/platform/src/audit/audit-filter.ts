import type { AuditOutcome } from './audit-event';
import type { AuditRecord } from './audit-record';

/** Which records a reader wants (GET /admin/audit's filters); every field optional, combined with AND. */
export interface AuditFilter {
  /** Exactly this principal's name (`anonymous` for refusals without credentials). */
  actor?: string;
  /** Actions starting with this (`dicomweb.read` matches `dicomweb.read` and `dicomweb.read.metadata`). */
  action?: string;
  outcome?: AuditOutcome;
  /** Resources starting with this (`/api/image-sets/abc` matches that image set's label route). */
  resource?: string;
  /** Records at or after this instant (ISO 8601). */
  from?: string;
  /** Records at or before this instant (ISO 8601). */
  to?: string;
}

/** A filter turned into a test on one record; bad instants throw (the route validates them first). */
export function auditMatcher(filter: AuditFilter): (record: AuditRecord) => boolean {
  const from = instant(filter.from, 'from');
  const to = instant(filter.to, 'to');
  return (record) => {
    if (filter.actor !== undefined && record.actor !== filter.actor) return false;
    if (filter.action !== undefined && !record.action.startsWith(filter.action)) return false;
    if (filter.outcome !== undefined && record.outcome !== filter.outcome) return false;
    if (filter.resource !== undefined && !record.resource.startsWith(filter.resource)) return false;
    if (from === undefined && to === undefined) return true;
    const time = Date.parse(record.time);
    return (from === undefined || time >= from) && (to === undefined || time <= to);
  };
}

function instant(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`audit filter ${name}: "${value}" is not an ISO 8601 instant`);
  return ms;
}
