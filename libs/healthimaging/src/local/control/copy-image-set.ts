import type { CopyImageSetCommandInput, CopyImageSetCommandOutput } from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import type { ImageSetMetadata } from '@triage/dicom';
import type { Out } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import { checkVersionId, newResourceId } from '../../resource-ids';
import { identityKey } from '../ingest/image-set-grouping';
import type { InstanceEntry } from '../ingest/prepared-instance';
import type { LocalContext } from '../local-context';
import { liveOrigins } from '../metadata/document-rows';
import { materializeVersion } from '../metadata/materialize-version';
import { qidoStudyColumns } from '../qido/study-columns';
import { fsyncDir } from '@triage/platform';
import type { FrameForm } from '../storage/data-layout';
import { imageSetArn, ImageSetRow, requireImageSet } from './image-set-rows';
import { statement } from '../storage/statements';
import { appendImageSetEvents } from '../events/image-set-events';

/**
 * CopyImageSet: the source's latest version (or the series and instances `copiableAttributes`
 * names) into a new image set, or added to `destinationImageSet` as a new version of it. Frames
 * get new ids, their files hard-linked (copied where links are impossible) before the one
 * transaction that makes the copy visible.
 */
export async function copyImageSet(ctx: LocalContext, input: CopyImageSetCommandInput): Promise<Out<CopyImageSetCommandOutput>> {
  const source = requireImageSet(ctx, input.datastoreId, input.sourceImageSetId);
  const info = input.copyImageSetInformation;
  const sourceVersion = checkVersionId('sourceImageSet.latestVersionId', info?.sourceImageSet?.latestVersionId);
  if (sourceVersion !== source.version)
    throw new HealthImagingError('ConflictException', `source image set is at version ${source.version}, not ${sourceVersion}`);
  const destinationInput = info?.destinationImageSet;
  const destination = destinationInput ? requireImageSet(ctx, source.datastore_id, destinationInput.imageSetId) : undefined;
  const destinationVersion = destinationInput
    ? checkVersionId('destinationImageSet.latestVersionId', destinationInput.latestVersionId)
    : undefined;
  if (destination && destination.id === source.id)
    throw new HealthImagingError('ValidationException', 'source and destination are the same image set');
  if (destination && destination.version !== destinationVersion) {
    throw new HealthImagingError(
      'ConflictException',
      `destination image set is at version ${destination.version}, not ${destinationVersion}`,
    );
  }
  if (destination && destination.study_uid !== source.study_uid && !input.force) {
    throw new HealthImagingError(
      'ValidationException',
      'source and destination belong to different studies: copy with force to merge them',
    );
  }

  // Copies are of stored frames: the source's pending frames are transcoded first, ahead of the backlog.
  const pending = statement<[string], { frame_id: string }>(ctx.db, 'SELECT frame_id FROM transcode_queue WHERE image_set_id = ?').all(
    source.id,
  );
  await ctx.transcodeNow(pending.map((p) => p.frame_id));
  const doc = selectCopiable(
    materializeVersion(ctx.db, ctx.layout, source.datastore_id, source.id, source.version),
    info?.sourceImageSet?.DICOMCopies?.copiableAttributes,
  );
  const origins = liveOrigins(ctx.db, source.id);
  const targetId = destination?.id ?? newResourceId();
  const rows: {
    entry: InstanceEntry;
    digest: string;
    sopClassUid: string;
    frames: { id: string; size: number; crc32: number; form: FrameForm }[];
  }[] = [];
  const links: string[] = [];
  try {
    for (const [seriesUid, series] of Object.entries(doc.Study.Series)) {
      for (const [sopUid, instance] of Object.entries(series.Instances)) {
        const origin = origins.get(`${seriesUid}/${sopUid}`);
        if (!origin) throw new HealthImagingError('InternalServerException', `instance ${sopUid} has no stored row`);
        const frames = [];
        const imageFrames = [];
        for (const frame of instance.ImageFrames) {
          const id = newResourceId();
          const row = statement<[string], { size: number; crc32: number; form: FrameForm }>(
            ctx.db,
            'SELECT size, crc32, form FROM frames WHERE id = ?',
          ).get(frame.ID);
          if (!row) throw new HealthImagingError('InternalServerException', `frame ${frame.ID} is not indexed`);
          const target = ctx.layout.frameFile(source.datastore_id, id, row.form);
          await linkOrCopy(ctx.layout.frameFile(source.datastore_id, frame.ID, row.form), target);
          links.push(target);
          frames.push({ id, size: row.size, crc32: row.crc32, form: row.form });
          imageFrames.push({ ...frame, ID: id });
        }
        rows.push({
          entry: {
            patient: doc.Patient.DICOM,
            study: doc.Study.DICOM,
            seriesUid,
            series: series.DICOM,
            sopUid,
            instance: { ...instance, ImageFrames: imageFrames },
          },
          digest: origin.digest,
          sopClassUid: origin.sopClassUid,
          frames,
        });
      }
    }
    for (const dir of new Set(links.map((l) => l.slice(0, l.lastIndexOf('/'))))) await fsyncDir(dir);
  } catch (error) {
    for (const file of links) fs.rmSync(file, { force: true });
    throw error;
  }

  const now = ctx.now().getTime();
  let destinationVersionId: number;
  try {
    destinationVersionId = ctx.db
      .transaction(() => {
        let versionId: number;
        if (destination) {
          const current = statement<[string], { version: number }>(ctx.db, 'SELECT version FROM image_sets WHERE id = ?').get(
            destination.id,
          );
          if (current?.version !== destination.version)
            throw new HealthImagingError('ConflictException', 'destination image set changed during the copy');
          versionId = destination.version + 1;
          statement(
            ctx.db,
            "UPDATE image_sets SET version = ?, updated_at = max(updated_at + 1, ?), workflow_status = 'COPIED' WHERE id = ?",
          ).run(versionId, now, destination.id);
          // The copied instances replace same-UID instances of the destination.
          const replace = statement(
            ctx.db,
            'UPDATE instances SET version_removed = ? WHERE image_set_id = ? AND sop_uid = ? AND version_removed IS NULL',
          );
          for (const row of rows) replace.run(versionId, destination.id, row.entry.sopUid);
        } else {
          versionId = 1;
          const promote = input.promoteToPrimary === true;
          if (promote)
            statement(ctx.db, 'UPDATE image_sets SET is_primary = 0 WHERE datastore_id = ? AND study_uid = ? AND is_primary = 1').run(
              source.datastore_id,
              source.study_uid,
            );
          statement(
            ctx.db,
            `INSERT INTO image_sets (id, datastore_id, study_uid, is_primary, state, workflow_status, version, created_at, updated_at,
            conflict_key, patient, study, patient_name, patient_id, patient_birth_date, study_date, study_time, accession_number, study_id, referring_physician)
          VALUES (@id, @datastoreId, @studyUid, @isPrimary, 'ACTIVE', 'COPIED', 1, @now, @now, @conflictKey, @patient, @study,
            @patient_name, @patient_id, @patient_birth_date, @study_date, @study_time, @accession_number, @study_id, @referring_physician)`,
          ).run({
            id: targetId,
            datastoreId: source.datastore_id,
            studyUid: source.study_uid,
            isPrimary: promote ? 1 : 0,
            now,
            conflictKey: JSON.stringify(identityKey(doc.Patient.DICOM, doc.Study.DICOM)),
            patient: JSON.stringify(doc.Patient.DICOM),
            study: JSON.stringify(doc.Study.DICOM),
            ...qidoStudyColumns(doc.Patient.DICOM, doc.Study.DICOM),
          });
        }
        statement(
          ctx.db,
          'INSERT INTO image_set_versions (image_set_id, version_id, created_at, workflow_status, message, forced) VALUES (?, ?, ?, ?, ?, ?)',
        ).run(targetId, versionId, now, 'COPIED', `copied from image set ${source.id} version ${source.version}`, input.force ? 1 : 0);
        const insertInstance = statement(
          ctx.db,
          `INSERT INTO instances (datastore_id, image_set_id, series_uid, sop_uid, sop_class_uid, instance_number, digest, frame_ids, version_added, entry)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        const insertFrame = statement(
          ctx.db,
          'INSERT INTO frames (id, datastore_id, image_set_id, size, crc32, form) VALUES (?, ?, ?, ?, ?, ?)',
        );
        const insertSeries = statement(
          ctx.db,
          `INSERT INTO series (image_set_id, series_uid, modality, series_number, attributes) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (image_set_id, series_uid) DO NOTHING`,
        );
        for (const row of rows) {
          const n = row.entry.instance.DICOM['InstanceNumber'];
          insertInstance.run(
            source.datastore_id,
            targetId,
            row.entry.seriesUid,
            row.entry.sopUid,
            row.sopClassUid,
            typeof n === 'number' ? n : null,
            row.digest,
            JSON.stringify(row.frames.map((f) => f.id)),
            versionId,
            JSON.stringify(row.entry),
          );
          for (const f of row.frames) insertFrame.run(f.id, source.datastore_id, targetId, f.size, f.crc32, f.form);
          const s = row.entry.series;
          insertSeries.run(
            targetId,
            row.entry.seriesUid,
            typeof s['Modality'] === 'string' ? s['Modality'] : null,
            typeof s['SeriesNumber'] === 'number' ? s['SeriesNumber'] : null,
            JSON.stringify(s),
          );
        }
        appendImageSetEvents(ctx.db, ctx.outbox, [{ imageSetId: targetId, versionId, change: destination ? 'copied' : 'created' }]);
        return versionId;
      })
      .immediate();
  } catch (error) {
    for (const file of links) fs.rmSync(file, { force: true });
    throw error;
  }
  ctx.notify({
    datastoreId: source.datastore_id,
    imageSetId: targetId,
    versionId: String(destinationVersionId),
    change: destination ? 'updated' : 'copied',
  });
  const target = statement<[string], ImageSetRow>(ctx.db, 'SELECT * FROM image_sets WHERE id = ?').get(targetId) as ImageSetRow;
  return {
    datastoreId: source.datastore_id,
    sourceImageSetProperties: properties(source, source.version),
    destinationImageSetProperties: properties(target, destinationVersionId),
  };
}

function properties(row: ImageSetRow, version: number) {
  return {
    imageSetId: row.id,
    latestVersionId: String(version),
    imageSetState: row.state,
    imageSetWorkflowStatus: row.workflow_status,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    imageSetArn: imageSetArn(row.datastore_id, row.id),
  };
}

/** The part of the document `copiableAttributes` names (`{"Study":{"Series":{"uid":{"Instances":{"uid":{}}}}}}`); all of it without. */
function selectCopiable(doc: ImageSetMetadata, copiable: string | undefined): ImageSetMetadata {
  if (!copiable) return doc;
  let wanted: { Study?: { Series?: Record<string, { Instances?: Record<string, unknown> }> } };
  try {
    wanted = JSON.parse(copiable);
  } catch (error) {
    throw new HealthImagingError('ValidationException', `copiableAttributes is not JSON: ${(error as Error).message}`);
  }
  const series: ImageSetMetadata['Study']['Series'] = {};
  for (const [seriesUid, spec] of Object.entries(wanted.Study?.Series ?? {})) {
    const s = doc.Study.Series[seriesUid];
    if (!s) throw new HealthImagingError('ValidationException', `series ${seriesUid} is not in the source image set`);
    const sops = Object.keys(spec?.Instances ?? {});
    if (sops.length === 0) {
      series[seriesUid] = s;
      continue;
    }
    const instances: typeof s.Instances = {};
    for (const sop of sops) {
      if (!s.Instances[sop]) throw new HealthImagingError('ValidationException', `instance ${sop} is not in series ${seriesUid}`);
      instances[sop] = s.Instances[sop];
    }
    series[seriesUid] = { ...s, Instances: instances };
  }
  if (Object.keys(series).length === 0) throw new HealthImagingError('ValidationException', 'copiableAttributes names no series');
  return { ...doc, Study: { ...doc.Study, Series: series } };
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  await fs.promises.mkdir(to.slice(0, to.lastIndexOf('/')), { recursive: true });
  try {
    await fs.promises.link(from, to);
  } catch {
    await fs.promises.copyFile(from, to);
    const handle = await fs.promises.open(to, 'r+');
    await handle.sync();
    await handle.close();
  }
}
