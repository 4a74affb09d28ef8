import { DicomError, formatTag } from '../errors/dicom-error';
import type { DicomFile } from '../parse/read-part10';

/** The Image Pixel module: everything needed to interpret one frame's bytes. */
export interface PixelInfo {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  /** 0 unsigned, 1 two's complement. */
  pixelRepresentation: number;
  photometricInterpretation: string;
  /** 0 interleaved (RGBRGB…), 1 planar (RR…GG…BB…). */
  planarConfiguration: number;
  numberOfFrames: number;
}

/** The pixel element tags this lib reads frames from, in order of preference. */
export const PIXEL_DATA_TAGS = ['x7fe00010', 'x7fe00008', 'x7fe00009'] as const;

/** True when the data set carries pixel data (integer, float or double). */
export function hasPixelData(file: DicomFile): boolean {
  return PIXEL_DATA_TAGS.some((tag) => file.dataSet.elements[tag] !== undefined);
}

/** Reads and checks the Image Pixel module; refuses values that would make frame extraction lie. */
export function readPixelInfo(file: DicomFile): PixelInfo {
  const ds = file.dataSet;
  const need = (tag: string, name: string): number => {
    const value = ds.uint16(tag);
    if (value === undefined) throw new DicomError(`${name} is missing`, file.source, formatTag(tag));
    return value;
  };
  const rows = need('x00280010', 'Rows');
  const columns = need('x00280011', 'Columns');
  const bitsAllocated = need('x00280100', 'BitsAllocated');
  const samplesPerPixel = ds.uint16('x00280002') ?? 1;
  const bitsStored = ds.uint16('x00280101') ?? bitsAllocated;
  const highBit = ds.uint16('x00280102') ?? bitsStored - 1;
  const pixelRepresentation = ds.uint16('x00280103') ?? 0;
  const photometricInterpretation = (ds.string('x00280004') ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2')).trim();
  const planarConfiguration = samplesPerPixel > 1 ? (ds.uint16('x00280006') ?? 0) : 0;
  const framesText = ds.string('x00280008');
  let numberOfFrames = 1;
  if (framesText !== undefined && framesText !== '') {
    if (!/^\s*\+?\d+\s*$/.test(framesText)) {
      throw new DicomError(`NumberOfFrames is '${framesText}', not an integer string (IS)`, file.source, '(0028,0008)');
    }
    numberOfFrames = parseInt(framesText, 10);
  }
  if (rows === 0 || columns === 0) throw new DicomError(`image is ${rows}×${columns}`, file.source, '(0028,0010)');
  if (![1, 8, 16, 32, 64].includes(bitsAllocated)) {
    throw new DicomError(`BitsAllocated ${bitsAllocated} is not 1, 8, 16, 32 or 64`, file.source, '(0028,0100)');
  }
  if (bitsStored < 1 || bitsStored > bitsAllocated) {
    throw new DicomError(`BitsStored ${bitsStored} does not fit BitsAllocated ${bitsAllocated}`, file.source, '(0028,0101)');
  }
  if (![1, 3, 4].includes(samplesPerPixel)) {
    throw new DicomError(`SamplesPerPixel ${samplesPerPixel} is not 1, 3 or 4`, file.source, '(0028,0002)');
  }
  if (numberOfFrames < 1) throw new DicomError(`NumberOfFrames is ${numberOfFrames}`, file.source, '(0028,0008)');
  return {
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit,
    pixelRepresentation,
    photometricInterpretation,
    planarConfiguration,
    numberOfFrames,
  };
}

/** Bytes of one native frame; 1-bit frames round up to whole bytes. */
export function nativeFrameLength(info: PixelInfo): number {
  // YBR_FULL_422 native data is subsampled: two luminance samples share one Cb and one Cr.
  if (info.photometricInterpretation === 'YBR_FULL_422' && info.samplesPerPixel === 3) {
    return info.rows * info.columns * 2 * (info.bitsAllocated / 8);
  }
  return Math.ceil((info.rows * info.columns * info.samplesPerPixel * info.bitsAllocated) / 8);
}
