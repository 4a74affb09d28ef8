import { Enums, imageLoader } from '@cornerstonejs/core';
import { nearestPending } from './prefetch-order';

/** Requests in flight at once: enough to keep the network and every decode worker busy, few enough to re-aim quickly. */
const IN_FLIGHT = 8;

/**
 * Loads every slice of a stack into Cornerstone's cache, always the pending one nearest to the slice in view next,
 * so scrolling away re-aims the prefetch at once. `skip` is the slice the viewport itself is loading.
 */
export class Prefetcher {
  private readonly pending = new Set<number>();
  private inFlight = 0;
  private stopped = false;

  constructor(
    private readonly imageIds: readonly string[],
    private readonly center: () => number,
    private readonly failed: (index: number, error: unknown) => void,
    private readonly retrieveOptions: { urlArguments?: string },
    skip?: number,
  ) {
    imageIds.forEach((_, i) => i !== skip && this.pending.add(i));
  }

  /** Starts (or continues) fetching. */
  start(): void {
    while (!this.stopped && this.inFlight < IN_FLIGHT) {
      const index = nearestPending(this.pending, this.imageIds.length, this.center());
      if (index === undefined) return;
      this.pending.delete(index);
      this.inFlight++;
      imageLoader
        .loadAndCacheImage(this.imageIds[index], {
          priority: 0,
          requestType: Enums.RequestType.Prefetch,
          retrieveOptions: this.retrieveOptions,
        })
        .catch((error: unknown) => this.failed(index, error))
        .finally(() => {
          this.inFlight--;
          this.start();
        });
    }
  }

  /** Stops issuing requests (those in flight finish into the cache). */
  stop(): void {
    this.stopped = true;
  }
}
