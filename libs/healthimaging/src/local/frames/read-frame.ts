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
}

/** A frame's file read whole and checked against the size and CRC-32 its index row recorded. */
export async function readFrame(
  ctx: LocalContext,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
  frameId: ImageFrameId,
): Promise<StoredFrameBytes> {
  const row = statement<[string, string, string], FrameRow>(
    ctx.db,
    'SELECT size, crc32, form FROM frames WHERE id = ? AND datastore_id = ? AND image_set_id = ?',
  ).get(frameId, datastoreId, imageSetId);
  if (!row) throw new HealthImagingError('ResourceNotFoundException', `image frame ${frameId} does not exist in image set ${imageSetId}`);
  let bytes: Buffer;
  try {
    bytes = await fs.promises.readFile(ctx.layout.frameFile(datastoreId, frameId, row.form));
  } catch (error) {
    throw new HealthImagingError('InternalServerException', `image frame ${frameId} is indexed but its file cannot be read`, {
      cause: error,
    });
  }
  if (bytes.length !== row.size || zlib.crc32(bytes) !== row.crc32) {
    throw new HealthImagingError(
      'InternalServerException',
      `image frame ${frameId} is damaged: ${bytes.length} bytes stored where ${row.size} were written` +
        (bytes.length === row.size ? ', and their CRC-32 differs' : ''),
    );
  }
  return { bytes, transferSyntaxUid: row.form === 'native' ? NATIVE_TRANSFER_SYNTAX : STORED_TRANSFER_SYNTAX };
}
