import { checkEvent, LOCAL_ACCOUNT, LOCAL_REGION, type TriageEvent } from '@triage/events';
import { outboxPk, OUTBOX_SK } from './catalog-keys';

/** How long an outbox item stays: the Pipe reads it from the stream within seconds; a day is ample and bounds the table. */
export const OUTBOX_TTL_SECONDS = 24 * 60 * 60;

/** An outbox item (AWS.md): what the EventBridge Pipe turns into an event on the `triage-<env>` bus. */
export interface OutboxItem {
  pk: string;
  sk: string;
  source: string;
  detailType: string;
  /** JSON text; the Pipe parses it into the event's detail. */
  detail: string;
  /** ISO 8601. */
  time: string;
  /** The event's resources (datastore and image set), for the Pipe's Resources parameter. */
  resources: string[];
  /** Epoch seconds: the TTL. */
  expiresAt: number;
}

/** The outbox item of a checked event, written in the same transaction as the change that made it. */
export function outboxItemOf(event: TriageEvent, now: Date): OutboxItem {
  return {
    pk: outboxPk(event.id),
    sk: OUTBOX_SK,
    source: event.source,
    detailType: event['detail-type'],
    detail: JSON.stringify(event.detail),
    time: event.time,
    resources: event.resources,
    expiresAt: Math.floor(now.getTime() / 1000) + OUTBOX_TTL_SECONDS,
  };
}

/**
 * The event an outbox item stands for, in EventBridge's envelope and checked against its schema:
 * what a subscriber would receive (the Pipe's EventBridge fills in its own id, account and region;
 * here they are the outbox id and the local ones).
 */
export function eventOfOutboxItem(item: OutboxItem): TriageEvent {
  return checkEvent({
    version: '0',
    id: item.pk.slice('OUTBOX#'.length),
    'detail-type': item.detailType,
    source: item.source,
    account: LOCAL_ACCOUNT,
    time: item.time,
    region: LOCAL_REGION,
    resources: item.resources,
    detail: JSON.parse(item.detail) as unknown,
  });
}
