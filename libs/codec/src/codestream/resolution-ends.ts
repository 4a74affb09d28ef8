import { CodecError } from '../errors/codec-error';
import { SIZ, SOC, SOT, TLM } from './j2k-codestream';

const CODEC = 'j2k codestream';
const COD = 0xff52;
/** Progression orders whose outermost loop is the resolution (ISO 15444-1 Table A.16): LRCP is 0, RLCP 1, RPCL 2. */
const RESOLUTION_FIRST = new Set([1, 2]);

/**
 * Where each resolution level of a raw JPEG 2000 / HTJ2K codestream ends, lowest resolution first:
 * the prefix `codestream.subarray(0, ends[i])` holds resolutions 0..i, so it decodes at decomposition
 * level `ends.length - 1 - i` (the last entry is the whole codestream, EOC included). Read from the
 * markers alone (SOC, SIZ, COD, TLM, else each SOT's Psot), never decoded. A codestream that is not
 * divided by resolution (several tiles, a layer-first progression, tile-parts not one per resolution)
 * has a single entry: only the whole of it decodes.
 */
export function resolutionEnds(codestream: Uint8Array): number[] {
  const view = new DataView(codestream.buffer, codestream.byteOffset, codestream.byteLength);
  if (codestream.length < 2 || view.getUint16(0) !== SOC) throw new CodecError(CODEC, 'not a raw JPEG 2000 codestream: no SOC marker');
  let tiles: number | undefined;
  let decompositions: number | undefined;
  let progression: number | undefined;
  const tlmLengths: { z: number; lengths: number[] }[] = [];
  let at = 2;
  while (at + 4 <= codestream.length && view.getUint16(at) !== SOT) {
    const marker = view.getUint16(at);
    const length = view.getUint16(at + 2);
    if (marker >> 8 !== 0xff || length < 2 || at + 2 + length > codestream.length) {
      throw new CodecError(CODEC, `corrupt main header at byte ${at}`);
    }
    const body = at + 4;
    if (marker === SIZ && length >= 38) tiles = tileCount(view, body);
    else if (marker === COD && length >= 12) {
      progression = codestream[body + 1];
      decompositions = codestream[body + 5];
    } else if (marker === TLM) tlmLengths.push(readTlm(view, body, length - 2));
    at += 2 + length;
  }
  if (tiles === undefined || decompositions === undefined || progression === undefined) {
    throw new CodecError(CODEC, 'corrupt main header: no SIZ or COD marker before the first tile-part');
  }
  const firstTilePart = at;
  const lengths =
    tlmLengths.length > 0 ? tlmLengths.sort((a, b) => a.z - b.z).flatMap((t) => t.lengths) : walkTileParts(view, firstTilePart);
  const resolutions = decompositions + 1;
  if (tiles !== 1 || !RESOLUTION_FIRST.has(progression) || lengths.length !== resolutions) return [codestream.length];
  const ends: number[] = [];
  let end = firstTilePart;
  for (const length of lengths) ends.push((end += length));
  if (end > codestream.length) {
    throw new CodecError(CODEC, `truncated: the tile-parts end at byte ${end}, the codestream has ${codestream.length}`);
  }
  ends[ends.length - 1] = codestream.length;
  return ends;
}

/** Number of tiles on the reference grid (SIZ: Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz). */
function tileCount(view: DataView, body: number): number {
  const [x, y, , , xt, yt, xto, yto] = Array.from({ length: 8 }, (_, i) => view.getUint32(body + 2 + i * 4));
  if (xt === 0 || yt === 0) throw new CodecError(CODEC, 'corrupt SIZ marker: a tile of size 0');
  return Math.ceil((x - xto) / xt) * Math.ceil((y - yto) / yt);
}

/** One TLM segment: its index Ztlm and the tile-part lengths it lists (Ttlm of 0, 1 or 2 bytes; Ptlm of 2 or 4). */
function readTlm(view: DataView, body: number, size: number): { z: number; lengths: number[] } {
  const z = view.getUint8(body);
  const stlm = view.getUint8(body + 1);
  const tileBytes = (stlm >> 4) & 0x3;
  const lengthBytes = stlm & 0x40 ? 4 : 2;
  if (tileBytes === 3) throw new CodecError(CODEC, 'corrupt TLM marker: Stlm names a 3-byte tile index');
  const entry = tileBytes + lengthBytes;
  const lengths: number[] = [];
  for (let at = body + 2 + tileBytes; at + lengthBytes <= body + size; at += entry) {
    lengths.push(lengthBytes === 4 ? view.getUint32(at) : view.getUint16(at));
  }
  return { z, lengths };
}

/** Tile-part lengths from each SOT's Psot, for a codestream written without TLM. */
function walkTileParts(view: DataView, from: number): number[] {
  const lengths: number[] = [];
  let at = from;
  while (at + 12 <= view.byteLength && view.getUint16(at) === SOT) {
    const psot = view.getUint32(at + 6);
    // Psot 0: the last tile-part runs to EOC; its length is then what is left.
    const length = psot === 0 ? view.byteLength - at : psot;
    if (length < 14 || at + length > view.byteLength) {
      throw new CodecError(
        CODEC,
        `truncated: tile-part ${lengths.length + 1} needs ${psot} bytes from byte ${at}, the codestream has ${view.byteLength}`,
      );
    }
    lengths.push(length);
    at += length;
  }
  return lengths;
}
