import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry, type PutEventsResultEntry } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';

/** What the fake answers for one entry on one attempt: nothing (accepted) or EventBridge's error code and message. */
export type EntryRefusal = (entry: PutEventsRequestEntry, attempt: number) => { ErrorCode: string; ErrorMessage: string } | undefined;

/** A fake EventBridge behind aws-sdk-client-mock: what it was sent, per request and per event accepted. */
export interface EventBridgeFake {
  client: EventBridgeClient;
  /** Every PutEvents request's entries, in the order sent. */
  requests: PutEventsRequestEntry[][];
  /** The entries accepted, with the id the fake gave each (`evt-1`, `evt-2`, ...). */
  accepted: { eventId: string; entry: PutEventsRequestEntry }[];
  restore(): void;
}

/**
 * EventBridge's PutEvents as AWS answers it: more than 10 entries is a ValidationException for the
 * whole request; otherwise one result per entry, in order, an EventId for each accepted one and
 * ErrorCode/ErrorMessage for each refused (`refuse` decides, by how many times that entry was sent),
 * with FailedEntryCount.
 */
export function eventBridgeFake(refuse: EntryRefusal = () => undefined): EventBridgeFake {
  const mock = mockClient(EventBridgeClient);
  const client = new EventBridgeClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const requests: PutEventsRequestEntry[][] = [];
  const accepted: EventBridgeFake['accepted'] = [];
  const sent = new Map<string, number>();
  mock.on(PutEventsCommand).callsFake((input: { Entries?: PutEventsRequestEntry[] }) => {
    const entries = input.Entries ?? [];
    if (entries.length < 1 || entries.length > 10)
      throw Object.assign(
        new Error(
          `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to 10`,
        ),
        {
          name: 'ValidationException',
        },
      );
    requests.push(entries);
    const results: PutEventsResultEntry[] = entries.map((entry) => {
      const key = `${entry.DetailType}\n${entry.Detail}`;
      const attempt = (sent.get(key) ?? 0) + 1;
      sent.set(key, attempt);
      const refusal = refuse(entry, attempt);
      if (refusal) return refusal;
      const eventId = `evt-${accepted.length + 1}`;
      accepted.push({ eventId, entry });
      return { EventId: eventId };
    });
    return { FailedEntryCount: results.filter((r) => r.ErrorCode).length, Entries: results };
  });
  return { client, requests, accepted, restore: () => mock.restore() };
}
