import type { Opacity } from './chest/opacities';
import type { Uid } from '@triage/dicom';

/** The finding a chest radiograph was generated with. */
export type ChestLabel = 'normal' | 'pneumonia';

/** One frame of pixels as stored, with what is needed to display it. */
export interface Frame {
  rows: number;
  columns: number;
  /** Stored values: unsigned for chest radiographs, signed for CT. */
  pixels: Uint16Array | Int16Array;
  rescaleSlope: number;
  rescaleIntercept: number;
  /** The file's first window, in rescaled units. */
  window: { center: number; width: number };
}

/** Ground truth of a chest radiograph. */
export interface ChestTruth {
  kind: 'chest';
  label: ChestLabel;
  /** Empty for normal images. */
  opacities: Opacity[];
  view: 'PA' | 'AP';
  /** Pixel (column, row) of a point well inside each lung and of the heart's centre: for checks and crops. */
  landmarks: { rightLung: [number, number]; leftLung: [number, number]; heart: [number, number] };
  /** The seed path the anatomy was drawn from: the same case index gives the same patient whatever the label. */
  anatomySeed: string;
}

/** Ground truth of a CT series: what the phantom contains. */
export interface CtTruth {
  kind: 'ct';
  sliceThickness: number;
  /** z (mm, patient coordinates) of the carina, the lung apices and the right diaphragm dome. */
  landmarks: { carinaZ: number; apexZ: number; rightDomeZ: number };
}

/** One generated DICOM file, with its identifiers and ground truth. */
export interface GeneratedInstance {
  /** Safe file name: `chest-0003.dcm`, `ct-0042.dcm`. */
  fileName: string;
  /** The Part 10 file. */
  bytes: Uint8Array;
  sopInstanceUid: Uid;
  studyInstanceUid: Uid;
  seriesInstanceUid: Uid;
  /** Chest radiographs only. */
  label?: ChestLabel;
  truth: ChestTruth | CtTruth;
  frame: Frame;
}
