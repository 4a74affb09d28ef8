import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { InstanceFrames, InstanceLocation } from '@triage/healthimaging';
import type { ImageStore } from '../app/api-context';
import { SeriesPrefetch, type PrefetchOptions } from './series-prefetch';

const STUDY = '1.2.3';
const SERIES = '1.2.3.1';
const sop = (n: number) => `1.2.3.1.${n}`;

/** A series of `count` instances as the index lists and finds them; the clock moves by what each listing "costs". */
function fakeStore(count: { n: number }, clock: { ms: number }, listCostMs: number, listings: number[]): ImageStore {
  const frames = (n: string): InstanceFrames => ({
    imageSetId: 'i' as ImageSetId,
    studyInstanceUid: STUDY,
    seriesInstanceUid: SERIES,
    sopInstanceUid: n,
    storedTransferSyntaxUid: '1.2.840.10008.1.2.4.202',
    pixel: {} as InstanceFrames['pixel'],
    imageFrameIds: [`f-${n}`],
  });
  return {
    locateInstances: async () => {
      listings.push(clock.ms);
      clock.ms += listCostMs;
      return Array.from({ length: count.n }, (_, i) => ({ sopInstanceUid: sop(i + 1) }) as InstanceLocation);
    },
    instanceFrames: async (_d: DatastoreId, _s: string, _r: string, n: string) => frames(n),
  } as unknown as ImageStore;
}

function setup(options: Partial<PrefetchOptions> = {}, listCostMs = 0) {
  const clock = { ms: 0 };
  const count = { n: 10 };
  const listings: number[] = [];
  const pool = { pending: 0 };
  const fetched: string[] = [];
  const release: (() => void)[] = [];
  const lent = { n: 0 };
  const prefetch = new SeriesPrefetch(
    fakeStore(count, clock, listCostMs, listings),
    'd' as DatastoreId,
    pool,
    (instance) => {
      fetched.push(instance.sopInstanceUid);
      return new Promise<void>((resolve) => release.push(resolve));
    },
    { depth: 3, maxInFlight: 1, refreshMs: 2000, listCostFactor: 500, maxSeries: 4, ...options },
    () => clock.ms,
    () => lent.n,
  );
  const read = async (n: number) => {
    prefetch.noteRead({ studyInstanceUid: STUDY, seriesInstanceUid: SERIES, sopInstanceUid: sop(n) } as InstanceFrames);
    // The listing and the prefetch's index lookups settle in microtasks.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  /** Lets every prefetch in flight finish, one by one, until none is left. */
  const drain = async () => {
    while (release.length > 0) {
      release.shift()?.();
      for (let i = 0; i < 10; i++) await Promise.resolve();
    }
  };
  return { clock, count, listings, pool, fetched, read, drain, prefetch, lent };
}

const n = (...numbers: number[]) => numbers.map(sop);

describe('SeriesPrefetch', () => {
  it('reads ahead once a series is read in order, forwards or backwards, one prefetch at a time', async () => {
    const s = setup();
    await s.read(5); // the series is listed; nothing read before it
    expect(s.fetched).toEqual([]);
    await s.read(6); // 5 was read: 7, 8, 9 queued, 7 started
    expect(s.fetched).toEqual(n(7));
    await s.drain();
    expect(s.fetched).toEqual(n(7, 8, 9));
    await s.read(7); // 8 and 9 were fetched already: 10 alone
    await s.drain();
    expect(s.fetched).toEqual(n(7, 8, 9, 10));
    s.fetched.length = 0;
    await s.read(3); // nothing read next to it
    await s.read(2); // 3 read after it: backwards, 1
    await s.drain();
    expect(s.fetched).toEqual(n(1));
  });

  it('starts nothing while the codec pool has jobs waiting, and catches up when it is free', async () => {
    const s = setup();
    s.pool.pending = 1;
    await s.read(1);
    await s.read(2);
    expect(s.fetched).toEqual([]);
    s.pool.pending = 0;
    await s.read(4); // any later read pumps the queue
    await s.drain();
    expect(s.fetched).toEqual(n(3, 4, 5));
  });

  it('lists a growing series again for an instance it does not know, at most once per refreshMs or 500 times the listing cost', async () => {
    const s = setup({}, 10);
    await s.read(1); // listed at 0 ms, cost 10 ms: next listing from 10 + max(2000, 5000) = 5010 ms
    s.count.n = 12;
    s.clock.ms = 3000;
    await s.read(11); // unknown, too soon
    s.clock.ms = 5010;
    await s.read(12); // unknown: listed again
    await s.read(11);
    expect(s.listings).toEqual([0, 5010]);
    await s.drain();
    // 11 read after 12: backwards from 11 once the order knows them both.
    expect(s.fetched).toEqual(n(10, 9, 8));
  });

  it('runs one more prefetch for each request waiting on one (it holds no codec worker)', async () => {
    const s = setup();
    await s.read(1);
    await s.read(2);
    expect(s.fetched).toEqual(n(3));
    s.lent.n = 1; // the request for 3 waits on its prefetch
    s.prefetch.resume();
    await s.read(2); // a read pumps as resume does (2 again: nothing new queued)
    expect(s.fetched).toEqual(n(3, 4));
    s.prefetch.resume(); // two in flight: no more
    await s.read(2);
    expect(s.fetched).toEqual(n(3, 4));
  });

  it('does nothing with depth 0', async () => {
    const s = setup({ depth: 0 });
    for (const i of [1, 2, 3]) await s.read(i);
    expect([s.listings, s.fetched]).toEqual([[], []]);
  });
});
