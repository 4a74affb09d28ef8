import { CodecError } from '../../errors/codec-error';

/** What this lib needs from a JPEG 2000 main header (ISO 15444-1 A.5, A.6). */
export interface J2kHeader {
  /** Offset of the SOC marker (past any JP2 boxes). */
  codestreamStart: number;
  width: number;
  height: number;
  components: number;
  /** Precision of component 0. */
  precision: number;
  signed: boolean;
  /** Rsiz bit 14: the codestream uses HT block coding (Part 15). */
  highThroughput: boolean;
  progressionOrder: number;
  decompositions: number;
  reversible: boolean;
  multipleComponentTransform: boolean;
}

const SOC = 0xff4f,
  SIZ = 0xff51,
  COD = 0xff52,
  SOT = 0xff90;

/** Reads SIZ and COD of a raw codestream or of the codestream inside a JP2 file. */
export function readJ2kHeader(codec: string, bytes: Uint8Array): J2kHeader {
  const start = codestreamStart(codec, bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = start + 2;
  let siz: Omit<J2kHeader, 'progressionOrder' | 'decompositions' | 'reversible' | 'multipleComponentTransform'> | undefined;
  while (at + 4 <= bytes.length) {
    const marker = view.getUint16(at);
    const length = view.getUint16(at + 2);
    if (marker >> 8 !== 0xff || length < 2 || at + 2 + length > bytes.length) break;
    if (marker === SIZ && length >= 41) {
      const rsiz = view.getUint16(at + 4);
      const ssiz = bytes[at + 40];
      siz = {
        codestreamStart: start,
        highThroughput: (rsiz & 0x4000) !== 0,
        width: view.getUint32(at + 6) - view.getUint32(at + 14),
        height: view.getUint32(at + 10) - view.getUint32(at + 18),
        components: view.getUint16(at + 38),
        precision: (ssiz & 0x7f) + 1,
        signed: (ssiz & 0x80) !== 0,
      };
    } else if (marker === COD && siz) {
      return {
        ...siz,
        progressionOrder: bytes[at + 5],
        multipleComponentTransform: bytes[at + 8] !== 0,
        decompositions: bytes[at + 9],
        reversible: bytes[at + 13] === 1,
      };
    } else if (marker === SOT) {
      break;
    }
    at += 2 + length;
  }
  throw new CodecError(codec, 'corrupt JPEG 2000 main header: no SIZ and COD markers');
}

function codestreamStart(codec: string, bytes: Uint8Array): number {
  if (bytes.length >= 2 && ((bytes[0] << 8) | bytes[1]) === SOC) return 0;
  // A JP2 file: walk the boxes to the contiguous codestream box 'jp2c'.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at + 8 <= bytes.length) {
    let length = view.getUint32(at);
    const type = String.fromCharCode(bytes[at + 4], bytes[at + 5], bytes[at + 6], bytes[at + 7]);
    let headerSize = 8;
    if (length === 1 && at + 16 <= bytes.length) {
      length = Number(view.getBigUint64(at + 8));
      headerSize = 16;
    }
    if (type === 'jp2c') {
      if (((bytes[at + headerSize] << 8) | bytes[at + headerSize + 1]) === SOC) return at + headerSize;
      break;
    }
    if (length === 0 || (at === 0 && type !== 'jP  ')) break;
    at += length;
  }
  throw new CodecError(codec, 'not a JPEG 2000 bitstream: no SOC marker and no JP2 codestream box');
}
