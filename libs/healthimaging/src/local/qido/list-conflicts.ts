import type { DatastoreId } from '@triage/dicom';
import type { ConflictImageSet, StudyConflict } from '../../dicom-store';
import { conflictingKeys, type IdentityKey } from '../ingest/image-set-grouping';
import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

interface ConflictRow {
  id: string;
  study_uid: string;
  is_primary: number;
  conflict_key: string;
  instances: number;
}

/**
 * Every study of the datastore that has an active non-primary image set, with each of its active
 * image sets: identity attributes, live instance count and, for the non-primary ones, the
 * attributes that differ from the primary's. Ordered by study, primary first.
 */
export function listConflicts(db: IndexDb, datastoreId: DatastoreId): StudyConflict[] {
  const rows = statement<[string, string], ConflictRow>(
    db,
    `SELECT i.id, i.study_uid, i.is_primary, i.conflict_key,
      (SELECT count(*) FROM instances n WHERE n.image_set_id = i.id AND n.version_removed IS NULL) AS instances
    FROM image_sets i
    WHERE i.datastore_id = ? AND i.state = 'ACTIVE' AND i.study_uid IN
      (SELECT study_uid FROM image_sets WHERE datastore_id = ? AND is_primary = 0 AND state = 'ACTIVE')
    ORDER BY i.study_uid, i.is_primary DESC, i.seq`,
  ).all(datastoreId, datastoreId);
  const studies = new Map<string, { conflict: StudyConflict; primary?: IdentityKey }>();
  for (const row of rows) {
    let entry = studies.get(row.study_uid);
    if (!entry) studies.set(row.study_uid, (entry = { conflict: { studyInstanceUid: row.study_uid, imageSets: [] } }));
    const attributes = JSON.parse(row.conflict_key) as IdentityKey;
    const set: ConflictImageSet = { imageSetId: row.id, isPrimary: row.is_primary === 1, instances: row.instances, attributes };
    if (set.isPrimary) entry.primary = attributes;
    else set.conflictsWith = entry.primary ? conflictingKeys(entry.primary, attributes) : [];
    entry.conflict.imageSets.push(set);
  }
  return [...studies.values()].map((s) => s.conflict);
}
