import type { GetImageFrameCommandInput, GetImageSetMetadataCommandInput } from '@aws-sdk/client-medical-imaging';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { DatastoreId, ImageFrameId, ImageSetId } from '@triage/dicom';
import type { GetImageFrameResult, GetImageSetMetadataResult } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import { checkResourceId } from '../../resource-ids';
import type { LocalContext } from '../local-context';
import type { FrameForm } from '../storage/data-layout';
import { gzipDocument, materializeVersion } from '../metadata/materialize-version';
import { writeFileAtomic } from '@triage/platform';
import { requireImageSet, requireVersion } from './image-set-rows';
import { statement } from '../storage/statements';
import { hasPendingFrames } from '../transcode/transcode-queue';

/** GetImageSetMetadata: the version's gzipped document, cached as a file once materialised. */
export async function getImageSetMetadata(ctx: LocalContext, input: GetImageSetMetadataCommandInput): Promise<GetImageSetMetadataResult> {
  const set = requireImageSet(ctx, input.datastoreId, input.imageSetId);
  const version = requireVersion(ctx, set, input.versionId);
  return {
    imageSetMetadataBlob: await versionDocument(ctx, set.datastore_id, set.id, version.version_id),
    contentType: 'application/json',
    contentEncoding: 'gzip',
  };
}

/**
 * A committed version's gzipped document as a stream: from its cache file, or materialised and
 * cached once none of the image set's frames awaits transcoding. A version changes only when its
 * ingest batch extends it, which deletes its cache file; caches of older versions are dropped when
 * a newer one is written (they can be materialised again).
 */
export async function versionDocument(
  ctx: LocalContext,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
  versionId: number,
): Promise<Readable> {
  const file = ctx.layout.versionCacheFile(datastoreId, imageSetId, versionId);
  const updatedAt = () =>
    statement<[string], { updated_at: number }>(ctx.db, 'SELECT updated_at FROM image_sets WHERE id = ?').get(imageSetId)?.updated_at;
  try {
    // Open before streaming, so that a concurrent prune cannot pull the file away mid-request.
    const handle = await fs.promises.open(file, 'r');
    return handle.createReadStream();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const before = updatedAt();
  const gz = gzipDocument(materializeVersion(ctx.db, ctx.layout, datastoreId, imageSetId, versionId));
  // While frames are pending the document lacks their FrameSizeInBytes: cached only once it is final.
  if (hasPendingFrames(ctx.db, imageSetId)) return Readable.from([gz]);
  await writeFileAtomic(file, gz, { tmpDir: ctx.layout.tmpDir, syncDir: false });
  // A commit that extended this version while the document was written made it stale.
  if (updatedAt() !== before) fs.rmSync(file, { force: true });
  else pruneOlderCaches(path.dirname(file), versionId);
  return Readable.from([gz]);
}

function pruneOlderCaches(dir: string, versionId: number): void {
  for (const name of fs.readdirSync(dir)) {
    const match = /^v(\d+)\.json\.gz$/.exec(name);
    if (match && Number(match[1]) < versionId) fs.rmSync(path.join(dir, name), { force: true });
  }
}

/**
 * GetImageFrame: the frame file as a stream: an HTJ2K codestream (image/jph), or native pixels
 * (application/octet-stream). A frame still awaiting transcoding is transcoded now, ahead of the
 * backlog, so this API's answers never change form.
 */
export async function getImageFrame(ctx: LocalContext, input: GetImageFrameCommandInput): Promise<GetImageFrameResult> {
  const datastoreId = checkResourceId<DatastoreId>('datastoreId', input.datastoreId);
  const imageSetId = checkResourceId<ImageSetId>('imageSetId', input.imageSetId);
  const frameId = checkResourceId<ImageFrameId>('imageFrameId', input.imageFrameInformation?.imageFrameId);
  const lookup = statement<[string], { datastore_id: string; image_set_id: string; form: FrameForm }>(
    ctx.db,
    'SELECT datastore_id, image_set_id, form FROM frames WHERE id = ?',
  );
  let row = lookup.get(frameId);
  if (!row || row.datastore_id !== datastoreId || row.image_set_id !== imageSetId) {
    requireImageSet(ctx, datastoreId, imageSetId);
    throw new HealthImagingError('ResourceNotFoundException', `image frame ${frameId} does not exist in image set ${imageSetId}`);
  }
  if (row.form === 'original') {
    try {
      await ctx.transcodeNow([frameId]);
    } catch (error) {
      throw new HealthImagingError('InternalServerException', `image frame ${frameId} could not be transcoded`, { cause: error });
    }
    row = lookup.get(frameId);
    if (!row || row.form === 'original') {
      throw new HealthImagingError('InternalServerException', `image frame ${frameId} could not be transcoded`);
    }
  }
  const stream = fs.createReadStream(ctx.layout.frameFile(datastoreId, frameId, row.form));
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) =>
      reject(
        new HealthImagingError('InternalServerException', `image frame ${frameId} is indexed but its file cannot be read`, {
          cause: error,
        }),
      ),
    );
  });
  return { imageFrameBlob: stream, contentType: row.form === 'native' ? 'application/octet-stream' : 'image/jph' };
}
