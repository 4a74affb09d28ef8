import type { DicomJsonDataset, ImageSetId } from '@triage/dicom';
import { TransferSyntax, transferSyntaxTraits, writePart10 } from '@triage/dicom';
import type { InstanceView } from './image-set-documents';
import { frameInfoOf, type FrameReader } from './frame-reader';
import { nativePixelData } from './native-pixel-data';
import type { PixelForm } from '@triage/dicomweb';

const PIXEL_TAGS = ['7FE00010', '7FE00008', '7FE00009', '00083002'];

/**
 * Rebuilds one instance as a DICOM Part 10 file from its metadata and stored frames: `stored`
 * keeps the frames' bitstreams (encapsulated in the stored transfer syntax; frames stored native
 * become the Pixel Data as they are), `native` decodes them to Explicit VR Little Endian. One
 * instance is in memory at a time.
 */
export async function instancePart10(
  imageSetId: ImageSetId,
  view: InstanceView,
  form: PixelForm,
  frames: FrameReader,
): Promise<Uint8Array> {
  const dataset: DicomJsonDataset = { ...view.dataset };
  for (const tag of PIXEL_TAGS) delete dataset[tag];
  const source = `instance ${view.sopInstanceUid}`;
  const frameList = view.stored.ImageFrames;
  if (frameList.length === 0) return writePart10(dataset, { source });
  const storedTs = view.stored.StoredTransferSyntaxUID;
  if (form === 'stored') {
    const bitstreams: Uint8Array[] = [];
    for (const frame of frameList) bitstreams.push(await frames.stored(imageSetId, frame));
    const encapsulated = transferSyntaxTraits(storedTs)?.encapsulated ?? true;
    return writePart10(dataset, {
      source,
      transferSyntaxUid: storedTs,
      pixelData: encapsulated ? bitstreams : nativePixelData(bitstreams, frameInfoOf(dataset)),
    });
  }
  const info = frameInfoOf(dataset);
  const pixels: Uint8Array[] = [];
  let photometric = info.photometricInterpretation;
  for (const frame of frameList) {
    const decoded = await frames.decoded(imageSetId, frame, storedTs, info);
    photometric = decoded.photometricInterpretation;
    pixels.push(decoded.pixels);
  }
  // Decoding may change the colour model (YBR → RGB) and always interleaves samples.
  dataset['00280004'] = { vr: 'CS', Value: [photometric] };
  if (info.samplesPerPixel > 1) dataset['00280006'] = { vr: 'US', Value: [0] };
  return writePart10(dataset, { source, transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian, pixelData: Buffer.concat(pixels) });
}
