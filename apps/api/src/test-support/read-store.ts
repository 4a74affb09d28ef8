import { buffer, json } from 'node:stream/consumers';
import { createGunzip } from 'node:zlib';
import type { ImageSetMetadata } from '@triage/dicom';
import type { HealthImaging } from '@triage/healthimaging';

/** One frame's HTJ2K codestream, through the port's GetImageFrame. */
export async function frameBytes(store: HealthImaging, datastoreId: string, imageSetId: string, imageFrameId: string): Promise<Buffer> {
  const output = await store.getImageFrame({ datastoreId, imageSetId, imageFrameInformation: { imageFrameId } });
  return buffer(output.imageFrameBlob);
}

/** An image set's metadata document, through the port's GetImageSetMetadata (gunzipped). */
export async function metadataDocument(store: HealthImaging, datastoreId: string, imageSetId: string): Promise<ImageSetMetadata> {
  const output = await store.getImageSetMetadata({ datastoreId, imageSetId });
  const gzipped = output.contentEncoding === undefined || /gzip/i.test(output.contentEncoding);
  return (await json(gzipped ? output.imageSetMetadataBlob.pipe(createGunzip()) : output.imageSetMetadataBlob)) as ImageSetMetadata;
}
