import type { EventBridgeClient, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EventBus, PublishedEvent, Subscription } from '../event-bus';
import { InvalidEventError } from '../invalid-event-error';
import { retryDelay, type BackoffOptions } from '../local/retry-backoff';
import type { DetailType, TriageEventEntry } from '../schemas/detail-types';
import { buildEvent } from '../validate-event';
import { chunkPutEvents, putEventsEntrySize, PUT_EVENTS_MAX_BYTES } from './put-events-chunks';
import { PutEventsError, type FailedPutEventsEntry } from './put-events-error';
import { eventBridgeSdk } from './eventbridge-sdk';

/** Options for {@link EventBridgeEventBus}: the client and names are given, never read from the environment. */
export interface EventBridgeEventBusOptions {
  client: EventBridgeClient;
  /** The custom bus (`triage-<env>`), its name or ARN. */
  eventBusName: string;
  /** Attempts per entry, the first included (default 4): entries a PutEvents answer marks failed are sent again. */
  maxAttempts?: number;
  /** Backoff between attempts (default 100 ms doubling to at most 2 s, upper half jittered). */
  backoff?: BackoffOptions;
  /** The clock for entries without a time (tests pin it). */
  now?: () => Date;
  /** Waits between attempts (tests make it instant). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** An entry on its way: where it sits in the call, and the request entry sent for it. */
interface Pending {
  index: number;
  request: PutEventsRequestEntry;
}

/**
 * The event bus on EventBridge. `publish` is PutEvents: every entry is checked against its schema
 * exactly as the local bus checks it, and one invalid entry refuses the call before anything is
 * sent. The envelope maps field for field (EventBridge fills in id, account and region itself):
 * `time` → Time, `source` → Source, `detail-type` → DetailType, `detail` → Detail (JSON),
 * `resources` → Resources. A pinned entry `id` is not sent: EventBridge assigns every event's id,
 * and `publish` returns those, in entry order.
 *
 * Subscribing is not this object's job on AWS: rules and their Lambda targets are deployed by CDK
 * (libs/aws-constructs' events construct), with retries and dead-letter queues of their own.
 */
export class EventBridgeEventBus implements EventBus {
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: EventBridgeEventBusOptions) {
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.backoff = options.backoff ?? { baseMs: 100, maxMs: 2000 };
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
  }

  /** PutEvents in requests of at most 10 entries and 256 KB; failed entries are retried, then the call rejects naming them. */
  async publish(entries: readonly TriageEventEntry[]): Promise<PublishedEvent[]> {
    const now = this.now();
    const requests = entries.map((entry) => this.toRequest(entry, now));
    const ids: string[] = new Array<string>(requests.length);
    const refused: FailedPutEventsEntry[] = [];
    // Requests go one after another, in entry order: EventBridge keeps no order, but a reader of the trail sees it.
    for (const chunk of chunkPutEvents(requests.map((request, index) => ({ ...request, index })))) {
      refused.push(
        ...(await this.put(
          chunk.map(({ index, ...request }) => ({ index, request })),
          ids,
        )),
      );
    }
    if (refused.length > 0) throw new PutEventsError(refused, this.maxAttempts);
    return ids.map((eventId) => ({ eventId }));
  }

  /** Refuses: on AWS, rules and targets are deployed by CDK, not added at run time. */
  subscribe<T extends DetailType>(subscription: Subscription<T>): void {
    throw new Error(
      `EventBridgeEventBus cannot subscribe ${subscription.name}: on AWS, rules and their targets are deployed by CDK (libs/aws-constructs events), not added at run time`,
    );
  }

  /** Nothing to stop: the client is the caller's. */
  close(): Promise<void> {
    return Promise.resolve();
  }

  /** The entry validated as the local bus validates it, then in PutEvents' shape. */
  private toRequest(entry: TriageEventEntry, now: Date): PutEventsRequestEntry {
    const event = buildEvent(entry, now);
    const request: PutEventsRequestEntry = {
      Time: new Date(event.time),
      Source: event.source,
      DetailType: event['detail-type'],
      Detail: JSON.stringify(event.detail),
      EventBusName: this.options.eventBusName,
      ...(event.resources.length > 0 && { Resources: event.resources }),
    };
    const size = putEventsEntrySize(request);
    if (size > PUT_EVENTS_MAX_BYTES)
      throw new InvalidEventError(event['detail-type'], [
        { path: '/detail', message: `the entry is ${size} bytes; PutEvents takes at most ${PUT_EVENTS_MAX_BYTES}` },
      ]);
    return request;
  }

  /** Sends one chunk, then its failed entries again with backoff; fills `ids` and answers what still failed. */
  private async put(chunk: Pending[], ids: string[]): Promise<FailedPutEventsEntry[]> {
    let pending = chunk;
    let failed: FailedPutEventsEntry[] = [];
    for (let attempt = 1; pending.length > 0 && attempt <= this.maxAttempts; attempt++) {
      if (attempt > 1) await this.sleep(retryDelay(attempt - 1, this.backoff, this.random));
      const answer = await this.options.client.send(
        new (await eventBridgeSdk()).PutEventsCommand({ Entries: pending.map((p) => p.request) }),
      );
      const results = answer.Entries ?? [];
      const again: Pending[] = [];
      failed = [];
      pending.forEach((p, i) => {
        const result = results[i];
        if (result?.EventId && !result.ErrorCode) {
          ids[p.index] = result.EventId;
          return;
        }
        again.push(p);
        failed.push({
          index: p.index,
          detailType: p.request.DetailType ?? '',
          errorCode: result?.ErrorCode ?? 'NoResult',
          errorMessage: result?.ErrorMessage ?? 'PutEvents answered no result for this entry',
        });
      });
      pending = again;
    }
    return pending.length === 0 ? [] : failed;
  }
}
