/** An event's id: a UUID, unique per event; subscribers deduplicate on it (delivery is at least once). */
export type EventId = string & { readonly __brand?: 'EventId' };

/**
 * Who emits events: EventBridge's `source` field. `aws.sagemaker` and `aws.events` are AWS's own (SageMaker's state
 * changes, EventBridge Scheduler's ticks): the local registry, runner and schedule emit them with AWS's shapes.
 */
export const EVENT_SOURCES = ['triage.healthimaging', 'triage.catalog', 'triage.models', 'aws.sagemaker', 'aws.events'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

/**
 * One event in EventBridge's envelope (the shape a rule's target receives): the same fields
 * locally and on AWS, so a Lambda handler and a local subscriber read one thing.
 */
export interface EventEnvelope<T extends string = string, D = unknown> {
  version: '0';
  id: EventId;
  'detail-type': T;
  source: EventSource;
  /** The AWS account; `000000000000` locally. */
  account: string;
  /** ISO 8601, UTC, to the millisecond. */
  time: string;
  /** The AWS region; `local` locally. */
  region: string;
  /** The ARNs (AWS) or resource ids (local) the event is about: datastore and image set. */
  resources: string[];
  detail: D;
}

/** What a publisher hands over (EventBridge's PutEventsRequestEntry, detail as an object): the bus fills in id, time, account and region. */
export interface EventEntry<T extends string = string, D = unknown> {
  source: EventSource;
  'detail-type': T;
  resources?: string[];
  detail: D;
  /** Set by a publisher that must know the id before publishing (tests, replays); a UUID otherwise. */
  id?: EventId;
  time?: Date;
}
