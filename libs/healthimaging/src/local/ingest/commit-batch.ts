import type { DatastoreId, ImageSetId } from '@triage/dicom';
import type { TransactionalOutbox } from '@triage/events';
import type { IngestBatchId, StoreOutcome } from '../../dicom-store';
import { newResourceId } from '../../resource-ids';
import type { IndexDb } from '../storage/open-index';
import { conflictingKeys, identityKey, IdentityKey } from './image-set-grouping';
import type { PreparedInstance } from './prepared-instance';
import { qidoStudyColumns } from '../qido/study-columns';
import { statement } from '../storage/statements';
import { appendImageSetEvents } from '../events/image-set-events';

/** One prepared instance waiting to be committed (its frame files already written). */
export interface BatchItem {
  datastoreId: DatastoreId;
  prepared: PreparedInstance;
  /** The STOW-RS request, association or import job it is part of. */
  batch?: IngestBatchId;
}

/** What one image set went through in a batch. */
export interface ImageSetChange {
  datastoreId: DatastoreId;
  imageSetId: ImageSetId;
  versionId: number;
  created: boolean;
  /** True when the batch's version was extended rather than a new one made (its cached document is stale). */
  extended?: boolean;
}

interface ImageSetRow {
  id: string;
  is_primary: number;
  version: number;
  conflict_key: string;
}

/**
 * Commits a group of prepared instances in ONE transaction. An image set's first change in an
 * ingest batch (StoreOptions.batch) makes a new version; later changes of that batch extend it
 * while it is still the image set's latest; instances without a batch share one new version per
 * commit. Frames kept as received get a transcode queue row in the same transaction. Runs
 * synchronously, so commits never interleave. Outcomes are in the items' order. Each version made
 * or extended gets one event in the outbox, in the same transaction.
 */
export function commitBatch(
  db: IndexDb,
  now: number,
  items: BatchItem[],
  outbox?: TransactionalOutbox,
): { outcomes: StoreOutcome[]; changes: ImageSetChange[] } {
  const live = statement<[string, string], { id: number; image_set_id: string; series_uid: string; digest: string }>(
    db,
    'SELECT id, image_set_id, series_uid, digest FROM instances WHERE datastore_id = ? AND sop_uid = ? AND version_removed IS NULL',
  );
  const candidates = statement<[string, string], ImageSetRow>(
    db,
    "SELECT id, is_primary, version, conflict_key FROM image_sets WHERE datastore_id = ? AND study_uid = ? AND state <> 'DELETED' ORDER BY is_primary DESC, seq",
  );
  const imageSetById = statement<[string], ImageSetRow>(db, 'SELECT id, is_primary, version, conflict_key FROM image_sets WHERE id = ?');
  const insertImageSet = statement(
    db,
    `INSERT INTO image_sets (id, datastore_id, study_uid, is_primary, state, workflow_status, version, created_at, updated_at,
      conflict_key, patient, study, patient_name, patient_id, patient_birth_date, study_date, study_time, accession_number, study_id, referring_physician)
    VALUES (@id, @datastoreId, @studyUid, @isPrimary, 'ACTIVE', 'CREATED', 1, @now, @now, @conflictKey, @patient, @study,
      @patient_name, @patient_id, @patient_birth_date, @study_date, @study_time, @accession_number, @study_id, @referring_physician)`,
  );
  // updated_at strictly increases on every commit: readers key cached documents on it.
  const bumpImageSet = statement(
    db,
    "UPDATE image_sets SET version = ?, updated_at = max(updated_at + 1, ?), workflow_status = 'UPDATED' WHERE id = ?",
  );
  const touchImageSet = statement(db, 'UPDATE image_sets SET updated_at = max(updated_at + 1, ?) WHERE id = ?');
  const insertVersion = statement(
    db,
    'INSERT INTO image_set_versions (image_set_id, version_id, created_at, workflow_status, batch) VALUES (?, ?, ?, ?, ?)',
  );
  const versionBatch = statement<[string, number], { batch: string | null }>(
    db,
    'SELECT batch FROM image_set_versions WHERE image_set_id = ? AND version_id = ?',
  );
  const enqueue = statement(
    db,
    'INSERT INTO transcode_queue (frame_id, datastore_id, image_set_id, decode_info, checksum) VALUES (?, ?, ?, ?, ?)',
  );
  const removeInstance = statement(db, 'UPDATE instances SET version_removed = ? WHERE id = ?');
  const insertInstance = statement(
    db,
    `INSERT INTO instances (datastore_id, image_set_id, series_uid, sop_uid, sop_class_uid, instance_number, digest, frame_ids, version_added, entry)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFrame = statement(
    db,
    'INSERT INTO frames (id, datastore_id, image_set_id, size, crc32, form, original_ts) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSeries = statement(
    db,
    `INSERT INTO series (image_set_id, series_uid, modality, series_number, attributes) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (image_set_id, series_uid) DO NOTHING`,
  );
  const seriesLiveCount = statement<[string, string], { n: number }>(
    db,
    'SELECT count(*) AS n FROM instances WHERE image_set_id = ? AND series_uid = ? AND version_removed IS NULL',
  );
  const deleteSeries = statement(db, 'DELETE FROM series WHERE image_set_id = ? AND series_uid = ?');

  const run = db.transaction(() => {
    const changes: ImageSetChange[] = [];
    // Per image set touched: its latest version now, the batch that made it, and whether this commit made or extended it.
    const latest = new Map<string, { versionId: number; batch: string | null; change?: ImageSetChange }>();
    const versionOf = (datastoreId: DatastoreId, row: ImageSetRow, batch: string | null): number => {
      const state = latest.get(row.id) ?? { versionId: row.version, batch: versionBatch.get(row.id, row.version)?.batch ?? null };
      latest.set(row.id, state);
      if (state.change && state.batch === batch) return state.versionId;
      if (batch !== null && state.batch === batch) {
        touchImageSet.run(now, row.id);
        state.change = { datastoreId, imageSetId: row.id, versionId: state.versionId, created: false, extended: true };
        changes.push(state.change);
        return state.versionId;
      }
      const versionId = state.versionId + 1;
      bumpImageSet.run(versionId, now, row.id);
      insertVersion.run(row.id, versionId, now, 'UPDATED', batch);
      Object.assign(state, { versionId, batch, change: { datastoreId, imageSetId: row.id, versionId, created: false } });
      changes.push(state.change as ImageSetChange);
      return versionId;
    };
    const outcomes = items.map(({ datastoreId, prepared, batch: batchId }): StoreOutcome => {
      const batch = batchId ?? null;
      const base = {
        datastoreId,
        studyInstanceUid: prepared.studyUid,
        seriesInstanceUid: prepared.seriesUid,
        sopInstanceUid: prepared.sopUid,
        sopClassUid: prepared.sopClassUid,
        frames: prepared.frames.length,
      };
      const existing = live.get(datastoreId, prepared.sopUid);
      if (existing && existing.digest === prepared.digest) return { ...base, imageSetId: existing.image_set_id, status: 'unchanged' };

      const key = identityKey(prepared.entry.patient, prepared.entry.study);
      const sets = candidates.all(datastoreId, prepared.studyUid);
      let target = sets.find((s) => conflictingKeys(JSON.parse(s.conflict_key) as IdentityKey, key).length === 0);
      let versionId: number;
      if (!target) {
        const id = newResourceId();
        const isPrimary = !sets.some((s) => s.is_primary);
        insertImageSet.run({
          id,
          datastoreId,
          studyUid: prepared.studyUid,
          isPrimary: isPrimary ? 1 : 0,
          now,
          conflictKey: JSON.stringify(key),
          patient: JSON.stringify(prepared.entry.patient),
          study: JSON.stringify(prepared.entry.study),
          ...qidoStudyColumns(prepared.entry.patient, prepared.entry.study),
        });
        insertVersion.run(id, 1, now, 'CREATED', batch);
        target = { id, is_primary: isPrimary ? 1 : 0, version: 1, conflict_key: JSON.stringify(key) };
        const change: ImageSetChange = { datastoreId, imageSetId: id, versionId: 1, created: true };
        latest.set(id, { versionId: 1, batch, change });
        changes.push(change);
        versionId = 1;
      } else {
        versionId = versionOf(datastoreId, target, batch);
      }
      if (existing) {
        // Different bytes for a stored SOP Instance: the new instance replaces it in a new version.
        const old = imageSetById.get(existing.image_set_id) as ImageSetRow;
        removeInstance.run(versionOf(datastoreId, old, batch), existing.id);
        if (seriesLiveCount.get(existing.image_set_id, existing.series_uid)?.n === 0)
          deleteSeries.run(existing.image_set_id, existing.series_uid);
      }
      insertInstance.run(
        datastoreId,
        target.id,
        prepared.seriesUid,
        prepared.sopUid,
        prepared.sopClassUid,
        prepared.instanceNumber ?? null,
        prepared.digest,
        JSON.stringify(prepared.frames.map((f) => f.id)),
        versionId,
        JSON.stringify(prepared.entry),
      );
      for (const frame of prepared.frames) {
        insertFrame.run(
          frame.id,
          datastoreId,
          target.id,
          frame.bytes.length,
          frame.crc32,
          frame.form,
          frame.original?.transferSyntaxUid ?? null,
        );
        if (frame.original) {
          enqueue.run(frame.id, datastoreId, target.id, JSON.stringify(frame.original.decodeInfo), frame.original.checksum);
        }
      }
      const series = prepared.entry.series;
      insertSeries.run(
        target.id,
        prepared.seriesUid,
        stringOrNull(series['Modality']),
        integerOrNull(series['SeriesNumber']),
        JSON.stringify(series),
      );
      return { ...base, imageSetId: target.id, status: 'stored' };
    });
    appendImageSetEvents(
      db,
      outbox,
      changes.map((c) => ({ imageSetId: c.imageSetId, versionId: c.versionId, change: c.created ? 'created' : 'instances' })),
    );
    return { outcomes, changes };
  });
  return run.immediate();
}

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function integerOrNull(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
}
