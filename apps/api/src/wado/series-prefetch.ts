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
  /**
   * A series' instance order is listed again at most this often (a growing series: an instance not
   * in the list), and never more often than `listCostFactor` times what its last listing took.
   */
  refreshMs: number;
  /** Bounds the event loop's time spent listing a large growing series (a listing blocks it) to 1/`listCostFactor`. */
  listCostFactor: number;
  /** Series whose order and recent reads are remembered (least recently read forgotten first). */
  maxSeries: number;
}

/** The defaults: four instances ahead, one decode in flight less than the pool has workers. */
export function defaultPrefetchOptions(poolSize: number): PrefetchOptions {
  return { depth: 4, maxInFlight: Math.max(1, poolSize - 1), refreshMs: 2000, listCostFactor: 500, maxSeries: 32 };
}

interface SeriesOrder {
  study: string;
  series: string;
  /** SOP Instance UIDs by instance number, as the index orders them. */
  sops: string[];
  at: Map<string, number>;
  /** When the order may be listed again. */
  nextListAt: number;
  listing: boolean;
  /** SOP Instance UIDs read lately (insertion order, bounded). */
  recent: Set<string>;
  /** SOP Instance UIDs prefetched lately (insertion order, bounded): not queued again. */
  fetched: Set<string>;
}

interface Ahead {
  order: SeriesOrder;
  sop: string;
}

const RECENT_READS = 64;

/**
 * Prefetch of the next instances of a series read in order: when an instance is read and the one
 * before it (by instance number, as the index orders the series) was read lately, the next
 * `depth` instances' first frames are decoded ahead of their requests (backwards when the one
 * after it was read). Prefetches wait for the codec pool: one starts only while no job waits for a
 * worker and fewer than `maxInFlight` are running (one more for each request waiting on a prefetch,
 * which holds no worker), so a demanded decode does not queue behind them.
 */
export class SeriesPrefetch {
  private readonly orders = new Map<string, SeriesOrder>();
  private readonly queue: Ahead[] = [];
  private running = 0;

  constructor(
    private readonly store: ImageStore,
    private readonly datastoreId: DatastoreId,
    private readonly pool: Pick<CodecPool, 'pending'>,
    /** Decodes an instance's frame ahead (into the cache); never fails. */
    private readonly fetch: (instance: InstanceFrames) => Promise<void>,
    private readonly options: PrefetchOptions,
    private readonly now: () => number = () => performance.now(),
    /**
     * Requests waiting on a decode another started (a prefetch): each lends the codec worker it is
     * not using to one more prefetch, so a reader faster than one worker keeps them all busy.
     */
    private readonly lent: () => number = () => 0,
  ) {}

  /** Starts what is queued, as far as the pool and the limits allow (after a request began waiting on a prefetch). */
  resume(): void {
    this.pump();
  }

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
    remember(order.recent, sop);
    this.pump();
  }

  private orderOf(study: string, series: string): SeriesOrder {
    const key = `${study}/${series}`;
    let order = this.orders.get(key);
    if (order) this.orders.delete(key);
    else order = { study, series, sops: [], at: new Map(), nextListAt: -Infinity, listing: false, recent: new Set(), fetched: new Set() };
    this.orders.set(key, order);
    if (this.orders.size > this.options.maxSeries) this.orders.delete(this.orders.keys().next().value as string);
    return order;
  }

  /** Lists the series' instances in order, at most once per `refreshMs` (reads of a growing series find new ones). */
  private list(order: SeriesOrder): void {
    const start = this.now();
    if (order.listing || start < order.nextListAt) return;
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
        const end = this.now();
        order.nextListAt = end + Math.max(this.options.refreshMs, (end - start) * this.options.listCostFactor);
      });
  }

  /** Queues the `depth` instances after position `i` in `direction`, newest wishes first out of a bounded queue. */
  private ahead(order: SeriesOrder, i: number, direction: 1 | -1): void {
    for (let k = 1; k <= this.options.depth; k++) {
      const sop = order.sops[i + k * direction];
      if (sop === undefined) break;
      if (order.recent.has(sop) || order.fetched.has(sop) || this.queue.some((a) => a.sop === sop)) continue;
      this.queue.push({ order, sop });
    }
    // A reader that moved on leaves wishes behind: the oldest are dropped.
    const max = this.options.depth * 4;
    if (this.queue.length > max) this.queue.splice(0, this.queue.length - max);
  }

  /** Starts queued prefetches while the pool has no job waiting; wishes held back wait for the next read or finished prefetch. */
  private pump(): void {
    while (this.running < this.options.maxInFlight + this.lent() && this.pool.pending === 0 && this.queue.length > 0) {
      const next = this.queue.shift() as Ahead;
      this.running++;
      void this.run(next).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run({ order, sop }: Ahead): Promise<void> {
    remember(order.fetched, sop);
    const instance = await this.store.instanceFrames(this.datastoreId, order.study, order.series, sop).catch(() => undefined);
    if (instance && instance.imageFrameIds.length > 0) await this.fetch(instance);
  }
}

/** Adds to a bounded insertion-ordered set as its newest member, forgetting the oldest beyond {@link RECENT_READS}. */
function remember(set: Set<string>, sop: string): void {
  set.delete(sop);
  set.add(sop);
  if (set.size > RECENT_READS) set.delete(set.values().next().value as string);
}
