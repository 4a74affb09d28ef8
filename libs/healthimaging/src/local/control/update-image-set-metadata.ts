import type { UpdateImageSetMetadataCommandInput, UpdateImageSetMetadataCommandOutput } from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { ImageSetMetadata } from '@triage/dicom';
import type { Out } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import { checkVersionId } from '../../resource-ids';
import type { LocalContext } from '../local-context';
import { applyDicomUpdates } from '../metadata/apply-dicom-updates';
import { indexDocument, liveOrigins, rekeyDocument } from '../metadata/document-rows';
import { gzipDocument, materializeVersion } from '../metadata/materialize-version';
import { writeFileAtomic } from '@triage/platform';
import { requireImageSet, requireVersion } from './image-set-rows';
import { statement } from '../storage/statements';
import { appendImageSetEvents } from '../events/image-set-events';

/**
 * UpdateImageSetMetadata: DICOMUpdates or revertToVersionId, against `latestVersionId`
 * (ConflictException when the image set moved on). The new version is an explicit snapshot
 * written before the one transaction that makes it the latest.
 */
export async function updateImageSetMetadata(
  ctx: LocalContext,
  input: UpdateImageSetMetadataCommandInput,
): Promise<Out<UpdateImageSetMetadataCommandOutput>> {
  const set = requireImageSet(ctx, input.datastoreId, input.imageSetId);
  const expected = checkVersionId('latestVersionId', input.latestVersionId);
  checkLatest(set.version, expected, set.id);
  const updates = input.updateImageSetMetadataUpdates;
  const force = input.force === true;
  let doc: ImageSetMetadata;
  let originVersion: number;
  let message: string;
  if (updates?.revertToVersionId !== undefined) {
    const target = requireVersion(ctx, set, updates.revertToVersionId);
    originVersion = target.version_id;
    doc = materializeVersion(ctx.db, ctx.layout, set.datastore_id, set.id, target.version_id);
    message = `reverted to version ${target.version_id}`;
  } else if (updates?.DICOMUpdates) {
    originVersion = set.version;
    doc = materializeVersion(ctx.db, ctx.layout, set.datastore_id, set.id, set.version);
    applyDicomUpdates(doc, updates.DICOMUpdates, force);
    message = 'metadata updated';
  } else {
    throw new HealthImagingError('ValidationException', 'updateImageSetMetadataUpdates needs DICOMUpdates or revertToVersionId');
  }
  const origins = liveOrigins(ctx.db, set.id, originVersion);
  const versionId = expected + 1;
  const name = `s${versionId}-${randomBytes(16).toString('hex')}.json.gz`;
  const file = ctx.layout.snapshotFile(set.datastore_id, set.id, name);
  const keyed = rekeyDocument(doc);
  await writeFileAtomic(file, gzipDocument(keyed), { tmpDir: ctx.layout.tmpDir });
  const now = ctx.now().getTime();
  try {
    ctx.db
      .transaction(() => {
        const current = statement<[string], { version: number; state: string }>(
          ctx.db,
          'SELECT version, state FROM image_sets WHERE id = ?',
        ).get(set.id);
        if (!current || current.state === 'DELETED')
          throw new HealthImagingError('ResourceNotFoundException', `image set ${set.id} was deleted`);
        checkLatest(current.version, expected, set.id);
        statement(
          ctx.db,
          'INSERT INTO image_set_versions (image_set_id, version_id, created_at, workflow_status, message, forced, snapshot_file) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(set.id, versionId, now, 'UPDATED', message, force ? 1 : 0, name);
        statement(
          ctx.db,
          "UPDATE image_sets SET version = ?, updated_at = max(updated_at + 1, ?), workflow_status = 'UPDATED', message = ?, forced = ? WHERE id = ?",
        ).run(versionId, now, message, force ? 1 : 0, set.id);
        indexDocument(ctx.db, set.datastore_id, set.id, versionId, doc, (s, i) => origins.get(`${s}/${i}`));
        appendImageSetEvents(ctx.db, ctx.outbox, [{ imageSetId: set.id, versionId, change: 'metadata' }]);
      })
      .immediate();
  } catch (error) {
    fs.rmSync(file, { force: true });
    throw error;
  }
  ctx.notify({ datastoreId: set.datastore_id, imageSetId: set.id, versionId: String(versionId), change: 'updated' });
  return {
    datastoreId: set.datastore_id,
    imageSetId: set.id,
    latestVersionId: String(versionId),
    imageSetState: 'ACTIVE',
    imageSetWorkflowStatus: 'UPDATED',
    createdAt: new Date(set.created_at),
    updatedAt: new Date(now),
    message,
  };
}

function checkLatest(actual: number, expected: number, imageSetId: string): void {
  if (actual !== expected) {
    throw new HealthImagingError(
      'ConflictException',
      `image set ${imageSetId} is at version ${actual}, not ${expected}: read it again and retry`,
    );
  }
}
