import { readPart10, toDicomJson } from '@triage/dicom';
import type { ModelArtifactMetadata } from '@triage/model';
import { decodeRadiograph, type DisplayImage } from '../pixels/decode-radiograph';
import { resizeToSquare } from '../pixels/resize-image';

/**
 * Part 10 bytes -> the model input exactly as Preprocess made it for training: the first frame
 * decoded, the Modality LUT, the window `metadata.preprocessing.window` chooses, MONOCHROME1
 * inverted, area resize to `metadata.inputShape`, values in [0,1] (z-scored when the metadata says
 * so), the grey repeated into every channel. H x W x C values, channels last.
 */
export function modelInput(part10: Uint8Array, metadata: ModelArtifactMetadata): Float32Array {
  return toModelInput(readDisplayImage(part10, metadata), metadata);
}

/** The decode half of {@link modelInput}: the file's first frame as display values in [0,1] at full size. */
export function readDisplayImage(
  part10: Uint8Array,
  metadata: Pick<ModelArtifactMetadata, 'preprocessing'>,
  source?: string,
): DisplayImage {
  const file = readPart10(part10, source === undefined ? {} : { source });
  return decodeRadiograph(file, toDicomJson(file), metadata.preprocessing.window);
}

/** The resize half of {@link modelInput}: a display image as the model's input. */
export function toModelInput(
  image: Pick<DisplayImage, 'values' | 'rows' | 'columns'>,
  metadata: Pick<ModelArtifactMetadata, 'inputShape' | 'preprocessing'>,
): Float32Array {
  const [h, w, c] = metadata.inputShape;
  const { resize, normalise, mean, std } = metadata.preprocessing;
  if (h !== w) throw new RangeError(`input shape ${metadata.inputShape.join('x')} is not square: preprocess makes square inputs`);
  // Preprocess only ever area-averages (resizeToSquare); a model claiming otherwise was not trained on what it says.
  if (resize !== 'area') throw new RangeError(`resize ${resize} is not what preprocess makes (area)`);
  const grey = resizeToSquare(image.values, image.rows, image.columns, h);
  if (normalise === 'zscore') {
    if (mean === undefined || std === undefined || !(std > 0))
      throw new RangeError(`zscore normalisation needs the training mean and a positive std (mean ${mean}, std ${std})`);
    for (let i = 0; i < grey.length; i++) grey[i] = (grey[i] - mean) / std;
  }
  if (c === 1) return grey;
  const out = new Float32Array(h * w * c);
  for (let i = 0; i < grey.length; i++) for (let k = 0; k < c; k++) out[i * c + k] = grey[i];
  return out;
}
