import type { FrameInfo } from '../../frame/frame-types';

/**
 * The photometric interpretation of a JPEG 2000 / HTJ2K frame once decoded: the decoder undoes
 * the codestream's multiple component transform, so YBR_RCT / YBR_ICT (and any colour frame
 * coded with the transform) come out RGB; without it the components are what the header says.
 */
export function colourAfterJ2k(info: FrameInfo, multipleComponentTransform: boolean): string {
  if (info.samplesPerPixel !== 3) return info.photometricInterpretation;
  if (multipleComponentTransform) return 'RGB';
  const p = info.photometricInterpretation;
  return p === 'YBR_RCT' || p === 'YBR_ICT' ? 'RGB' : p;
}
