import type { Draw } from './random';
import type { ElementHeader } from './dicom-elements';
import { LONG_VRS, walkElements } from './dicom-elements';

/** One mutation applied: the new bytes and a line that says exactly what changed. */
export interface Applied {
  bytes: Uint8Array;
  recipe: string;
}

/** A mutation: a pure function of the bytes and the draws it makes. */
export type Operator = (bytes: Uint8Array, draw: Draw) => Applied;

const hex = (n: number) => `0x${n.toString(16).toUpperCase()}`;
const tagName = (e: ElementHeader) => `(${e.tag.slice(0, 4)},${e.tag.slice(4)})`;

/** Where the draws land: the first 2 KB (the headers) half of the time, anywhere otherwise. */
function offsetIn(bytes: Uint8Array, draw: Draw): number {
  const end = draw.chance(0.5) ? Math.min(bytes.length, 2048) : bytes.length;
  return draw.int(0, Math.max(0, end - 1));
}

/** XORs 1 to 16 bytes with non-zero values. */
export const byteFlips: Operator = (bytes, draw) => {
  const out = Uint8Array.from(bytes);
  const count = draw.int(1, 16);
  const at: string[] = [];
  for (let i = 0; i < count && out.length > 0; i++) {
    const offset = offsetIn(out, draw);
    const mask = draw.int(1, 255);
    out[offset] = (out[offset] as number) ^ mask;
    at.push(`${offset}^${hex(mask)}`);
  }
  return { bytes: out, recipe: `flip ${at.join(',')}` };
};

/** Cuts the file at an offset: anywhere, or just inside an element's header or value. */
export const truncate: Operator = (bytes, draw) => {
  const elements = walkElements(bytes);
  let at = offsetIn(bytes, draw);
  if (elements.length > 0 && draw.chance(0.5)) {
    const e = draw.pick(elements);
    at = Math.min(bytes.length - 1, Math.max(0, e.lengthOffset + draw.int(-4, 8)));
  }
  return { bytes: bytes.slice(0, at), recipe: `truncate ${at}/${bytes.length}` };
};

/** Sets one element's or item's length field to 0, an odd value, the maxima, or off by one. */
export const lengthField: Operator = (bytes, draw) => {
  const elements = walkElements(bytes);
  if (elements.length === 0) return byteFlips(bytes, draw);
  const e = draw.pick(elements);
  const max = e.lengthSize === 4 ? 0xffffffff : 0xffff;
  const old = e.length;
  const candidates = [
    0,
    (draw.int(0, 0x7fff) * 2 + 1) & max,
    max,
    e.lengthSize === 4 ? 0x7fffffff : 0x7fff,
    0x80000000 & max || 0x8000,
    (old + 1) & max,
    (old - 1) & max,
  ];
  const value = draw.pick(candidates);
  const out = Uint8Array.from(bytes);
  const view = new DataView(out.buffer);
  if (e.lengthSize === 4) view.setUint32(e.lengthOffset, value >>> 0, e.littleEndian);
  else view.setUint16(e.lengthOffset, value, e.littleEndian);
  return { bytes: out, recipe: `length ${tagName(e)}@${e.lengthOffset} ${hex(old)}->${hex(value >>> 0)}` };
};

/** Duplicates a chunk of 1 to 512 bytes in place (the copy follows the original). */
export const duplicateChunk: Operator = (bytes, draw) => {
  const start = offsetIn(bytes, draw);
  const length = Math.min(draw.int(1, 512), bytes.length - start);
  const out = new Uint8Array(bytes.length + length);
  out.set(bytes.subarray(0, start + length), 0);
  out.set(bytes.subarray(start, start + length), start + length);
  out.set(bytes.subarray(start + length), start + 2 * length);
  return { bytes: out, recipe: `duplicate ${start}+${length}` };
};

/** Removes a chunk of 1 to 512 bytes. */
export const removeChunk: Operator = (bytes, draw) => {
  const start = offsetIn(bytes, draw);
  const length = Math.min(draw.int(1, 512), bytes.length - start);
  const out = new Uint8Array(bytes.length - length);
  out.set(bytes.subarray(0, start), 0);
  out.set(bytes.subarray(start + length), start);
  return { bytes: out, recipe: `remove ${start}+${length}` };
};

const SHORT_VRS = [
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FD',
  'FL',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'SL',
  'SS',
  'ST',
  'TM',
  'UI',
  'UL',
  'US',
];
const ALL_VRS = [...SHORT_VRS, ...LONG_VRS];

/** Swaps an explicit-VR element's 2-byte VR for another: mostly one of the same header layout, sometimes any. */
export const changeVr: Operator = (bytes, draw) => {
  const explicit = walkElements(bytes).filter((e) => e.vr !== undefined && e.vrOffset !== undefined);
  if (explicit.length === 0) return byteFlips(bytes, draw);
  const e = draw.pick(explicit);
  const sameLayout = e.lengthSize === 4 ? [...LONG_VRS] : SHORT_VRS;
  const choices = (draw.chance(0.7) ? sameLayout : ALL_VRS).filter((vr) => vr !== e.vr);
  const vr = draw.pick(choices);
  const out = Uint8Array.from(bytes);
  out[e.vrOffset as number] = vr.charCodeAt(0);
  out[(e.vrOffset as number) + 1] = vr.charCodeAt(1);
  return { bytes: out, recipe: `vr ${tagName(e)}@${e.vrOffset} ${e.vr}->${vr}` };
};

/** Noise in the pixel data value (or its fragments): random bytes over a stretch of it. */
export const pixelNoise: Operator = (bytes, draw) => {
  const elements = walkElements(bytes);
  const pixel = elements.find((e) => e.tag === '7FE00010');
  if (!pixel) return byteFlips(bytes, draw);
  let start = pixel.valueOffset;
  let end = pixel.length === 0xffffffff ? bytes.length : Math.min(bytes.length, pixel.valueOffset + pixel.length);
  if (pixel.length === 0xffffffff) {
    // Past the basic offset table: into the first fragment with bytes.
    const fragment = elements.filter((e) => e.tag === 'FFFEE000' && e.valueOffset > pixel.valueOffset && e.length > 0)[1];
    if (fragment) [start, end] = [fragment.valueOffset, Math.min(bytes.length, fragment.valueOffset + fragment.length)];
  }
  if (end <= start) return byteFlips(bytes, draw);
  const out = Uint8Array.from(bytes);
  const from = draw.int(start, end - 1);
  const length = Math.min(draw.int(1, 4096), end - from);
  for (let i = 0; i < length; i++) out[from + i] = draw.int(0, 255);
  return { bytes: out, recipe: `noise ${from}+${length}` };
};

/** Every operator by name (the names appear in recipes). */
export const OPERATORS: Record<string, Operator> = {
  flip: byteFlips,
  truncate,
  length: lengthField,
  duplicate: duplicateChunk,
  remove: removeChunk,
  vr: changeVr,
  noise: pixelNoise,
};
