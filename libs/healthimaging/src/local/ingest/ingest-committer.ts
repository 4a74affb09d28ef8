import * as fs from 'node:fs';
import type { StoreOutcome } from '../../dicom-store';
import type { LocalContext } from '../local-context';
import { fsyncDir } from '@triage/platform';
import { BatchItem, commitBatch } from './commit-batch';

interface Pending {
  item: BatchItem;
  dirs: string[];
  resolve: (outcome: StoreOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: instances whose frames are written within the same turn of the event loop are
 * committed in one transaction (one fsync of the WAL and of each frame folder; versions as
 * {@link commitBatch} makes them).
 */
export class IngestCommitter {
  private queue: Pending[] = [];
  private scheduled = false;
  /** The flush in progress: the next one starts after it, with everything that queued meanwhile. */
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly ctx: LocalContext) {}

  /** Resolves once the instance is durable in the index (or was already there, unchanged). */
  commit(item: BatchItem, dirs: string[]): Promise<StoreOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, dirs, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.flushing = this.flushing.then(() => this.flush()).catch(() => undefined);
        });
      }
    });
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let result;
    try {
      // The renames of the batch's frame files must be durable before the index points at them
      // (fsynced off the event loop: readers keep being served meanwhile).
      await Promise.all([...new Set(batch.flatMap((p) => p.dirs))].map((dir) => fsyncDir(dir)));
      result = commitBatch(
        this.ctx.db,
        this.ctx.now().getTime(),
        batch.map((p) => p.item),
        this.ctx.outbox,
      );
    } catch (error) {
      for (const p of batch) p.reject(error);
      return;
    }
    batch.forEach((p, i) => p.resolve(result.outcomes[i]));
    for (const change of result.changes) {
      if (!change.extended) continue;
      try {
        // An extended version's cached document no longer says what the version holds.
        fs.rmSync(this.ctx.layout.versionCacheFile(change.datastoreId, change.imageSetId, change.versionId), { force: true });
      } catch {
        // Committed either way; readers that wrote a cache check updatedAt afterwards.
      }
    }
    for (const change of result.changes) {
      this.ctx.notify({
        datastoreId: change.datastoreId,
        imageSetId: change.imageSetId,
        versionId: String(change.versionId),
        change: change.created ? 'created' : 'updated',
      });
    }
  }
}
