import { readImageSetMetadata, type HealthImaging } from '@triage/healthimaging';
import { imageInstances, instancePart10 } from '@triage/pipeline';
import type { ImageSource } from '../ports/image-source';

/**
 * The image set's first image (document order) of a modality the model reads, rebuilt as a Part 10 file in the
 * transfer syntax the store kept by libs/pipeline's dataset export itself: the pixels the model scores are the
 * pixels it was trained on.
 */
export function healthImagingImageSource(store: HealthImaging): ImageSource {
  return {
    async firstImagePart10(datastoreId, imageSetId, modalities) {
      const doc = await readImageSetMetadata(store, { datastoreId, imageSetId });
      const first = imageInstances(doc).find(
        (i) => !modalities || modalities.includes(String(doc.Study.Series[i.seriesInstanceUid]?.DICOM['Modality'] ?? '')),
      );
      if (!first) return undefined;
      return (await instancePart10(store, datastoreId, doc, first)).bytes;
    },
  };
}
