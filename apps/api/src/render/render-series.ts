import { decodeHtj2kSubResolution } from '@triage/codec';
import type { DicomJsonDataset, ImageSetId } from '@triage/dicom';
import { jsonNumber, jsonString } from '@triage/dicom';
import type { ApiMetrics } from '../app/api-context';
import { frameInfoOf, type FrameReader } from '../wado/frame-reader';
import type { InstanceView } from '../wado/image-set-documents';
import { isHtj2k } from '@triage/dicomweb';
import { encodePng } from '@triage/codec';
import { fitImage, windowImage, type Presentation, type RawImage } from './window-image';

/** The instances with pixels, the middle one by InstanceNumber first, then outwards: who shows the series when the middle one cannot. */
export function instancesFromMiddle<T extends InstanceView>(instances: T[]): T[] {
  const withPixels = instances.filter((v) => v.stored.ImageFrames.length > 0);
  withPixels.sort(
    (a, b) =>
      (jsonNumber(a.dataset, '00200013') ?? 0) - (jsonNumber(b.dataset, '00200013') ?? 0) || (a.sopInstanceUid < b.sopInstanceUid ? -1 : 1),
  );
  const middle = Math.floor((withPixels.length - 1) / 2);
  const out: T[] = [];
  for (let step = 0; out.length < withPixels.length; step++) {
    if (middle + step < withPixels.length) out.push(withPixels[middle + step]);
    if (step > 0 && middle - step >= 0) out.push(withPixels[middle - step]);
  }
  return out;
}

/**
 * Renders the first frame of an instance as a PNG fitting `width`×`height`: windowed by its
 * WindowCenter/Width (else its min..max; 32-bit frames stored native too), decoded at the
 * smallest HTJ2K resolution that still covers the box, so a thumbnail reads a fraction of the
 * codestream's work; 1-bit frames as 0/255.
 */
export async function renderInstancePng(
  imageSetId: ImageSetId,
  view: InstanceView,
  width: number,
  height: number,
  frames: FrameReader,
  metrics: ApiMetrics,
): Promise<Buffer> {
  const info = frameInfoOf(view.dataset);
  const frame = view.stored.ImageFrames[0];
  const storedTs = view.stored.StoredTransferSyntaxUID;
  let raw: RawImage;
  if (isHtj2k(storedTs) && info.bitsAllocated <= 16) {
    const bytes = await frames.stored(imageSetId, frame);
    const stop = metrics.codecSeconds.startTimer({ op: 'thumbnail' });
    try {
      const scale = Math.min(width / info.columns, height / info.rows);
      raw = subResolution(
        bytes,
        reductionLevel(info.columns, info.rows, Math.round(info.columns * scale), Math.round(info.rows * scale)),
        info.bitsStored,
      );
    } finally {
      stop();
    }
  } else {
    const decoded = await frames.decoded(imageSetId, frame, storedTs, info);
    raw = {
      width: decoded.columns,
      height: decoded.rows,
      components: decoded.samplesPerPixel,
      bytesPerSample: Math.max(1, Math.ceil(decoded.bitsAllocated / 8)),
      signed: decoded.pixelRepresentation === 1,
      bitsStored: decoded.bitsStored,
      pixels: decoded.pixels,
    };
  }
  // 1-bit pixels (segmentations) are 0 or 1: shown black and white whatever the data set's window says.
  const presentation =
    info.bitsAllocated === 1
      ? { ...presentationOf(view.dataset), rescaleSlope: 1, rescaleIntercept: 0, window: { center: 0.5, width: 1 } }
      : presentationOf(view.dataset);
  const image = windowImage(raw, presentation);
  return encodePng(fitImage(image, width, height, info.columns, info.rows));
}

/** The coarsest wavelet level whose image is still at least `width`×`height` (each level halves both sides). */
function reductionLevel(columns: number, rows: number, width: number, height: number): number {
  let level = 0;
  while (Math.ceil(columns / 2 ** (level + 1)) >= width && Math.ceil(rows / 2 ** (level + 1)) >= height && level < 32) level++;
  return level;
}

function subResolution(bytes: Uint8Array, level: number, bitsStored: number): RawImage {
  // The codestream may have fewer decomposition levels than the box would allow: step down.
  for (let l = level; ; l--) {
    try {
      const image = decodeHtj2kSubResolution(bytes, l);
      return {
        width: image.width,
        height: image.height,
        components: image.components,
        bytesPerSample: image.bitsPerSample > 8 ? 2 : 1,
        signed: image.signed,
        bitsStored: Math.min(bitsStored, image.bitsPerSample),
        pixels: image.pixels,
      };
    } catch (error) {
      if (l === 0) throw error;
    }
  }
}

function presentationOf(dataset: DicomJsonDataset): Presentation {
  const center = firstNumber(dataset, '00281050');
  const width = firstNumber(dataset, '00281051');
  return {
    rescaleSlope: firstNumber(dataset, '00281053') ?? 1,
    rescaleIntercept: firstNumber(dataset, '00281052') ?? 0,
    window: center !== undefined && width !== undefined && width > 0 ? { center, width } : undefined,
    invert: jsonString(dataset, '00280004')?.trim() === 'MONOCHROME1',
  };
}

function firstNumber(dataset: DicomJsonDataset, tag: string): number | undefined {
  const value = dataset[tag]?.Value?.[0];
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
