import { JpegError } from './jpeg-error';
import type { FrameComponent, FrameHeader, HuffmanSpec, ScanHeader } from './types';

/** libjpeg's JPEG_MAX_DIMENSION: a tad under 64K so that padded sizes cannot overflow. */
export const MAX_DIMENSION = 65500;

/** Marker codes (the byte after 0xFF) this decoder cares about. */
export const Marker = {
  SOF0: 0xc0,
  SOF1: 0xc1,
  SOF2: 0xc2,
  SOF3: 0xc3,
  DHT: 0xc4,
  DAC: 0xcc,
  SOF15: 0xcf,
  RST0: 0xd0,
  RST7: 0xd7,
  SOI: 0xd8,
  EOI: 0xd9,
  SOS: 0xda,
  DQT: 0xdb,
  DNL: 0xdc,
  DRI: 0xdd,
  APP0: 0xe0,
  APP14: 0xee,
  APP15: 0xef,
  COM: 0xfe,
  TEM: 0x01,
} as const;

/** A marker found in the stream: its code and where the bytes after its two marker bytes start. */
export interface FoundMarker {
  code: number;
  /** Offset of the first byte after the marker (the segment length, for markers that have one). */
  next: number;
}

/** Formats a marker code as libjpeg and the spec print it. */
export function markerName(code: number): string {
  return `0xFF${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Finds the next marker at or after `pos`, skipping what libjpeg's next_marker skips: stray non-FF
 * bytes (often unused entropy bytes after a scan), FF fill bytes and stuffed FF00 pairs.
 * Returns undefined at the end of the data; the scan only moves forward, so it always ends.
 */
export function findMarker(bytes: Uint8Array, pos: number): FoundMarker | undefined {
  let p = pos;
  while (p < bytes.length) {
    if (bytes[p] !== 0xff) {
      p++;
      continue;
    }
    let q = p + 1;
    while (q < bytes.length && bytes[q] === 0xff) q++;
    if (q >= bytes.length) return undefined;
    if (bytes[q] !== 0) return { code: bytes[q], next: q + 1 };
    p = q + 1;
  }
  return undefined;
}

/** Payload bounds of a marker segment that starts with a 16-bit length (which counts itself). */
export function readSegment(bytes: Uint8Array, next: number, code: number): { start: number; end: number } {
  if (next + 2 > bytes.length) throw new JpegError(`marker ${markerName(code)} at offset ${next - 2} is cut off before its length`);
  const length = (bytes[next] << 8) | bytes[next + 1];
  if (length < 2) throw new JpegError(`marker ${markerName(code)} at offset ${next - 2} has an impossible length ${length}`);
  const end = next + length;
  if (end > bytes.length) {
    throw new JpegError(
      `marker ${markerName(code)} at offset ${next - 2} claims ${length} bytes but only ${bytes.length - next} remain (truncated)`,
    );
  }
  return { start: next + 2, end };
}

/** Parses DQT into `tables` (indexed by Tq); 8- and 16-bit entries, stored in zigzag order as sent. */
export function parseQuantizationTables(bytes: Uint8Array, start: number, end: number, tables: (Uint16Array | undefined)[]): void {
  let p = start;
  while (p < end) {
    const pq = bytes[p] >> 4;
    const tq = bytes[p] & 15;
    p++;
    if (pq > 1) throw new JpegError(`DQT table ${tq} has precision code ${pq}; only 0 (8-bit) and 1 (16-bit) exist`);
    if (tq > 3) throw new JpegError(`DQT names table ${tq}; only 0..3 exist`);
    const size = pq === 0 ? 64 : 128;
    if (p + size > end) throw new JpegError(`DQT table ${tq} is cut off: ${end - p} of ${size} bytes`);
    const table = new Uint16Array(64);
    for (let k = 0; k < 64; k++) table[k] = pq === 0 ? bytes[p + k] : (bytes[p + 2 * k] << 8) | bytes[p + 2 * k + 1];
    tables[tq] = table;
    p += size;
  }
}

/** Parses DHT into the DC and AC table slots (indexed by Th). */
export function parseHuffmanTables(
  bytes: Uint8Array,
  start: number,
  end: number,
  dcTables: (HuffmanSpec | undefined)[],
  acTables: (HuffmanSpec | undefined)[],
): void {
  let p = start;
  while (p < end) {
    if (p + 17 > end) throw new JpegError(`DHT segment is cut off inside a table header`);
    const tc = bytes[p] >> 4;
    const th = bytes[p] & 15;
    if (tc > 1) throw new JpegError(`DHT table class ${tc} is neither 0 (DC) nor 1 (AC)`);
    if (th > 3) throw new JpegError(`DHT names table ${th}; only 0..3 exist`);
    const counts = bytes.slice(p + 1, p + 17);
    let total = 0;
    for (let i = 0; i < 16; i++) total += counts[i];
    if (total > 256) throw new JpegError(`DHT table ${th} declares ${total} codes; at most 256 can exist`);
    p += 17;
    if (p + total > end) throw new JpegError(`DHT table ${th} is cut off: ${end - p} of ${total} symbols`);
    const spec: HuffmanSpec = { counts, symbols: bytes.slice(p, p + total) };
    (tc === 0 ? dcTables : acTables)[th] = spec;
    p += total;
  }
}

/** Parses DRI: the number of MCUs between restart markers (0 disables them). */
export function parseRestartInterval(bytes: Uint8Array, start: number, end: number): number {
  if (end - start !== 2) throw new JpegError(`DRI segment has ${end - start} payload bytes instead of 2`);
  return (bytes[start] << 8) | bytes[start + 1];
}

/** True for a JFIF APP0 segment (libjpeg's examine_app0 test: at least 14 bytes starting "JFIF\0"). */
export function isJfif(bytes: Uint8Array, start: number, end: number): boolean {
  const jfif = [0x4a, 0x46, 0x49, 0x46, 0x00];
  return end - start >= 14 && jfif.every((b, i) => bytes[start + i] === b);
}

/** Returns the Adobe APP14 color transform flag (0 none/RGB, 1 YCbCr, 2 YCCK), or undefined when the APP14 is not Adobe's. */
export function parseAdobeTransform(bytes: Uint8Array, start: number, end: number): number | undefined {
  // Same test as libjpeg's examine_app14: at least 12 bytes starting with "Adobe".
  if (end - start < 12) return undefined;
  const adobe = [0x41, 0x64, 0x6f, 0x62, 0x65];
  for (let i = 0; i < 5; i++) if (bytes[start + i] !== adobe[i]) return undefined;
  return bytes[start + 11];
}

const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);

/** Parses SOF0/SOF1 and derives the block geometry libjpeg's jdinput.c would compute. */
export function parseFrameHeader(bytes: Uint8Array, start: number, end: number, sof: number): FrameHeader {
  if (end - start < 6) throw new JpegError(`SOF segment is only ${end - start} bytes`);
  const precision = bytes[start];
  const height = (bytes[start + 1] << 8) | bytes[start + 2];
  const width = (bytes[start + 3] << 8) | bytes[start + 4];
  const count = bytes[start + 5];
  if (precision !== 8 && precision !== 12) throw new JpegError(`sample precision ${precision} is not supported by DCT JPEG (8 or 12 bits)`);
  if (height === 0) throw new JpegError('image height is 0 (a height defined later by DNL is not supported)');
  if (width === 0) throw new JpegError('image width is 0');
  if (width > MAX_DIMENSION || height > MAX_DIMENSION)
    throw new JpegError(`image is ${width}×${height}; at most ${MAX_DIMENSION} per side is supported`);
  if (count < 1 || count > 4) throw new JpegError(`${count} components; only 1 to 4 are supported`);
  if (end - start !== 6 + 3 * count) throw new JpegError(`SOF segment length does not match its ${count} components`);
  const raw: { id: number; h: number; v: number; tq: number }[] = [];
  for (let i = 0; i < count; i++) {
    const p = start + 6 + 3 * i;
    const id = bytes[p];
    const h = bytes[p + 1] >> 4;
    const v = bytes[p + 1] & 15;
    const tq = bytes[p + 2];
    if (h < 1 || h > 4 || v < 1 || v > 4) throw new JpegError(`component ${id} has sampling factors ${h}×${v}; each must be 1..4`);
    if (tq > 3) throw new JpegError(`component ${id} uses quantization table ${tq}; only 0..3 exist`);
    if (raw.some((c) => c.id === id)) throw new JpegError(`component id ${id} appears twice in SOF`);
    raw.push({ id, h, v, tq });
  }
  const hMax = Math.max(...raw.map((c) => c.h));
  const vMax = Math.max(...raw.map((c) => c.v));
  const mcusPerLine = ceilDiv(width, 8 * hMax);
  const mcuRows = ceilDiv(height, 8 * vMax);
  const components: FrameComponent[] = raw.map((c, index) => ({
    ...c,
    index,
    widthInBlocks: ceilDiv(width * c.h, hMax * 8),
    heightInBlocks: ceilDiv(height * c.v, vMax * 8),
    blocksPerLine: mcusPerLine * c.h,
    blocksPerColumn: mcuRows * c.v,
    downsampledWidth: ceilDiv(width * c.h, hMax),
    downsampledHeight: ceilDiv(height * c.v, vMax),
  }));
  return { sof, precision, width, height, components, hMax, vMax, mcusPerLine, mcuRows };
}

/** Parses SOS, resolving component ids against the frame. */
export function parseScanHeader(bytes: Uint8Array, start: number, end: number, frame: FrameHeader): ScanHeader {
  if (end - start < 1) throw new JpegError('SOS segment is empty');
  const count = bytes[start];
  if (count < 1 || count > 4) throw new JpegError(`scan has ${count} components; 1 to 4 are allowed`);
  if (end - start !== 1 + 2 * count + 3) throw new JpegError(`SOS segment length does not match its ${count} components`);
  const components: ScanHeader['components'] = [];
  for (let i = 0; i < count; i++) {
    const p = start + 1 + 2 * i;
    const id = bytes[p];
    const component = frame.components.find((c) => c.id === id);
    if (!component) throw new JpegError(`scan refers to component id ${id}, which the SOF does not declare`);
    if (components.some((c) => c.component === component)) throw new JpegError(`scan lists component id ${id} twice`);
    const dcTable = bytes[p + 1] >> 4;
    const acTable = bytes[p + 1] & 15;
    if (dcTable > 3 || acTable > 3)
      throw new JpegError(`scan component ${id} selects Huffman tables ${dcTable}/${acTable}; only 0..3 exist`);
    components.push({ component, dcTable, acTable });
  }
  const p = start + 1 + 2 * count;
  return { components, ss: bytes[p], se: bytes[p + 1], ah: bytes[p + 2] >> 4, al: bytes[p + 2] & 15 };
}
