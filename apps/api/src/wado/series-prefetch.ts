import type { CodecPool } from '@triage/codec';
import type { DatastoreId } from '@triage/dicom';
import type { InstanceFrames } from '@triage/healthimaging';
import type { ImageStore } from '../app/api-context';

/** How far and how hard {@link SeriesPrefetch} reads ahead. */
export interface PrefetchOptions {
  /** Instances decoded ahead of the one read (in the direction the series is read). */
  depth: number;
  /** Prefetch decodes in flight at once; keep it below the codec pool's size so that a demanded decode finds a worker. */
  maxInFlight: number;
  /** A series' instance order is listed again at most this often (a growing series: an instance not in the list). */
  refreshMs: number;
  /** Series whose order and recent reads are remembered (least recently read forgotten first). */
  maxSeries: number;
}

/** The defaults: four instances ahead, one decode in flight less than the pool has workers. */
export function defaultPrefetchOptions(poolSize: number): PrefetchOptions {
  return { depth: 4, maxInFlight: Math.max(1, poolSize - 1), refreshMs: 2000, maxSeries: 32 };
}

interface SeriesOrder {
  study: string;
  series: string;
  /** SOP Instance UIDs by instance number, as the index orders them. */
  sops: string[];
  at: Map<string, number>;
  listedAt: number;
  listing: boolean;
  /** SOP Instance UIDs read lately (insertion order, bounded). */
  recent: Set<string>;
}

interface Ahead {
  study: string;
  series: string;
  sop: string;
}

const RECENT_READS = 64;
/** How soon wishes held back by a busy codec pool are looked at again. */
const RETRY_MS = 5;

/**
 * Prefetch of the next instances of a series read in order: when an instance is read and the one
 * before it (by instance number, as the index orders the series) was read lately, the next
 * `depth` instances' first frames are decoded ahead of their requests (backwards when the one
 * after it was read). Prefetches wait for the codec pool: one starts only while no job waits for a
 * worker and fewer than `maxInFlight` are running, so a demanded decode never queues behind them.
 */
export class SeriesPrefetch {
  private readonly orders = new Map<string, SeriesOrder>();
  private readonly queue: Ahead[] = [];
  private running = 0;
  private settled: (() => void)[] = [];
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly store: ImageStore,
    private readonly datastoreId: DatastoreId,
    private readonly pool: Pick<CodecPool, 'pending'>,
    /** Decodes an instance's frame ahead (into the cache); never fails. */
    private readonly fetch: (instance: InstanceFrames) => Promise<void>,
    private readonly options: PrefetchOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Notes that an instance's frames were read as native pixels, and queues what its series' order says comes next. */
  noteRead(instance: InstanceFrames): void {
    if (this.options.depth <= 0) return;
    const { studyInstanceUid: study, seriesInstanceUid: series, sopInstanceUid: sop } = instance;
    const order = this.orderOf(study, series);
    const i = order.at.get(sop);
    if (i === undefined) this.list(order);
    else {
      if (i > 0 && order.recent.has(order.sops[i - 1])) this.ahead(order, i, 1);
      if (i + 1 < order.sops.length && order.recent.has(order.sops[i + 1])) this.ahead(order, i, -1);
    }
    order.recent.delete(sop);
    order.recent.add(sop);
    if (order.recent.size > RECENT_READS) order.recent.delete(order.recent.values().next().value as string);
    this.pump();
  }

  /** Resolves once nothing is queued or running (for tests and shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.settled.push(resolve));
  }

  private orderOf(study: string, series: string): SeriesOrder {
    const key = `${study}/${series}`;
    let order = this.orders.get(key);
    if (order) this.orders.delete(key);
    else order = { study, series, sops: [], at: new Map(), listedAt: -Infinity, listing: false, recent: new Set() };
    this.orders.set(key, order);
    if (this.orders.size > this.options.maxSeries) this.orders.delete(this.orders.keys().next().value as string);
    return order;
  }

  /** Lists the series' instances in order, at most once per `refreshMs` (reads of a growing series find new ones). */
  private list(order: SeriesOrder): void {
    if (order.listing || this.now() - order.listedAt < this.options.refreshMs) return;
    order.listing = true;
    this.store
      .locateInstances(this.datastoreId, order.study, order.series)
      .then(
        (locations) => {
          order.sops = locations.map((l) => l.sopInstanceUid);
          order.at = new Map(order.sops.map((sop, i) => [sop, i]));
        },
        () => undefined,
      )
      .finally(() => {
        order.listing = false;
        order.listedAt = this.now();
      });
  }

  /** Queues the `depth` instances after position `i` in `direction`, newest wishes first out of a bounded queue. */
  private ahead(order: SeriesOrder, i: number, direction: 1 | -1): void {
    for (let k = 1; k <= this.options.depth; k++) {
      const sop = order.sops[i + k * direction];
      if (sop === undefined) break;
      if (order.recent.has(sop) || this.queue.some((a) => a.sop === sop)) continue;
      this.queue.push({ study: order.study, series: order.series, sop });
    }
    // A reader that moved on leaves wishes behind: the oldest are dropped.
    const max = this.options.depth * 4;
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
  }

  private pump(): void {
    while (this.running < this.options.maxInFlight && this.pool.pending === 0 && this.queue.length > 0) {
      const next = this.queue.shift() as Ahead;
      this.running++;
      void this.run(next).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.queue.length === 0) for (const resolve of this.settled.splice(0)) resolve();
      });
    }
    if (this.running === 0 && this.queue.length === 0) for (const resolve of this.settled.splice(0)) resolve();
    // Wishes waiting for the pool to empty its queue: looked at again shortly.
    else if (this.running === 0 && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.pump();
      }, RETRY_MS);
      this.retry.unref();
    }
  }

  private async run({ study, series, sop }: Ahead): Promise<void> {
    const instance = await this.store.instanceFrames(this.datastoreId, study, series, sop).catch(() => undefined);
    if (instance && instance.imageFrameIds.length > 0) await this.fetch(instance);
  }
}
