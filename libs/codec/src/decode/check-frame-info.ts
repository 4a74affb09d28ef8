import { CodecError } from '../errors/codec-error';
import type { FrameInfo } from '../frame/frame-types';

/** Refuses frame info no decoder could honour, before any bitstream is touched. */
export function checkFrameInfo(info: FrameInfo): void {
  const bad = (why: string): never => {
    throw new CodecError('decodeFrame', why);
  };
  if (!Number.isInteger(info.rows) || !Number.isInteger(info.columns) || info.rows < 1 || info.columns < 1)
    bad(`image is ${info.columns}×${info.rows}`);
  if (![1, 3, 4].includes(info.samplesPerPixel)) bad(`SamplesPerPixel ${info.samplesPerPixel} is not 1, 3 or 4`);
  if (![1, 8, 16, 32].includes(info.bitsAllocated)) bad(`BitsAllocated ${info.bitsAllocated} is not 1, 8, 16 or 32`);
  if (info.bitsStored < 1 || info.bitsStored > info.bitsAllocated)
    bad(`BitsStored ${info.bitsStored} does not fit BitsAllocated ${info.bitsAllocated}`);
  if (info.pixelRepresentation !== 0 && info.pixelRepresentation !== 1)
    bad(`PixelRepresentation ${info.pixelRepresentation} is not 0 or 1`);
}
