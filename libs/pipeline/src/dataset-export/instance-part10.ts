import {
  denormalizeDataset,
  transferSyntaxTraits,
  writePart10,
  type DicomJsonDataset,
  type ImageSetMetadata,
  type InstanceMetadata,
} from '@triage/dicom';
import { readImageFrame, type HealthImaging } from '@triage/healthimaging';

const PIXEL_TAGS = ['7FE00010', '7FE00008', '7FE00009', '00083002'];

/** One instance of an image set's metadata document, with its series. */
export interface InstanceInDocument {
  seriesInstanceUid: string;
  sopInstanceUid: string;
  stored: InstanceMetadata;
}

/** The instances of a document that hold pixel data (images), in document order. */
export function imageInstances(doc: ImageSetMetadata): InstanceInDocument[] {
  const out: InstanceInDocument[] = [];
  for (const [seriesInstanceUid, series] of Object.entries(doc.Study.Series))
    for (const [sopInstanceUid, stored] of Object.entries(series.Instances))
      if (Array.isArray(stored.ImageFrames) && stored.ImageFrames.length > 0) out.push({ seriesInstanceUid, sopInstanceUid, stored });
  return out;
}

/**
 * Rebuilds one stored instance as a Part 10 file in the transfer syntax the store kept (HTJ2K
 * bitstreams encapsulated as they are; native frames as the Pixel Data): the pixels are exported
 * bit-exact, never decoded and re-encoded. The attributes are the patient, study, series and
 * instance levels merged, as GetImageSetMetadata gives them.
 */
export async function instancePart10(
  store: HealthImaging,
  datastoreId: string,
  doc: ImageSetMetadata,
  instance: InstanceInDocument,
): Promise<{ bytes: Uint8Array; transferSyntaxUid: string }> {
  const series = doc.Study.Series[instance.seriesInstanceUid];
  const dataset: DicomJsonDataset = {
    ...denormalizeDataset({ ...doc.Patient.DICOM, ...doc.Study.DICOM, ...series?.DICOM }),
    ...denormalizeDataset(instance.stored.DICOM, instance.stored.DICOMVRs),
  };
  for (const tag of PIXEL_TAGS) delete dataset[tag];
  const source = `image set ${doc.ImageSetID} instance ${instance.sopInstanceUid}`;
  const transferSyntaxUid = instance.stored.StoredTransferSyntaxUID;
  const frames: Uint8Array[] = [];
  for (const frame of instance.stored.ImageFrames) {
    const bytes = await readImageFrame(store, {
      datastoreId,
      imageSetId: doc.ImageSetID,
      imageFrameInformation: { imageFrameId: frame.ID },
    });
    if (typeof frame.FrameSizeInBytes === 'number' && bytes.length !== frame.FrameSizeInBytes)
      throw new Error(`image frame ${frame.ID} is damaged: ${bytes.length} bytes stored where ${frame.FrameSizeInBytes} were written`);
    frames.push(bytes);
  }
  const encapsulated = transferSyntaxTraits(transferSyntaxUid)?.encapsulated ?? true;
  if (encapsulated) return { bytes: writePart10(dataset, { source, transferSyntaxUid, pixelData: frames }), transferSyntaxUid };
  // A native frame is one frame of Explicit VR Little Endian pixel data; 1-bit frames each start on a
  // byte boundary, which joined frames would not, so those (never a radiograph) are refused.
  if (frames.length > 1 && Number(dataset['00280100']?.Value?.[0]) === 1)
    throw new Error(`${source}: a multi-frame 1-bit image cannot be exported as stored`);
  return { bytes: writePart10(dataset, { source, transferSyntaxUid, pixelData: Buffer.concat(frames) }), transferSyntaxUid };
}
