import type { DeleteImageSetCommandInput, DeleteImageSetCommandOutput } from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import type { Out } from '../../health-imaging';
import type { LocalContext } from '../local-context';
import type { FrameForm } from '../storage/data-layout';
import { requireImageSet } from './image-set-rows';
import { statement } from '../storage/statements';
import { appendImageSetEvents } from '../events/image-set-events';

/**
 * DeleteImageSet: one transaction removes the image set from the index, then its frame files
 * and documents go. A crash between the two leaves only unreferenced files behind.
 */
export async function deleteImageSet(ctx: LocalContext, input: DeleteImageSetCommandInput): Promise<Out<DeleteImageSetCommandOutput>> {
  const set = requireImageSet(ctx, input.datastoreId, input.imageSetId);
  const frameRows = ctx.db
    .transaction(() => {
      appendImageSetEvents(ctx.db, ctx.outbox, [{ imageSetId: set.id, versionId: set.version, change: 'deleted' }]);
      const rows = statement<[string], { id: string; form: FrameForm }>(ctx.db, 'SELECT id, form FROM frames WHERE image_set_id = ?').all(
        set.id,
      );
      for (const table of ['frames', 'transcode_queue', 'instances', 'series', 'image_set_versions'])
        statement(ctx.db, `DELETE FROM ${table} WHERE image_set_id = ?`).run(set.id);
      statement(ctx.db, 'DELETE FROM image_sets WHERE id = ?').run(set.id);
      return rows;
    })
    .immediate();
  for (const { id, form } of frameRows) {
    fs.rmSync(ctx.layout.frameFile(set.datastore_id, id, form), { force: true });
    // A kept original, or one a transcoder in progress has not yet deleted.
    if (form !== 'original') fs.rmSync(ctx.layout.frameFile(set.datastore_id, id, 'original'), { force: true });
  }
  fs.rmSync(ctx.layout.imageSetDir(set.datastore_id, set.id), { recursive: true, force: true });
  ctx.notify({ datastoreId: set.datastore_id, imageSetId: set.id, versionId: String(set.version), change: 'deleted' });
  return { datastoreId: set.datastore_id, imageSetId: set.id, imageSetState: 'DELETED', imageSetWorkflowStatus: 'DELETED' };
}
