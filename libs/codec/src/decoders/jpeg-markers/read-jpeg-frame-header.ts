import { CodecError } from '../../errors/codec-error';

/** The start-of-frame header of a JPEG bitstream (ISO 10918-1 B.2.2). */
export interface JpegFrameHeader {
  /** The SOF marker's low nibble: 0 baseline, 1 extended, 2 progressive, 3 lossless, …. */
  process: number;
  precision: number;
  height: number;
  width: number;
  components: number;
}

/** Finds the SOF header by walking the marker segments before it; refuses a stream that is not JPEG. */
export function readJpegFrameHeader(codec: string, bytes: Uint8Array): JpegFrameHeader {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new CodecError(codec, 'not a JPEG bitstream: no SOI marker');
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) throw new CodecError(codec, `corrupt JPEG header: expected a marker at byte ${at}`);
    const marker = bytes[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3];
    if (length < 2) throw new CodecError(codec, `corrupt JPEG header: marker segment of length ${length} at byte ${at}`);
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 10 > bytes.length) break;
      return {
        process: marker & 0x0f,
        precision: bytes[at + 4],
        height: (bytes[at + 5] << 8) | bytes[at + 6],
        width: (bytes[at + 7] << 8) | bytes[at + 8],
        components: bytes[at + 9],
      };
    }
    if (marker === 0xda || marker === 0xd9) break;
    at += 2 + length;
  }
  throw new CodecError(codec, 'corrupt JPEG header: no start-of-frame marker before the scan');
}

/** True when the stream ends with EOI, allowing the zero padding that makes DICOM fragments even. */
export function endsWithEoi(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 2 && bytes[end - 1] === 0) end--;
  return end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}
