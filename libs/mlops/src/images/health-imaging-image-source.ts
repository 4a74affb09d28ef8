import { denormalizeDataset, transferSyntaxTraits, writePart10, type DicomJsonDataset, type ImageSetMetadata } from '@triage/dicom';
import { readImageFrame, readImageSetMetadata, type HealthImaging } from '@triage/healthimaging';
import type { ImageSource } from '../ports/image-source';

const PIXEL_TAGS = ['7FE00010', '7FE00008', '7FE00009', '00083002'];

/**
 * The image set's first image (document order) rebuilt as a Part 10 file in the transfer syntax the store kept, as
 * libs/pipeline's dataset export does for training: the pixels the model scores are the pixels it was trained on.
 */
export function healthImagingImageSource(store: HealthImaging): ImageSource {
  return {
    async firstImagePart10(datastoreId, imageSetId, modalities) {
      const doc = await readImageSetMetadata(store, { datastoreId, imageSetId });
      const first = firstImage(doc, modalities);
      if (!first) return undefined;
      const dataset: DicomJsonDataset = {
        ...denormalizeDataset({ ...doc.Patient.DICOM, ...doc.Study.DICOM, ...doc.Study.Series[first.series]?.DICOM }),
        ...denormalizeDataset(first.stored.DICOM, first.stored.DICOMVRs),
      };
      for (const tag of PIXEL_TAGS) delete dataset[tag];
      const frames: Uint8Array[] = [];
      for (const frame of first.stored.ImageFrames) {
        const bytes = await readImageFrame(store, { datastoreId, imageSetId, imageFrameInformation: { imageFrameId: frame.ID } });
        if (typeof frame.FrameSizeInBytes === 'number' && bytes.length !== frame.FrameSizeInBytes)
          throw new Error(`image frame ${frame.ID} is damaged: ${bytes.length} bytes stored where ${frame.FrameSizeInBytes} were written`);
        frames.push(bytes);
      }
      const source = `image set ${imageSetId} instance ${first.sop}`;
      const transferSyntaxUid = first.stored.StoredTransferSyntaxUID;
      const encapsulated = transferSyntaxTraits(transferSyntaxUid)?.encapsulated ?? true;
      return writePart10(dataset, { source, transferSyntaxUid, pixelData: encapsulated ? frames : Buffer.concat(frames) });
    },
  };
}

function firstImage(doc: ImageSetMetadata, modalities: readonly string[] | undefined) {
  for (const [series, entry] of Object.entries(doc.Study.Series)) {
    if (modalities && !modalities.includes(String(entry.DICOM['Modality'] ?? ''))) continue;
    for (const [sop, stored] of Object.entries(entry.Instances))
      if (Array.isArray(stored.ImageFrames) && stored.ImageFrames.length > 0) return { series, sop, stored };
  }
  return undefined;
}
