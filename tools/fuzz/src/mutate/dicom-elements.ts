import { readPart10 } from '@triage/dicom';
/** One element (or item) header found in a Part 10 file, with the byte offsets a mutation needs. */
export interface ElementHeader {
  /** (gggg,eeee) as `ggggeeee` in upper-case hex. */
  tag: string;
  /** The 2-byte VR of an explicit-VR element; undefined for implicit VR and for items. */
  vr?: string;
  /** Offset of the VR bytes (explicit VR only). */
  vrOffset?: number;
  lengthOffset: number;
  lengthSize: 2 | 4;
  littleEndian: boolean;
  /** The length as written (0xFFFFFFFF: undefined length). */
  length: number;
  valueOffset: number;
}

/** VRs whose explicit-VR header has 2 reserved bytes and a 4-byte length (PS3.5 7.1.2). */
export const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
// A mutant can nest items deeply; the walk stops here rather than recurse without bound.
const MAX_DEPTH = 16;
const MAX_ELEMENTS = 100_000;

/**
 * Walks the element headers of a Part 10 file as dicom-parser would (preamble and DICM, the meta
 * group in explicit VR little endian, then the data set in its transfer syntax, into sequences,
 * items and encapsulated pixel data). A broken file gives the headers before the break: the walk
 * never throws, because mutants are broken on purpose.
 */
export function walkElements(bytes: Uint8Array): ElementHeader[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: ElementHeader[] = [];
  const hasPreamble = bytes.length >= 132 && String.fromCharCode(...bytes.subarray(128, 132)) === 'DICM';
  let offset = hasPreamble ? 132 : 0;
  let syntax = IMPLICIT_LE;
  if (hasPreamble) {
    const meta = new Walker(view, found, true, true);
    offset = meta.walk(offset, bytes.length, 0, (tag) => tag.startsWith('0002'));
    const ts = found.find((e) => e.tag === '00020010');
    if (ts) syntax = textOf(bytes, ts).replace(/[\0 ]+$/, '');
  }
  if (syntax === DEFLATED) return found;
  let explicit = syntax !== IMPLICIT_LE;
  let littleEndian = syntax !== EXPLICIT_BE;
  if (!hasPreamble && bytes.length >= 8) {
    // No meta header to say: guess as readers do, from the first element (a VR after the tag; group 0x0008 read as 0x0800).
    explicit = /^[A-Z]{2}$/.test(String.fromCharCode(bytes[4] as number, bytes[5] as number));
    littleEndian = !(bytes[0] === 0 && bytes[1] !== 0);
  }
  new Walker(view, found, explicit, littleEndian).walk(offset, bytes.length, 0);
  return found;
}

/** The value of an element as text (for UIDs and the transfer syntax); empty when out of bounds. */
export function textOf(bytes: Uint8Array, element: ElementHeader): string {
  if (element.length === UNDEFINED || element.valueOffset + element.length > bytes.length) return '';
  return Buffer.from(bytes.subarray(element.valueOffset, element.valueOffset + element.length)).toString('latin1');
}

/** The identifying UIDs a file states (first occurrence at top level), as far as its bytes can be read. */
export function instanceUids(bytes: Uint8Array): { study?: string; series?: string; sop?: string } {
  const elements = walkElements(bytes);
  const uid = (tag: string) => {
    const element = elements.find((e) => e.tag === tag);
    const text = element ? textOf(bytes, element).replace(/[\0 ]+$/, '') : '';
    return text || undefined;
  };
  const walked = { study: uid('0020000D'), series: uid('0020000E'), sop: uid('00080018') };
  if (walked.study && walked.series && walked.sop) return walked;
  // Our walker stops at the first damage; the server's parser may read past it (and then stores the
  // instance under these UIDs), so ask that parser too before calling the file nameless.
  const parsed = parsedUids(bytes);
  return { study: walked.study ?? parsed.study, series: walked.series ?? parsed.series, sop: walked.sop ?? parsed.sop };
}

function parsedUids(bytes: Uint8Array): { study?: string; series?: string; sop?: string } {
  try {
    const { dataSet } = readPart10(bytes, { source: 'mutant' });
    const text = (tag: string) => dataSet.string(tag)?.trim() || undefined;
    return { study: text('x0020000d'), series: text('x0020000e'), sop: text('x00080018') };
  } catch {
    return {};
  }
}

class Walker {
  constructor(
    private readonly view: DataView,
    private readonly found: ElementHeader[],
    private readonly explicit: boolean,
    private readonly littleEndian: boolean,
  ) {}

  /** Walks elements from `offset` to `end` (or a delimiter); returns where it stopped. */
  walk(offset: number, end: number, depth: number, accept: (tag: string) => boolean = () => true): number {
    while (offset + 8 <= end && this.found.length < MAX_ELEMENTS) {
      const tag = this.tagAt(offset);
      if (!accept(tag)) return offset;
      if (tag === 'FFFEE00D' || tag === 'FFFEE0DD') {
        this.found.push(this.itemHeader(tag, offset));
        return offset + 8;
      }
      const header = this.elementHeader(tag, offset);
      if (!header) return end;
      this.found.push(header);
      offset = this.value(header, end, depth);
      if (offset < 0) return end;
    }
    return offset;
  }

  private tagAt(offset: number): string {
    const group = this.view.getUint16(offset, this.littleEndian);
    const element = this.view.getUint16(offset + 2, this.littleEndian);
    return (((group << 16) | element) >>> 0).toString(16).padStart(8, '0').toUpperCase();
  }

  private itemHeader(tag: string, offset: number): ElementHeader {
    const length = this.view.getUint32(offset + 4, this.littleEndian);
    return { tag, lengthOffset: offset + 4, lengthSize: 4, littleEndian: this.littleEndian, length, valueOffset: offset + 8 };
  }

  private elementHeader(tag: string, offset: number): ElementHeader | undefined {
    // Items and delimiters are implicit even in explicit-VR data sets.
    if (!this.explicit || tag.startsWith('FFFE')) return this.itemHeader(tag, offset);
    const vr = String.fromCharCode(this.view.getUint8(offset + 4), this.view.getUint8(offset + 5));
    if (!/^[A-Z]{2}$/.test(vr)) return undefined;
    if (LONG_VRS.has(vr)) {
      if (offset + 12 > this.view.byteLength) return undefined;
      const length = this.view.getUint32(offset + 8, this.littleEndian);
      return {
        tag,
        vr,
        vrOffset: offset + 4,
        lengthOffset: offset + 8,
        lengthSize: 4,
        littleEndian: this.littleEndian,
        length,
        valueOffset: offset + 12,
      };
    }
    const length = this.view.getUint16(offset + 6, this.littleEndian);
    return {
      tag,
      vr,
      vrOffset: offset + 4,
      lengthOffset: offset + 6,
      lengthSize: 2,
      littleEndian: this.littleEndian,
      length,
      valueOffset: offset + 8,
    };
  }

  /** The items of encapsulated pixel data up to the sequence delimiter; -1 when they run off the end. */
  private fragments(offset: number, end: number): number {
    while (offset + 8 <= end && this.found.length < MAX_ELEMENTS) {
      const header = this.itemHeader(this.tagAt(offset), offset);
      this.found.push(header);
      if (header.tag === 'FFFEE0DD') return offset + 8;
      if (header.tag !== 'FFFEE000' || header.valueOffset + header.length > end) return -1;
      offset = header.valueOffset + header.length;
    }
    return -1;
  }

  /** Skips or descends into a value; -1 when it cannot go on. */
  private value(header: ElementHeader, end: number, depth: number): number {
    const start = header.valueOffset;
    const isItem = header.tag === 'FFFEE000';
    const nested = isItem || header.vr === 'SQ' || (header.length === UNDEFINED && !header.vr);
    if (header.length === UNDEFINED) {
      if (depth >= MAX_DEPTH) return -1;
      // Encapsulated pixel data holds fragments (raw bytes in items), a sequence holds data sets in items.
      if (header.tag === '7FE00010') return this.fragments(start, end);
      if (!nested && header.vr !== 'UN') return -1;
      return this.walk(start, end, depth + 1);
    }
    const stop = start + header.length;
    if (stop > end) return -1;
    if (nested && depth < MAX_DEPTH && header.length > 0) this.walk(start, stop, depth + 1);
    return stop;
  }
}
