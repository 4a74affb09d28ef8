import { randomUUID } from 'node:crypto';
import { Type, type TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { EVENT_SOURCES } from './event-envelope';
import { InvalidEventError, type EventProblem } from './invalid-event-error';
import { DETAIL_SCHEMAS, DETAIL_TYPES, type DetailType, type TriageEvent, type TriageEventEntry } from './schemas/detail-types';

/** The account and region every local event carries (EventBridge's fields; AWS fills in its own). */
export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'local';

const ISO_INSTANT = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$';
// Problems beyond the first few are noise (a union reports every branch); the first says what to fix.
const MAX_PROBLEMS = 3;

/** The whole envelope's schema for one detail type: the envelope fields are checked as strictly as the detail. */
export function envelopeSchema<T extends DetailType>(detailType: T): TSchema {
  return Type.Object(
    {
      version: Type.Literal('0'),
      id: Type.String({ minLength: 1, maxLength: 64 }),
      'detail-type': Type.Literal(detailType),
      source: Type.Union(EVENT_SOURCES.map((s) => Type.Literal(s))),
      account: Type.String({ pattern: '^[0-9]{12}$' }),
      time: Type.String({ pattern: ISO_INSTANT }),
      region: Type.String({ minLength: 1, maxLength: 32 }),
      resources: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 16 }),
      detail: DETAIL_SCHEMAS[detailType],
    },
    { additionalProperties: false },
  );
}

const CHECKS = new Map<string, TypeCheck<TSchema>>(DETAIL_TYPES.map((t) => [t, TypeCompiler.Compile(envelopeSchema(t))]));

/** The event, checked against its envelope and detail schema; throws {@link InvalidEventError} naming the path and what was wrong. */
export function checkEvent(value: unknown): TriageEvent {
  const detailType = isRecord(value) && typeof value['detail-type'] === 'string' ? value['detail-type'] : undefined;
  const check = detailType === undefined ? undefined : CHECKS.get(detailType);
  if (!check) {
    throw new InvalidEventError(detailType ?? '(none)', [
      { path: '/detail-type', message: `not a known detail-type (one of ${DETAIL_TYPES.join(', ')})` },
    ]);
  }
  if (check.Check(value)) return value as TriageEvent;
  const problems: EventProblem[] = [];
  for (const error of check.Errors(value)) {
    problems.push({ path: error.path, message: error.message });
    if (problems.length === MAX_PROBLEMS) break;
  }
  throw new InvalidEventError(detailType as string, problems);
}

/** What the bus makes of a publisher's entry (id, time, account and region filled in), checked. */
export function buildEvent(entry: TriageEventEntry, now: Date): TriageEvent {
  const time = entry.time ?? now;
  if (!(time instanceof Date) || Number.isNaN(time.getTime())) {
    throw new InvalidEventError(String(entry['detail-type'] ?? '(none)'), [{ path: '/time', message: 'must be a valid Date' }]);
  }
  return checkEvent({
    version: '0',
    id: entry.id ?? randomUUID(),
    'detail-type': entry['detail-type'],
    source: entry.source,
    account: LOCAL_ACCOUNT,
    time: time.toISOString(),
    region: LOCAL_REGION,
    resources: entry.resources ?? [],
    detail: entry.detail,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
