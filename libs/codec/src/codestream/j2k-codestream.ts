import { CodecError } from '../errors/codec-error';

/** A marker segment of a JPEG 2000 header: the marker and its bytes (marker included). */
export interface MarkerSegment {
  marker: number;
  bytes: Uint8Array;
}

/** One tile-part: the SOT fields, the marker segments between SOT and SOD, and the packet data. */
export interface TilePart {
  tile: number;
  index: number;
  count: number;
  header: MarkerSegment[];
  body: Uint8Array;
}

/** A JPEG 2000 codestream split into its main header segments and tile-parts. */
export interface Codestream {
  main: MarkerSegment[];
  tileParts: TilePart[];
  /** Each tile-part's end offset in the original bytes: a prefix up to one of them is whole tile-parts. */
  tilePartEnds: number[];
}

export const SOC = 0xff4f,
  SIZ = 0xff51,
  TLM = 0xff55,
  SOT = 0xff90,
  SOD = 0xff93,
  EOC = 0xffd9;

/** Splits a raw codestream; refuses one whose tile-parts run past its end (a truncated frame). */
export function parseCodestream(codec: string, bytes: Uint8Array): Codestream {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 2 || view.getUint16(0) !== SOC) throw new CodecError(codec, 'not a JPEG 2000 codestream: no SOC marker');
  const main: MarkerSegment[] = [];
  let at = 2;
  while (at + 4 <= bytes.length && view.getUint16(at) !== SOT) {
    const marker = view.getUint16(at);
    const length = view.getUint16(at + 2);
    if (marker >> 8 !== 0xff || length < 2 || at + 2 + length > bytes.length) {
      throw new CodecError(codec, `corrupt main header at byte ${at}`);
    }
    main.push({ marker, bytes: bytes.subarray(at, at + 2 + length) });
    at += 2 + length;
  }
  const tileParts: TilePart[] = [];
  const tilePartEnds: number[] = [];
  while (at + 2 <= bytes.length && view.getUint16(at) === SOT) {
    if (at + 12 > bytes.length) throw new CodecError(codec, `truncated: tile-part header at byte ${at} is cut off`);
    const psot = view.getUint32(at + 6);
    const end = psot === 0 ? eocOrEnd(bytes, view) : at + psot;
    if (end > bytes.length || end < at + 14) {
      throw new CodecError(
        codec,
        `truncated: tile-part ${tileParts.length + 1} needs ${psot} bytes from byte ${at}, the frame has ${bytes.length}`,
      );
    }
    const header: MarkerSegment[] = [];
    let inner = at + 12;
    while (inner + 2 <= end && view.getUint16(inner) !== SOD) {
      const length = view.getUint16(inner + 2);
      if (length < 2 || inner + 2 + length > end) throw new CodecError(codec, `corrupt tile-part header at byte ${inner}`);
      header.push({ marker: view.getUint16(inner), bytes: bytes.subarray(inner, inner + 2 + length) });
      inner += 2 + length;
    }
    if (inner + 2 > end) throw new CodecError(codec, `corrupt tile-part at byte ${at}: no SOD marker`);
    tileParts.push({
      tile: view.getUint16(at + 4),
      index: bytes[at + 10],
      count: bytes[at + 11],
      header,
      body: bytes.subarray(inner + 2, end),
    });
    tilePartEnds.push(end);
    at = end;
  }
  if (tileParts.length === 0) throw new CodecError(codec, 'truncated: the codestream has no tile-part');
  return { main, tileParts, tilePartEnds };
}

/** A tile-part to write: its packet data in pieces, concatenated in order. */
export type TilePartOut = Omit<TilePart, 'body'> & { bodies: Uint8Array[] };

/** Writes a codestream back: SOC, main header, tile-parts with fresh SOT lengths, EOC. */
export function serializeCodestream(main: MarkerSegment[], tileParts: TilePartOut[]): Uint8Array {
  const parts: Uint8Array[] = [u16(SOC), ...main.map((m) => m.bytes)];
  for (const tp of tileParts) {
    const headerLength = tp.header.reduce((n, m) => n + m.bytes.length, 0);
    const bodyLength = tp.bodies.reduce((n, b) => n + b.length, 0);
    const sot = new Uint8Array(12);
    const v = new DataView(sot.buffer);
    v.setUint16(0, SOT);
    v.setUint16(2, 10);
    v.setUint16(4, tp.tile);
    v.setUint32(6, 12 + headerLength + 2 + bodyLength);
    sot[10] = tp.index;
    sot[11] = tp.count;
    parts.push(sot, ...tp.header.map((m) => m.bytes), u16(SOD), ...tp.bodies);
  }
  parts.push(u16(EOC));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A TLM segment (Ttlm 16-bit, Ptlm 32-bit) listing tile-part lengths, so a reader can seek by resolution. */
export function tlmSegment(tileParts: { tile: number; length: number }[]): MarkerSegment {
  const bytes = new Uint8Array(6 + tileParts.length * 6);
  const v = new DataView(bytes.buffer);
  v.setUint16(0, TLM);
  v.setUint16(2, bytes.length - 2);
  bytes[4] = 0; // Ztlm
  bytes[5] = 0x60; // ST = 2 (16-bit tile index), SP = 1 (32-bit lengths)
  tileParts.forEach((tp, i) => {
    v.setUint16(6 + i * 6, tp.tile);
    v.setUint32(8 + i * 6, tp.length);
  });
  return { marker: TLM, bytes };
}

function eocOrEnd(bytes: Uint8Array, view: DataView): number {
  return bytes.length >= 2 && view.getUint16(bytes.length - 2) === EOC ? bytes.length - 2 : bytes.length;
}

function u16(value: number): Uint8Array {
  return new Uint8Array([value >> 8, value & 0xff]);
}
