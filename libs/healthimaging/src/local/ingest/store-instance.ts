import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DatastoreId } from '@triage/dicom';
import type { IngestBatchId, StoreOutcome } from '../../dicom-store';
import { requireDatastore } from '../control/datastores';
import type { LocalContext } from '../local-context';
import { writeFileAtomic } from '@triage/platform';
import type { IngestCommitter } from './ingest-committer';
import { identifyInstance, prepareInstance } from './prepare-instance';
import { statement } from '../storage/statements';

/**
 * Stores one instance: the same bytes for a stored SOP Instance UID return 'unchanged' before any
 * decoding; otherwise frames are decoded and checked, written as received (temp, fsync, rename;
 * their folders fsynced by the group commit), and only then the instance becomes visible, with its
 * frames queued for transcoding, in one index transaction. A refusal writes nothing.
 */
export async function storeInstance(
  ctx: LocalContext,
  committer: IngestCommitter,
  datastoreId: DatastoreId,
  bytes: Uint8Array,
  source: string,
  batch?: IngestBatchId,
  queued: (frameIds: string[]) => unknown = () => undefined,
): Promise<StoreOutcome> {
  const ds = requireDatastore(ctx, datastoreId).id;
  const identity = identifyInstance(bytes, source);
  const stored = statement<[string, string], { image_set_id: string; digest: string; frame_ids: string }>(
    ctx.db,
    'SELECT image_set_id, digest, frame_ids FROM instances WHERE datastore_id = ? AND sop_uid = ? AND version_removed IS NULL',
  ).get(ds, identity.sopUid);
  if (stored && stored.digest === identity.digest) {
    return {
      datastoreId: ds,
      imageSetId: stored.image_set_id,
      studyInstanceUid: identity.studyUid,
      seriesInstanceUid: identity.seriesUid,
      sopInstanceUid: identity.sopUid,
      sopClassUid: identity.sopClassUid,
      frames: (JSON.parse(stored.frame_ids) as string[]).length,
      status: 'unchanged',
    };
  }
  const prepared = await prepareInstance(identity, ctx.codec);
  const files = prepared.frames.map((f) => ctx.layout.frameFile(ds, f.id, f.form));
  let outcome: StoreOutcome;
  try {
    await Promise.all(prepared.frames.map((f, i) => writeFileAtomic(files[i], f.bytes, { tmpDir: ctx.layout.tmpDir, syncDir: false })));
    outcome = await committer.commit(
      { datastoreId: ds, prepared, batch },
      files.map((f) => path.dirname(f)),
    );
  } catch (error) {
    removeQuietly(files);
    throw error;
  }
  if (outcome.status === 'unchanged') removeQuietly(files);
  else await queued(prepared.frames.filter((f) => f.original).map((f) => f.id));
  return outcome;
}

function removeQuietly(files: string[]): void {
  for (const file of files) fs.rmSync(file, { force: true });
}
