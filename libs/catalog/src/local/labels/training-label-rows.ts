import type { TrainingLabel, TrainingLabelsPage, TrainingLabelsQuery } from '../../catalog';
import type { CatalogDb } from '../storage/open-catalog-db';
import { statement } from '../storage/statements';
import { checkTrainingLabelsQuery, encodeToken } from '../../labels/training-labels-query';

interface TrainingLabelRow {
  image_set_id: string;
  sop_instance_uid: string;
  version: number;
  study_uid: string;
  finding: string;
  verification: 'confirmed' | 'corrected';
  set_at: string;
  patient_id: string | null;
}

interface TrainingLabelParams {
  datastore: string;
  afterSet: string;
  afterInstance: string;
  since: string | null;
  limit: number;
}

// Per key, its latest clinician version (the primary key answers the MAX); keys walked in primary
// key order after the token's key, so a page costs its own rows whatever the table's size.
const SQL = `
SELECT l.image_set_id, l.sop_instance_uid, l.version, l.study_uid, l.finding, l.verification, l.set_at, w.patient_id
FROM labels l
LEFT JOIN worklist_items w ON w.datastore_id = l.datastore_id AND w.image_set_id = l.image_set_id
WHERE l.datastore_id = @datastore
  AND l.verification IS NOT NULL
  AND (l.image_set_id, l.sop_instance_uid) > (@afterSet, @afterInstance)
  AND l.version = (SELECT MAX(m.version) FROM labels m
                   WHERE m.datastore_id = l.datastore_id AND m.image_set_id = l.image_set_id
                     AND m.sop_instance_uid = l.sop_instance_uid AND m.verification IS NOT NULL)
  AND (@since IS NULL OR l.set_at > @since)
ORDER BY l.image_set_id, l.sop_instance_uid
LIMIT @limit`;

/** One page of the verified labels of a datastore (see `Catalog.trainingLabels`). */
export function trainingLabelPage(db: CatalogDb, query: TrainingLabelsQuery): TrainingLabelsPage {
  const { limit, since, after } = checkTrainingLabelsQuery(query);
  // One row more than asked says whether another page follows.
  const rows = statement<[TrainingLabelParams], TrainingLabelRow>(db, SQL).all({
    datastore: query.datastoreId,
    afterSet: after?.imageSetId ?? '',
    afterInstance: after?.sopInstanceUid ?? '',
    since: since ?? null,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const result: TrainingLabelsPage = { labels: page.map((row) => trainingLabelOf(query.datastoreId, row)) };
  if (rows.length > limit && last) result.nextToken = encodeToken(last.image_set_id, last.sop_instance_uid);
  return result;
}

function trainingLabelOf(datastoreId: string, row: TrainingLabelRow): TrainingLabel {
  const label: TrainingLabel = {
    key: { datastoreId, imageSetId: row.image_set_id },
    studyInstanceUid: row.study_uid,
    finding: row.finding,
    labelVersion: row.version,
    verifiedAt: row.set_at,
    verification: row.verification,
  };
  if (row.sop_instance_uid !== '') label.key.sopInstanceUid = row.sop_instance_uid;
  if (row.patient_id !== null) label.patientId = row.patient_id;
  return label;
}
