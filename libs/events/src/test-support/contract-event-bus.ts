import type { EventId } from '../event-envelope';
import type { DeadLetters, EventBus, SubscriberName } from '../event-bus';
import type { DetailType, TriageEvent, TriageEventEntry } from '../schemas/detail-types';
import { eventually } from './eventually';
import { imageSetCreated, imageSetUpdated, INVALID_ENTRIES, labelChanged } from './sample-events';

/** One implementation of the port, opened over durable state that outlives it. */
export interface EventBusUnderTest {
  bus: EventBus;
  deadLetters: DeadLetters;
  /** Resolves when every delivery due by now has run (retries waiting on backoff excluded). */
  settled(): Promise<void>;
  /** Closes this instance and opens a fresh one over the same state (a restart). */
  reopen(): Promise<EventBusUnderTest>;
}

/** How the suite opens an implementation: fresh state each time, with at most `maxAttempts` attempts per delivery and short backoff. */
export interface EventBusContractOptions {
  open(options: { maxAttempts: number }): Promise<EventBusUnderTest>;
}

/** What a recording subscriber saw: event ids in the order its handler was called. */
function recorder(): { ids: EventId[]; events: TriageEvent[]; handler: (event: TriageEvent) => Promise<void> } {
  const seen = { ids: [] as EventId[], events: [] as TriageEvent[] };
  return {
    ...seen,
    handler: async (event) => {
      seen.ids.push(event.id);
      seen.events.push(event);
    },
  };
}

function id(n: number): EventId {
  return `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

/**
 * The EventBus + DeadLetters contract: every implementation that can run here runs it (the local
 * bus in its spec; EventBridge against its emulator when it comes).
 */
export function eventBusContract(name: string, options: EventBusContractOptions): void {
  describe(`EventBus contract: ${name}`, () => {
    let under: EventBusUnderTest;
    afterEach(async () => {
      await under?.bus.close();
    });

    it('delivers each event exactly once to every subscriber whose detail types match, none to the others', async () => {
      under = await options.open({ maxAttempts: 3 });
      const entries: TriageEventEntry[] = [
        imageSetCreated(1, id(1)),
        imageSetUpdated(1, id(2)),
        labelChanged(1, id(3)),
        imageSetCreated(2, id(4)),
      ];
      const table: { name: string; detailTypes: DetailType[]; expected: EventId[] }[] = [
        { name: 'worklist', detailTypes: ['ImageSetCreated', 'ImageSetUpdated'], expected: [id(1), id(2), id(4)] },
        { name: 'trigger', detailTypes: ['ImageVerified'], expected: [] },
        { name: 'labels', detailTypes: ['LabelChanged'], expected: [id(3)] },
        {
          name: 'everything',
          detailTypes: ['ImageSetCreated', 'ImageSetUpdated', 'ImageVerified', 'LabelChanged'],
          expected: [id(1), id(2), id(3), id(4)],
        },
      ];
      const seen = table.map((row) => {
        const r = recorder();
        under.bus.subscribe({ name: row.name, detailTypes: row.detailTypes, handler: r.handler });
        return r;
      });
      const published = await under.bus.publish(entries);
      expect(published).toEqual(entries.map((e) => ({ eventId: e.id })));
      await eventually(() => expect(seen[3].ids).toHaveLength(4));
      await under.settled();
      expect(table.map((row, i) => ({ name: row.name, ids: [...seen[i].ids].sort() }))).toEqual(
        table.map((row) => ({ name: row.name, ids: row.expected })),
      );
      const created = seen[0].events.find((e) => e.id === id(1));
      expect(created).toEqual({
        version: '0',
        id: id(1),
        'detail-type': 'ImageSetCreated',
        source: 'triage.healthimaging',
        account: expect.stringMatching(/^\d{12}$/),
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        region: expect.any(String),
        resources: [],
        detail: imageSetCreated(1).detail,
      });
    });

    it('delivers events published before the subscriber subscribed', async () => {
      under = await options.open({ maxAttempts: 3 });
      await under.bus.publish([imageSetCreated(1, id(11)), imageSetCreated(2, id(12))]);
      const late = recorder();
      under.bus.subscribe({ name: 'late', detailTypes: ['ImageSetCreated'], handler: late.handler });
      await eventually(() => expect([...late.ids].sort()).toEqual([id(11), id(12)]));
    });

    it.each(INVALID_ENTRIES)('refuses the whole call when one entry is invalid ($name), publishing nothing', async ({ entry, message }) => {
      under = await options.open({ maxAttempts: 3 });
      const all = recorder();
      under.bus.subscribe({ name: 'all', detailTypes: ['ImageSetCreated', 'ImageSetUpdated', 'LabelChanged'], handler: all.handler });
      await expect(under.bus.publish([imageSetCreated(7, id(21)), entry as TriageEventEntry])).rejects.toThrow(message);
      await under.bus.publish([imageSetCreated(8, id(22))]);
      await eventually(() => expect(all.ids).toContain(id(22)));
      await under.settled();
      expect(all.ids).toEqual([id(22)]);
    });

    it('retries a failing handler until it succeeds, and one failing event does not hold back the others', async () => {
      under = await options.open({ maxAttempts: 5 });
      const calls: EventId[] = [];
      under.bus.subscribe({
        name: 'flaky',
        detailTypes: ['ImageSetCreated'],
        handler: async (event) => {
          calls.push(event.id);
          if (event.id === id(31) && calls.filter((c) => c === id(31)).length < 3) throw new Error('not yet');
        },
      });
      await under.bus.publish([imageSetCreated(1, id(31)), imageSetCreated(2, id(32)), imageSetCreated(3, id(33))]);
      await eventually(() => expect(calls.filter((c) => c === id(31))).toHaveLength(3));
      await under.settled();
      expect({ first: calls.filter((c) => c === id(31)).length, others: calls.filter((c) => c !== id(31)).sort() }).toEqual({
        first: 3,
        others: [id(32), id(33)],
      });
      // The others went while the first waited on its backoff.
      expect(calls.indexOf(id(33))).toBeLessThan(calls.lastIndexOf(id(31)));
      expect(await under.deadLetters.listDeadLetters()).toEqual([]);
    });

    it('parks a delivery as dead after maxAttempts, lists it with its error, and delivers it when replayed', async () => {
      under = await options.open({ maxAttempts: 3 });
      let healthy = false;
      const calls: EventId[] = [];
      under.bus.subscribe({
        name: 'fragile' as SubscriberName,
        detailTypes: ['LabelChanged'],
        handler: async (event) => {
          calls.push(event.id);
          if (!healthy) throw new Error('catalog unavailable');
        },
      });
      const other = recorder();
      under.bus.subscribe({ name: 'steady', detailTypes: ['LabelChanged'], handler: other.handler });
      await under.bus.publish([labelChanged(1, id(41))]);
      const [dead] = await eventually(async () => {
        const letters = await under.deadLetters.listDeadLetters();
        expect(letters).toHaveLength(1);
        return letters;
      });
      expect({ ...dead, deadAt: typeof dead.deadAt }).toEqual({
        eventId: id(41),
        subscriber: 'fragile',
        detailType: 'LabelChanged',
        attempts: 3,
        lastError: 'catalog unavailable',
        deadAt: 'string',
        event: expect.objectContaining({ id: id(41), 'detail-type': 'LabelChanged', detail: labelChanged(1).detail }),
      });
      expect(calls).toEqual([id(41), id(41), id(41)]);
      expect(other.ids).toEqual([id(41)]);
      expect(await under.deadLetters.listDeadLetters({ subscriber: 'steady' })).toEqual([]);

      healthy = true;
      expect(await under.deadLetters.replayDeadLetters({ subscriber: 'nobody' })).toBe(0);
      expect(await under.deadLetters.replayDeadLetters({ eventIds: [id(41)] })).toBe(1);
      await eventually(() => expect(calls).toHaveLength(4));
      await under.settled();
      expect(await under.deadLetters.listDeadLetters()).toEqual([]);
      expect(other.ids).toEqual([id(41)]);
    });

    it('loses nothing across a restart: events not yet delivered are delivered after reopening', async () => {
      under = await options.open({ maxAttempts: 5 });
      const failed: EventId[] = [];
      let release!: (error: Error) => void;
      const gate = new Promise<never>((_resolve, reject) => (release = reject));
      gate.catch(() => undefined);
      let hanging!: () => void;
      const hangs = new Promise<void>((resolve) => (hanging = resolve));
      under.bus.subscribe({
        name: 'projector',
        detailTypes: ['ImageSetCreated', 'ImageSetUpdated'],
        handler: async (event) => {
          const first = !failed.includes(event.id);
          failed.push(event.id);
          if (first) throw new Error('projector down');
          // A retry waits here until the restart, so nothing is delivered (or parked) before it.
          hanging();
          await gate;
        },
      });
      await under.bus.publish([imageSetCreated(1, id(51)), imageSetUpdated(1, id(52))]);
      await hangs;
      expect(new Set(failed)).toEqual(new Set([id(51), id(52)]));
      release(new Error('projector still down at the restart'));
      under = await under.reopen();
      const after = recorder();
      under.bus.subscribe({ name: 'projector', detailTypes: ['ImageSetCreated', 'ImageSetUpdated'], handler: after.handler });
      await eventually(() => expect([...after.ids].sort()).toEqual([id(51), id(52)]));
      await under.settled();
      expect([...after.ids].sort()).toEqual([id(51), id(52)]);
      expect(await under.deadLetters.listDeadLetters()).toEqual([]);
    });
  });
}
