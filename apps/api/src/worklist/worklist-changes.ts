import { EventEmitter } from 'node:events';
import type { CatalogChange } from '@triage/catalog';

/** Something the worklist's event streams can listen to for catalog changes. */
export interface CatalogChangeSource {
  /** Calls `listener` after every committed change; returns the call that stops it. */
  subscribe(listener: (change: CatalogChange) => void): () => void;
}

/**
 * The in-process fan-out from the catalog to the open worklist event streams: LocalCatalog's
 * `onChanged` publishes here after each commit (the projector's writes come from bus deliveries,
 * so a stream hears of a study once the bus has delivered it and the catalog has it).
 */
export class WorklistChanges implements CatalogChangeSource {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** Announces a committed change (bound: pass it as LocalCatalog's `onChanged`). */
  readonly publish = (change: CatalogChange): void => {
    this.emitter.emit('change', change);
  };

  subscribe(listener: (change: CatalogChange) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
