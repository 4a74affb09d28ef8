import type { ImageSetUpdatedDetail, TransactionalOutbox, TriageEventEntry } from '@triage/events';
import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

/** What happened to one image set in a transaction: created, or updated for this reason. */
export interface ImageSetEmission {
  imageSetId: string;
  versionId: number;
  change: 'created' | ImageSetUpdatedDetail['change'];
}

/**
 * Appends ImageSetCreated / ImageSetUpdated for each emission to the outbox, inside the caller's
 * transaction (the details are read from the rows it just wrote, so they are what committed).
 * Call before a deletion removes the row; a deleted image set has no live instances.
 */
export function appendImageSetEvents(db: IndexDb, outbox: TransactionalOutbox | undefined, emissions: readonly ImageSetEmission[]): void {
  if (!outbox || emissions.length === 0) return;
  const row = statement<[string], { datastore_id: string; study_uid: string; is_primary: number }>(
    db,
    'SELECT datastore_id, study_uid, is_primary FROM image_sets WHERE id = ?',
  );
  const live = statement<[string], { n: number }>(
    db,
    'SELECT count(*) AS n FROM instances WHERE image_set_id = ? AND version_removed IS NULL',
  );
  const entries = emissions.map((emission): TriageEventEntry => {
    const set = row.get(emission.imageSetId);
    if (!set) throw new Error(`image set ${emission.imageSetId} vanished inside its own transaction`);
    const detail = {
      datastoreId: set.datastore_id,
      imageSetId: emission.imageSetId,
      imageSetVersionId: String(emission.versionId),
      studyInstanceUid: set.study_uid,
      primary: set.is_primary === 1,
      instances: emission.change === 'deleted' ? 0 : (live.get(emission.imageSetId)?.n ?? 0),
    };
    const resources = [set.datastore_id, emission.imageSetId];
    return emission.change === 'created'
      ? { source: 'triage.healthimaging', 'detail-type': 'ImageSetCreated', resources, detail }
      : { source: 'triage.healthimaging', 'detail-type': 'ImageSetUpdated', resources, detail: { ...detail, change: emission.change } };
  });
  outbox.append(db, entries);
}
