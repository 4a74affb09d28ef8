import { CatalogError } from '../../catalog-error';
import type { TrainingLabel, TrainingLabelsPage, TrainingLabelsQuery } from '../../catalog';
import type { CatalogDb } from '../storage/open-catalog-db';
import { statement } from '../storage/statements';

export const DEFAULT_TRAINING_LABELS_LIMIT = 100;
export const MAX_TRAINING_LABELS_LIMIT = 1000;

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
  const limit = query.limit ?? DEFAULT_TRAINING_LABELS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRAINING_LABELS_LIMIT)
    throw new CatalogError(
      'ValidationException',
      `limit must be an integer from 1 to ${MAX_TRAINING_LABELS_LIMIT}, got ${JSON.stringify(limit)}`,
    );
  if (query.since !== undefined && (typeof query.since !== 'string' || Number.isNaN(Date.parse(query.since))))
    throw new CatalogError('ValidationException', `since must be an ISO 8601 time, got ${JSON.stringify(query.since)}`);
  // Stored times are toISOString()'s; the bound is compared in the same form.
  const since = query.since === undefined ? null : new Date(query.since).toISOString();
  const [afterSet, afterInstance] = query.nextToken === undefined ? ['', ''] : decodeToken(query.nextToken);
  // One row more than asked says whether another page follows.
  const rows = statement<[TrainingLabelParams], TrainingLabelRow>(db, SQL).all({
    datastore: query.datastoreId,
    afterSet,
    afterInstance,
    since,
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

function encodeToken(imageSetId: string, sopInstanceUid: string): string {
  return Buffer.from(JSON.stringify([imageSetId, sopInstanceUid])).toString('base64url');
}

function decodeToken(token: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // Answered below.
  }
  throw new CatalogError('ValidationException', 'nextToken is not one this catalog issued');
}
