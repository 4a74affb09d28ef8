import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { DatastoreId, ImageFrameId, ImageSetId } from '@triage/dicom';
import type { StoredFrameBytes } from '../../dicom-store';
import { HealthImagingError } from '../../health-imaging-error';
import { NATIVE_TRANSFER_SYNTAX, STORED_TRANSFER_SYNTAX } from '../ingest/prepare-instance';
import type { LocalContext } from '../local-context';
import type { FrameForm } from '../storage/data-layout';
import { statement } from '../storage/statements';

interface FrameRow {
  size: number;
  crc32: number;
  form: FrameForm;
  original_ts: string | null;
}

/**
 * A frame's file read whole and checked against the size and CRC-32 its index row recorded: the
 * stored form, or the original while the frame awaits transcoding.
 */
export async function readFrame(
  ctx: LocalContext,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
  frameId: ImageFrameId,
): Promise<StoredFrameBytes> {
  const lookup = statement<[string, string, string], FrameRow>(
    ctx.db,
    'SELECT size, crc32, form, original_ts FROM frames WHERE id = ? AND datastore_id = ? AND image_set_id = ?',
  );
  let row = lookup.get(frameId, datastoreId, imageSetId);
  if (!row) throw new HealthImagingError('ResourceNotFoundException', `image frame ${frameId} does not exist in image set ${imageSetId}`);
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(ctx.layout.frameFile(datastoreId, frameId, row.form));
  } catch (error) {
    // The original goes once the frame is transcoded: between the row read and the open, the row flipped.
    const again =
      (error as NodeJS.ErrnoException).code === 'ENOENT' && row.form === 'original'
        ? lookup.get(frameId, datastoreId, imageSetId)
        : undefined;
    if (!again || again.form === 'original') throw unreadable(frameId, error);
    row = again;
    bytes = await fs.promises.readFile(ctx.layout.frameFile(datastoreId, frameId, row.form)).catch((e: unknown) => {
      throw unreadable(frameId, e);
    });
  }
  if (bytes.length !== row.size || zlib.crc32(bytes) !== row.crc32) {
    throw new HealthImagingError(
      'InternalServerException',
      `image frame ${frameId} is damaged: ${bytes.length} bytes stored where ${row.size} were written` +
        (bytes.length === row.size ? ', and their CRC-32 differs' : ''),
    );
  }
  return { bytes, transferSyntaxUid: syntaxOf(row) };
}

function syntaxOf(row: FrameRow): string {
  if (row.form === 'original') return row.original_ts ?? NATIVE_TRANSFER_SYNTAX;
  return row.form === 'native' ? NATIVE_TRANSFER_SYNTAX : STORED_TRANSFER_SYNTAX;
}

function unreadable(frameId: ImageFrameId, cause: unknown): HealthImagingError {
  return new HealthImagingError('InternalServerException', `image frame ${frameId} is indexed but its file cannot be read`, { cause });
}
