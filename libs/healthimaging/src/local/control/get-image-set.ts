import type { GetImageSetCommandInput, GetImageSetCommandOutput } from '@aws-sdk/client-medical-imaging';
import type { Out } from '../../health-imaging';
import type { LocalContext } from '../local-context';
import { imageSetArn, requireImageSet, requireVersion } from './image-set-rows';
import { transcodingStatus } from './transcoding-status';

/** GetImageSet: the properties of the latest version, or of `versionId`. */
export function getImageSet(ctx: LocalContext, input: GetImageSetCommandInput): Out<GetImageSetCommandOutput> {
  const set = requireImageSet(ctx, input.datastoreId, input.imageSetId);
  const version = requireVersion(ctx, set, input.versionId);
  const latest = version.version_id === set.version;
  const backlog = latest ? transcodingStatus(ctx, set.id) : undefined;
  return {
    datastoreId: set.datastore_id,
    imageSetId: set.id,
    versionId: String(version.version_id),
    imageSetState: set.state,
    imageSetWorkflowStatus: backlog?.workflowStatus ?? version.workflow_status,
    createdAt: new Date(set.created_at),
    // The latest version moves with its batch and its transcoding (readers key cached documents on it).
    updatedAt: new Date(latest ? Math.max(set.updated_at, version.created_at) : version.created_at),
    message: backlog?.message ?? version.message ?? undefined,
    imageSetArn: imageSetArn(set.datastore_id, set.id),
    overrides: version.forced ? { forced: true } : undefined,
    isPrimary: set.is_primary === 1,
    storageTier: 'FREQUENT_ACCESS',
  };
}
