import type { Subscription } from '@triage/events';
import type { Catalog } from '../catalog';
import { studySummaryOf, type ProjectionStore } from './study-summary-of';

/** What the projector needs: the catalog it writes and the store it reads. */
export interface WorklistProjectorOptions {
  catalog: Catalog;
  store: ProjectionStore;
}

/**
 * The bus subscription that keeps the worklist in step with the store: a primary image set is
 * recorded when created and refreshed when updated, a deleted one removed, non-primary ones
 * ignored. It reads the store's latest state each time, so a redelivered or late event writes the
 * same thing again (idempotent without remembering event ids).
 */
export function worklistProjector({ catalog, store }: WorklistProjectorOptions): Subscription<'ImageSetCreated' | 'ImageSetUpdated'> {
  return {
    name: 'catalog-worklist',
    detailTypes: ['ImageSetCreated', 'ImageSetUpdated'],
    handler: async (event) => {
      const { datastoreId, imageSetId, studyInstanceUid, primary } = event.detail;
      if (event['detail-type'] === 'ImageSetUpdated' && event.detail.change === 'deleted') {
        await catalog.removeImageSet(datastoreId, imageSetId);
        return;
      }
      if (!primary) return;
      const summary = await studySummaryOf(store, datastoreId, imageSetId, studyInstanceUid);
      // Gone (or no longer primary) by the time the event arrives: the later event will say so too; removing is the same either way.
      if (summary) await catalog.recordImageSet(summary);
      else await catalog.removeImageSet(datastoreId, imageSetId);
    },
  };
}
