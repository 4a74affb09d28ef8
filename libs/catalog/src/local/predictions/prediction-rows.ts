import type { LabelKey, Prediction } from '../../catalog';
import { keyParams } from '../labels/label-rows';
import type { CatalogDb } from '../storage/open-catalog-db';
import { statement } from '../storage/statements';

interface PredictionRow {
  datastore_id: string;
  image_set_id: string;
  sop_instance_uid: string;
  model_version: string;
  finding: string;
  scores: string;
  priority: number;
  predicted_at: string;
}

/** Stores a prediction; for the same key and model version the later `predictedAt` wins, whatever order they arrive in. */
export function upsertPrediction(db: CatalogDb, p: Prediction): void {
  statement(
    db,
    `INSERT INTO predictions (datastore_id, image_set_id, sop_instance_uid, model_version, finding, scores, priority, predicted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (datastore_id, image_set_id, sop_instance_uid, model_version) DO UPDATE SET
       finding = excluded.finding, scores = excluded.scores, priority = excluded.priority, predicted_at = excluded.predicted_at
     WHERE excluded.predicted_at >= predictions.predicted_at`,
  ).run(...keyParams(p.key), p.modelVersion, p.finding, JSON.stringify(p.scores), p.priority, new Date(p.predictedAt).toISOString());
}

/** The key's latest prediction by any model version (ties: the greater model version). */
export function latestPrediction(db: CatalogDb, key: LabelKey): Prediction | undefined {
  const row = statement<[string, string, string], PredictionRow>(
    db,
    `SELECT * FROM predictions WHERE datastore_id = ? AND image_set_id = ? AND sop_instance_uid = ?
     ORDER BY predicted_at DESC, model_version DESC LIMIT 1`,
  ).get(...keyParams(key));
  if (!row) return undefined;
  const predictionKey: LabelKey = { datastoreId: row.datastore_id, imageSetId: row.image_set_id };
  if (row.sop_instance_uid !== '') predictionKey.sopInstanceUid = row.sop_instance_uid;
  return {
    key: predictionKey,
    modelVersion: row.model_version,
    finding: row.finding,
    scores: JSON.parse(row.scores) as Record<string, number>,
    priority: row.priority,
    predictedAt: row.predicted_at,
  };
}
