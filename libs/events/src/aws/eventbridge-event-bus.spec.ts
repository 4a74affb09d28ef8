// EventBridge has no local counterpart, and the event bus contract suite is about delivery (rules
// and targets, which CDK deploys on AWS). So this spec drives the real EventBridge SDK client with
// aws-sdk-client-mock in front of a fake that answers PutEvents as AWS does, and checks the
// requests: the envelope mapping, refusal before anything is sent, chunking, partial-failure retries.
import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { TriageEventEntry } from '../schemas/detail-types';
import { eventBridgeFake, type EventBridgeFake } from '../test-support/eventbridge-fake';
import { imageSetCreated, INVALID_ENTRIES, labelChanged } from '../test-support/sample-events';
import { EventBridgeEventBus } from './eventbridge-event-bus';
import { chunkPutEvents, putEventsEntrySize } from './put-events-chunks';
import { PutEventsError } from './put-events-error';

const NOW = new Date('2026-12-05T10:00:00.000Z');
const BUS = 'triage-dev';

let fake: EventBridgeFake;
afterEach(() => fake.restore());

function open(fakeBridge: EventBridgeFake, waits: number[] = []): EventBridgeEventBus {
  return new EventBridgeEventBus({
    client: fakeBridge.client,
    eventBusName: BUS,
    now: () => NOW,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
}

describe('EventBridgeEventBus', () => {
  it('maps the envelope onto PutEvents entries and returns EventBridge’s ids in order', async () => {
    fake = eventBridgeFake();
    const created = { ...imageSetCreated(1), resources: ['arn:aws:medical-imaging:eu-west-1:123456789012:datastore/ds0'] };
    const label: TriageEventEntry = { ...labelChanged(2), time: new Date('2026-12-01T08:30:00.250Z') };
    const published = await open(fake).publish([created, label]);
    expect(published).toEqual([{ eventId: 'evt-1' }, { eventId: 'evt-2' }]);
    expect(fake.requests).toEqual([
      [
        {
          Time: NOW,
          Source: 'triage.healthimaging',
          DetailType: 'ImageSetCreated',
          Detail: JSON.stringify(imageSetCreated(1).detail),
          EventBusName: BUS,
          Resources: ['arn:aws:medical-imaging:eu-west-1:123456789012:datastore/ds0'],
        },
        {
          Time: new Date('2026-12-01T08:30:00.250Z'),
          Source: 'triage.catalog',
          DetailType: 'LabelChanged',
          Detail: JSON.stringify(labelChanged(2).detail),
          EventBusName: BUS,
        },
      ],
    ]);
  });

  it.each(INVALID_ENTRIES)('refuses the whole call when one entry is invalid ($name), sending nothing', async ({ entry, message }) => {
    fake = eventBridgeFake();
    await expect(open(fake).publish([imageSetCreated(7), entry as TriageEventEntry])).rejects.toThrow(message);
    expect(fake.requests).toEqual([]);
  });

  it('sends 25 entries as requests of 10, 10 and 5, ids in entry order', async () => {
    fake = eventBridgeFake();
    const entries = Array.from({ length: 25 }, (_, i) => imageSetCreated(i + 1));
    const published = await open(fake).publish(entries);
    expect(fake.requests.map((r) => r.length)).toEqual([10, 10, 5]);
    expect(published).toEqual(entries.map((_, i) => ({ eventId: `evt-${i + 1}` })));
    expect(fake.requests.flat().map((e) => JSON.parse(e.Detail ?? '{}').imageSetId)).toEqual(entries.map((e) => e.detail.imageSetId));
  });

  it('retries only the failed entries with backoff, and keeps each id in its entry’s place', async () => {
    // Entries 2 and 4 are throttled once; entry 3 twice.
    const throttled: Record<string, number> = {
      [imageSetCreated(2).detail.imageSetId]: 1,
      [imageSetCreated(3).detail.imageSetId]: 2,
      [imageSetCreated(4).detail.imageSetId]: 1,
    };
    fake = eventBridgeFake((entry, attempt) =>
      attempt <= (throttled[JSON.parse(entry.Detail ?? '{}').imageSetId] ?? 0)
        ? { ErrorCode: 'ThrottlingException', ErrorMessage: 'Rate exceeded' }
        : undefined,
    );
    const waits: number[] = [];
    const published = await open(fake, waits).publish([1, 2, 3, 4, 5].map((n) => imageSetCreated(n)));
    const sentIds = (request: PutEventsRequestEntry[]) => request.map((e) => Number(JSON.parse(e.Detail ?? '{}').imageSetId.slice(2)));
    expect(fake.requests.map(sentIds)).toEqual([[1, 2, 3, 4, 5], [2, 3, 4], [3]]);
    expect(waits).toEqual([50, 100]);
    expect(published).toEqual([
      { eventId: 'evt-1' },
      { eventId: 'evt-3' },
      { eventId: 'evt-5' },
      { eventId: 'evt-4' },
      { eventId: 'evt-2' },
    ]);
  });

  it('rejects naming each entry still refused after the attempts, with its ErrorCode and ErrorMessage', async () => {
    fake = eventBridgeFake((entry) => {
      const n = Number(JSON.parse(entry.Detail ?? '{}').imageSetId.slice(2));
      if (n === 2) return { ErrorCode: 'InternalFailure', ErrorMessage: 'internal error' };
      if (n === 3) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
      return undefined;
    });
    const error = await open(fake)
      .publish([1, 2, 3].map((n) => imageSetCreated(n)))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(PutEventsError);
    expect((error as PutEventsError).message).toBe(
      'PutEvents refused 2 entries after 4 attempts: #1 ImageSetCreated: InternalFailure: internal error; #2 ImageSetCreated: MalformedDetail: Detail is malformed.',
    );
    expect({ requests: fake.requests.map((r) => r.length), accepted: fake.accepted.length }).toEqual({
      requests: [3, 2, 2, 2],
      accepted: 1,
    });
  });

  it('refuses subscribe (rules are CDK’s) and closes', async () => {
    fake = eventBridgeFake();
    const bus = open(fake);
    expect(() => bus.subscribe({ name: 'x', detailTypes: ['ImageVerified'], handler: async () => undefined })).toThrow(
      /rules and their targets are deployed by CDK/,
    );
    await expect(bus.close()).resolves.toBeUndefined();
  });
});

describe('chunkPutEvents', () => {
  const entry = (bytes: number): PutEventsRequestEntry => ({ Source: 's', DetailType: 'd', Detail: 'x'.repeat(bytes - 2) });
  it.each([
    { name: '10 small entries fit one request', sizes: Array(10).fill(100), chunks: [10] },
    { name: 'the 11th starts a second', sizes: Array(11).fill(100), chunks: [10, 1] },
    { name: 'bytes close a request before 10 entries', sizes: [100_000, 100_000, 100_000, 10], chunks: [2, 2] },
    { name: 'exactly 256 KB fits', sizes: [131_072, 131_072, 10], chunks: [2, 1] },
  ])('$name', ({ sizes, chunks }) => {
    const entries = sizes.map(entry);
    expect(entries.map(putEventsEntrySize)).toEqual(sizes);
    expect(chunkPutEvents(entries).map((c) => c.length)).toEqual(chunks);
  });

  it('counts Time as 14 bytes and Resources by their UTF-8 bytes', () => {
    expect(
      putEventsEntrySize({ Time: NOW, Source: 'triage.catalog', DetailType: 'LabelChanged', Detail: '{"é":1}', Resources: ['ab', 'ü'] }),
    ).toBe(14 + 14 + 12 + 8 + 2 + 2);
  });
});
