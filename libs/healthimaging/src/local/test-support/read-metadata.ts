import * as zlib from 'node:zlib';
import type { ImageSetMetadata } from '@triage/dicom';
import type { LocalHealthImaging } from '../local-health-imaging';
import { readAll } from './temp-store';

/** GetImageSetMetadata, gunzipped and parsed. */
export async function readMetadata(
  store: LocalHealthImaging,
  datastoreId: string,
  imageSetId: string,
  versionId?: string,
): Promise<ImageSetMetadata> {
  const out = await store.getImageSetMetadata({ datastoreId, imageSetId, versionId });
  return JSON.parse(zlib.gunzipSync(await readAll(out.imageSetMetadataBlob)).toString()) as ImageSetMetadata;
}
