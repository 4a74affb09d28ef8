import type { ImageSetMetadata } from '@triage/dicom';
import type { InstanceEntry } from '../ingest/prepared-instance';
import type { IndexDb } from '../storage/open-index';
import { identityKey } from '../ingest/image-set-grouping';
import { qidoStudyColumns } from '../qido/study-columns';
import { statement } from '../storage/statements';

/** What an instance row carries besides its entry (kept across updates: the stored bytes and frames do not change). */
export interface RowOrigin {
  digest: string;
  sopClassUid: string;
  frameIds: string[];
}

/**
 * Makes the index say exactly what `doc` says as version `versionId` of the image set: live rows
 * not in it end at that version, every instance of it gets a fresh row (its old row's digest
 * and frames), series and study columns are rebuilt. `origin` finds the old row of an instance
 * by the keys it had before the change. Call inside a transaction.
 */
export function indexDocument(
  db: IndexDb,
  datastoreId: string,
  imageSetId: string,
  versionId: number,
  doc: ImageSetMetadata,
  origin: (seriesKey: string, sopKey: string) => RowOrigin | undefined,
): void {
  statement(db, 'UPDATE instances SET version_removed = ? WHERE image_set_id = ? AND version_removed IS NULL').run(versionId, imageSetId);
  statement(db, 'DELETE FROM series WHERE image_set_id = ?').run(imageSetId);
  const insertInstance = statement(
    db,
    `INSERT INTO instances (datastore_id, image_set_id, series_uid, sop_uid, sop_class_uid, instance_number, digest, frame_ids, version_added, entry)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSeries = statement(
    db,
    'INSERT INTO series (image_set_id, series_uid, modality, series_number, attributes) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [seriesKey, series] of Object.entries(doc.Study.Series)) {
    const seriesUid = stringValue(series.DICOM['SeriesInstanceUID']) ?? seriesKey;
    insertSeries.run(
      imageSetId,
      seriesUid,
      stringValue(series.DICOM['Modality']) ?? null,
      integerValue(series.DICOM['SeriesNumber']),
      JSON.stringify(series.DICOM),
    );
    for (const [sopKey, instance] of Object.entries(series.Instances)) {
      const from = origin(seriesKey, sopKey);
      if (!from) throw new Error(`instance ${sopKey} has no stored origin`);
      const sopUid = stringValue(instance.DICOM['SOPInstanceUID']) ?? sopKey;
      const entry: InstanceEntry = {
        patient: doc.Patient.DICOM,
        study: doc.Study.DICOM,
        seriesUid,
        series: series.DICOM,
        sopUid,
        instance,
      };
      insertInstance.run(
        datastoreId,
        imageSetId,
        seriesUid,
        sopUid,
        stringValue(instance.DICOM['SOPClassUID']) ?? from.sopClassUid,
        integerValue(instance.DICOM['InstanceNumber']),
        from.digest,
        JSON.stringify(from.frameIds),
        versionId,
        JSON.stringify(entry),
      );
    }
  }
  const studyUid = stringValue(doc.Study.DICOM['StudyInstanceUID']);
  const columns = qidoStudyColumns(doc.Patient.DICOM, doc.Study.DICOM);
  statement(
    db,
    `UPDATE image_sets SET patient = @patient, study = @study, conflict_key = @conflictKey, study_uid = coalesce(@studyUid, study_uid),
      patient_name = @patient_name, patient_id = @patient_id, patient_birth_date = @patient_birth_date, study_date = @study_date,
      study_time = @study_time, accession_number = @accession_number, study_id = @study_id, referring_physician = @referring_physician
    WHERE id = @id`,
  ).run({
    id: imageSetId,
    patient: JSON.stringify(doc.Patient.DICOM),
    study: JSON.stringify(doc.Study.DICOM),
    studyUid: studyUid ?? null,
    conflictKey: JSON.stringify(identityKey(doc.Patient.DICOM, doc.Study.DICOM)),
    ...columns,
  });
}

/** Rekeys series and instances by their (possibly updated) UIDs, as the document's keys must be. */
export function rekeyDocument(doc: ImageSetMetadata): ImageSetMetadata {
  const series: ImageSetMetadata['Study']['Series'] = {};
  for (const [seriesKey, s] of Object.entries(doc.Study.Series)) {
    const instances: typeof s.Instances = {};
    for (const [sopKey, instance] of Object.entries(s.Instances))
      instances[stringValue(instance.DICOM['SOPInstanceUID']) ?? sopKey] = instance;
    series[stringValue(s.DICOM['SeriesInstanceUID']) ?? seriesKey] = { ...s, Instances: instances };
  }
  return { ...doc, Study: { ...doc.Study, Series: series } };
}

/** The origin of every live instance row of an image set, keyed `series/sop`. */
export function liveOrigins(db: IndexDb, imageSetId: string, versionId?: number): Map<string, RowOrigin> {
  const rows =
    versionId === undefined
      ? statement<[string], OriginRow>(
          db,
          'SELECT series_uid, sop_uid, digest, sop_class_uid, frame_ids FROM instances WHERE image_set_id = ? AND version_removed IS NULL',
        ).all(imageSetId)
      : statement<[string, number, number], OriginRow>(
          db,
          'SELECT series_uid, sop_uid, digest, sop_class_uid, frame_ids FROM instances WHERE image_set_id = ? AND version_added <= ? AND (version_removed IS NULL OR version_removed > ?)',
        ).all(imageSetId, versionId, versionId);
  return new Map(
    rows.map((r) => [
      `${r.series_uid}/${r.sop_uid}`,
      { digest: r.digest, sopClassUid: r.sop_class_uid, frameIds: JSON.parse(r.frame_ids) as string[] },
    ]),
  );
}

interface OriginRow {
  series_uid: string;
  sop_uid: string;
  digest: string;
  sop_class_uid: string;
  frame_ids: string;
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function integerValue(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : null;
}
