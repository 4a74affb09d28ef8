import { decodeFrame } from '@triage/codec';
import { getFrame, readPixelInfo, type DicomFile, type DicomJsonDataset } from '@triage/dicom';
import { displayParameters } from './display-parameters';
import { displayValues, materialise, type DisplayLookup, type WindowUsed } from './window-pixels';

/** A radiograph's first frame as display values in [0, 1] at full size, and the window that made them. */
export interface DisplayImage {
  /** The display values, as a lookup over the stored samples where the frame allows (resizeToSquare reads either). */
  values: Float32Array | DisplayLookup;
  rows: number;
  columns: number;
  window: WindowUsed;
}

/** Which window: the file's when it has one, else the automatic percentile one (`file`); or always the automatic one (`auto`). */
export type WindowChoice = 'file' | 'auto';

/**
 * The first frame of a parsed Part 10 file as display values: decoded whatever the transfer syntax
 * (native, HTJ2K, JPEG 2000, JPEG-LS, JPEG family, RLE), the Modality LUT and the window applied,
 * MONOCHROME1 inverted. `dataset` is where the display attributes are read (the file's own, or its
 * de-identified copy: de-identification keeps them).
 */
export function decodeRadiograph(file: DicomFile, dataset: DicomJsonDataset, choice: WindowChoice = 'file'): DisplayImage {
  const info = readPixelInfo(file);
  const { numberOfFrames: _frames, ...frameInfo } = info;
  const frame = decodeFrame(file.transferSyntaxUid, getFrame(file, 0, info).bytes, frameInfo);
  const display = displayParameters(dataset, frame.photometricInterpretation);
  if (choice === 'auto') delete display.window;
  const { values, window } = displayValues(frame, display);
  return { values, rows: frame.rows, columns: frame.columns, window };
}

/** A display image's values, one per pixel. */
export function displayPixels(image: DisplayImage): Float32Array {
  return materialise(image.values);
}
