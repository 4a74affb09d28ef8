import type { ImageSetMetadata } from '@triage/dicom';
import type { HealthImaging } from '@triage/healthimaging';
import { readImageFrame, readImageSetMetadata } from '@triage/healthimaging';

/** One frame's stored bytes, through the port's GetImageFrame. */
export async function frameBytes(store: HealthImaging, datastoreId: string, imageSetId: string, imageFrameId: string): Promise<Buffer> {
  const bytes = await readImageFrame(store, { datastoreId, imageSetId, imageFrameInformation: { imageFrameId } });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** An image set's metadata document, through the port's GetImageSetMetadata (gunzipped). */
export function metadataDocument(store: HealthImaging, datastoreId: string, imageSetId: string): Promise<ImageSetMetadata> {
  return readImageSetMetadata(store, { datastoreId, imageSetId });
}
