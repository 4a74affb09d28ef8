import type {
  ImageSetProperties,
  ListImageSetVersionsCommandInput,
  ListImageSetVersionsCommandOutput,
} from '@aws-sdk/client-medical-imaging';
import type { Out } from '../../health-imaging';
import type { LocalContext } from '../local-context';
import { requireImageSet, VersionRow } from './image-set-rows';
import { pageOf } from './pagination';
import { transcodingStatus } from './transcoding-status';
import { statement } from '../storage/statements';

/** ListImageSetVersions, newest first. */
export function listImageSetVersions(ctx: LocalContext, input: ListImageSetVersionsCommandInput): Out<ListImageSetVersionsCommandOutput> {
  const set = requireImageSet(ctx, input.datastoreId, input.imageSetId);
  const rows = statement<[string], VersionRow>(
    ctx.db,
    'SELECT * FROM image_set_versions WHERE image_set_id = ? ORDER BY version_id DESC',
  ).all(set.id);
  const page = pageOf(rows, input.maxResults, input.nextToken, 50);
  return {
    imageSetPropertiesList: page.items.map((v): ImageSetProperties => {
      const backlog = v.version_id === set.version ? transcodingStatus(ctx, set.id) : undefined;
      return {
        imageSetId: set.id,
        versionId: String(v.version_id),
        imageSetState: set.state,
        ImageSetWorkflowStatus: backlog?.workflowStatus ?? v.workflow_status,
        createdAt: new Date(set.created_at),
        updatedAt: new Date(v.version_id === set.version ? Math.max(set.updated_at, v.created_at) : v.created_at),
        message: backlog?.message ?? v.message ?? undefined,
        overrides: v.forced ? { forced: true } : undefined,
        isPrimary: set.is_primary === 1,
      };
    }),
    nextToken: page.nextToken,
  };
}
