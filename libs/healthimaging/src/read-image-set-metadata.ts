import { pipeline } from 'node:stream';
import { json } from 'node:stream/consumers';
import { createGunzip } from 'node:zlib';
import type { GetImageSetMetadataCommandInput } from '@aws-sdk/client-medical-imaging';
import type { ImageSetMetadata } from '@triage/dicom';
import type { HealthImaging } from './health-imaging';
import { HealthImagingError } from './health-imaging-error';

/** GetImageSetMetadata, gunzipped and parsed: the image set's metadata document (either implementation). */
export async function readImageSetMetadata(hi: HealthImaging, input: GetImageSetMetadataCommandInput): Promise<ImageSetMetadata> {
  const output = await hi.getImageSetMetadata(input);
  const gzipped = output.contentEncoding === undefined || /gzip/i.test(output.contentEncoding);
  // pipeline destroys both streams on failure, so a corrupt document does not hold its connection open.
  const body = gzipped ? pipeline(output.imageSetMetadataBlob, createGunzip(), () => undefined) : output.imageSetMetadataBlob;
  try {
    return (await json(body)) as ImageSetMetadata;
  } catch (error) {
    throw new HealthImagingError(
      'InternalServerException',
      `the metadata document of image set ${input.imageSetId} could not be read: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
