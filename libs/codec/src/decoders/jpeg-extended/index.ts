// Sequential DCT (Huffman) JPEG decoder, 8- and 12-bit, bit-exact with dcmtk's dcmdjpeg (IJG libjpeg 6b, islow IDCT).
export { decodeJpegExtended } from './decode';
export type { JpegExtendedImage, JpegExtendedOptions } from './decode';
export { libjpegGuessesYCbCr, ycbcrToRgb } from './color';
export type { ColorSpaceHints } from './color';
export { JpegError } from './jpeg-error';
