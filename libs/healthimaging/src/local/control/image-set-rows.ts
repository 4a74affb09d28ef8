import type { ImageSetState, ImageSetWorkflowStatus } from '@aws-sdk/client-medical-imaging';
import type { DatastoreId, ImageSetId } from '@triage/dicom';
import { HealthImagingError } from '../../health-imaging-error';
import { checkResourceId, checkVersionId } from '../../resource-ids';
import type { LocalContext } from '../local-context';
import { requireDatastore } from './datastores';
import { statement } from '../storage/statements';

/** An image_sets row as the control operations read it. */
export interface ImageSetRow {
  seq: number;
  id: string;
  datastore_id: string;
  study_uid: string;
  is_primary: number;
  state: ImageSetState;
  workflow_status: ImageSetWorkflowStatus;
  version: number;
  created_at: number;
  updated_at: number;
  message: string | null;
  forced: number;
  conflict_key: string;
  patient: string;
  study: string;
}

/** An image_set_versions row. */
export interface VersionRow {
  image_set_id: string;
  version_id: number;
  created_at: number;
  workflow_status: ImageSetWorkflowStatus;
  message: string | null;
  forced: number;
  snapshot_file: string | null;
}

/** The image set, checked to exist in that datastore; ids validated before anything else. */
export function requireImageSet(ctx: LocalContext, datastoreId: unknown, imageSetId: unknown): ImageSetRow {
  const isId = checkResourceId<ImageSetId>('imageSetId', imageSetId);
  const ds = requireDatastore(ctx, datastoreId);
  const row = statement<[string, string], ImageSetRow>(ctx.db, 'SELECT * FROM image_sets WHERE id = ? AND datastore_id = ?').get(
    isId,
    ds.id,
  );
  if (!row || row.state === 'DELETED')
    throw new HealthImagingError('ResourceNotFoundException', `image set ${isId} does not exist in datastore ${ds.id}`);
  return row;
}

/** One version of an image set (the latest when `versionId` is undefined). */
export function requireVersion(ctx: LocalContext, imageSet: ImageSetRow, versionId: unknown): VersionRow {
  const version = versionId === undefined ? imageSet.version : checkVersionId('versionId', versionId);
  const row = statement<[string, number], VersionRow>(
    ctx.db,
    'SELECT * FROM image_set_versions WHERE image_set_id = ? AND version_id = ?',
  ).get(imageSet.id, version);
  if (!row) throw new HealthImagingError('ResourceNotFoundException', `image set ${imageSet.id} has no version ${version}`);
  return row;
}

/** The image set's local ARN. */
export function imageSetArn(datastoreId: DatastoreId, imageSetId: ImageSetId): string {
  return `arn:aws:medical-imaging:local:000000000000:datastore/${datastoreId}/imageset/${imageSetId}`;
}
