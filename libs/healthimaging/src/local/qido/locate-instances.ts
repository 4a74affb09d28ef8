import type { DatastoreId } from '@triage/dicom';
import type { InstanceLocation } from '../../dicom-store';
import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

/** Where the live instances of a study (one series, one instance) of the primary image set are, frames in frame order. */
export function locateInstances(db: IndexDb, datastoreId: DatastoreId, studyUid: string, seriesUid?: string, sopUid?: string): InstanceLocation[] {
  const params: unknown[] = [datastoreId, studyUid];
  let sql = `SELECT n.image_set_id, n.series_uid, n.sop_uid, n.frame_ids FROM instances n
    JOIN image_sets i ON i.id = n.image_set_id JOIN series s ON s.image_set_id = n.image_set_id AND s.series_uid = n.series_uid
    WHERE n.datastore_id = ? AND i.study_uid = ? AND i.is_primary = 1 AND i.state = 'ACTIVE' AND n.version_removed IS NULL`;
  if (seriesUid !== undefined) {
    sql += ' AND n.series_uid = ?';
    params.push(seriesUid);
  }
  if (sopUid !== undefined) {
    sql += ' AND n.sop_uid = ?';
    params.push(sopUid);
  }
  sql += ' ORDER BY s.series_number, s.series_uid, n.instance_number, n.id';
  const rows = statement(db, sql).all(...params) as { image_set_id: string; series_uid: string; sop_uid: string; frame_ids: string }[];
  return rows.map((row) => ({
    imageSetId: row.image_set_id,
    studyInstanceUid: studyUid,
    seriesInstanceUid: row.series_uid,
    sopInstanceUid: row.sop_uid,
    imageFrameIds: JSON.parse(row.frame_ids) as string[],
  }));
}
