import type { EventId } from './event-envelope';
import type { DetailType, TriageEvent, TriageEventEntry } from './schemas/detail-types';

/** A subscriber's name: stable across restarts (deliveries are tracked per name), like an EventBridge rule's target id. */
export type SubscriberName = string & { readonly __brand?: 'SubscriberName' };

/** Handles one event; throwing (or rejecting) means "not delivered": the bus retries with backoff, then dead-letters it. */
export type EventHandler<T extends DetailType = DetailType> = (event: TriageEvent<T>) => Promise<void>;

/** A rule and its target: which detail types go to which handler. */
export interface Subscription<T extends DetailType = DetailType> {
  name: SubscriberName;
  detailTypes: readonly T[];
  handler: EventHandler<T>;
}

/** What publishing returned per entry, in order (EventBridge's PutEventsResultEntry). */
export interface PublishedEvent {
  eventId: EventId;
}

/**
 * The event bus port, in EventBridge's vocabulary: PutEvents in, rules with targets out. Every
 * entry is validated against its detail type's schema before it is accepted, and every event is
 * validated again before a handler sees it. Delivery is at least once: handlers must be
 * idempotent by event id.
 */
export interface EventBus {
  /** PutEvents: durable when it resolves; an entry that fails its schema rejects the whole call, nothing published. */
  publish(entries: readonly TriageEventEntry[]): Promise<PublishedEvent[]>;
  /** Adds a rule and its target; events published before (and not yet delivered to this name) are delivered too. */
  subscribe<T extends DetailType>(subscription: Subscription<T>): void;
  /** Stops delivering; waits for handlers in progress. */
  close(): Promise<void>;
}

/** A delivery that failed every retry, parked until someone replays it (the local bus's dead-letter table; an SQS DLQ on AWS). */
export interface DeadLetter {
  eventId: EventId;
  subscriber: SubscriberName;
  detailType: DetailType;
  attempts: number;
  /** The last handler error's message. */
  lastError: string;
  /** ISO 8601: when it was parked. */
  deadAt: string;
  /** The event as stored (one parked because its row was damaged is shown as found, and may not match its schema). */
  event: TriageEvent;
}

/** Listing and replaying dead letters (`triage events dlq list|replay`). */
export interface DeadLetters {
  listDeadLetters(options?: { subscriber?: SubscriberName; limit?: number }): Promise<DeadLetter[]>;
  /** Puts parked deliveries back on the queue with fresh attempts; none given: all of them. Resolves to how many were requeued. */
  replayDeadLetters(selection?: { eventIds?: readonly EventId[]; subscriber?: SubscriberName }): Promise<number>;
}
