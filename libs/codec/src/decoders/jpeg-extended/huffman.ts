import { JpegError } from './jpeg-error';
import { markerName } from './markers';
import type { HuffmanSpec } from './types';

/**
 * Zigzag position → natural (row-major) position, plus 16 extra entries pointing at 63 as in
 * libjpeg: a corrupt run can push k past 63, and libjpeg then writes coefficient 63 rather than
 * failing, so we do the same to stay bit-exact on such streams.
 */
export const NATURAL_ORDER = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57,
  50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63, 63, 63, 63, 63, 63, 63, 63,
  63, 63, 63, 63, 63, 63, 63, 63, 63,
]);

/** Bits looked up at once; longer codes fall back to the canonical maxcode walk. */
const LOOKAHEAD = 8;

/** A Huffman table ready for decoding (libjpeg's d_derived_tbl). */
export interface HuffmanDecoder {
  /** Indexed by the next LOOKAHEAD bits: (code length << 8) | symbol, or 0 when the code is longer. */
  lookup: Uint16Array;
  /** Largest code of each length 1..16 (-1 when none), index 17 a sentinel. */
  maxCode: Int32Array;
  /** Symbol index of the first code of each length, minus that code. */
  valOffset: Int32Array;
  symbols: Uint8Array;
}

/** Builds the canonical code assignment of Annex C and rejects tables whose codes overflow their length. */
export function buildHuffmanDecoder(spec: HuffmanSpec, name: string): HuffmanDecoder {
  const maxCode = new Int32Array(18).fill(-1);
  const valOffset = new Int32Array(17);
  const lookup = new Uint16Array(1 << LOOKAHEAD);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    const n = spec.counts[len - 1];
    if (n > 0) {
      valOffset[len] = k - code;
      for (let i = 0; i < n; i++, k++, code++) {
        // A code that needs more than `len` bits means the counts describe no prefix code.
        if (code >= 1 << len) throw new JpegError(`Huffman table ${name} is invalid: its code counts overflow ${len}-bit codes`);
        if (len <= LOOKAHEAD) {
          const shift = LOOKAHEAD - len;
          const base = code << shift;
          for (let j = 0; j < 1 << shift; j++) lookup[base + j] = (len << 8) | spec.symbols[k];
        }
      }
      maxCode[len] = code - 1;
    }
    code <<= 1;
  }
  maxCode[17] = 0x7fffffff;
  return { lookup, maxCode, valOffset, symbols: spec.symbols };
}

/**
 * MSB-first reader of an entropy-coded segment. Like libjpeg it stops in front of a marker and
 * feeds zero bits after it, but here reading any of those invented bits is an error: a valid
 * stream never needs them, so consuming one means the data is truncated or corrupt.
 */
export class BitReader {
  /** Offset of the next byte to load; parks on the 0xFF of a marker once one is met. */
  pos: number;
  /** The marker code that stopped the reader, -1 while none, -2 at the end of the data. */
  marker = -1;
  private acc = 0;
  private bits = 0;
  private fakeBits = 0;

  constructor(
    private readonly data: Uint8Array,
    start: number,
  ) {
    this.pos = start;
  }

  /** Tops the accumulator up to more than 24 bits, so any read of up to 16 bits can be served. */
  private fill(): void {
    const data = this.data;
    while (this.bits <= 24) {
      let byte = 0;
      if (this.marker === -1) {
        if (this.pos >= data.length) {
          this.marker = -2;
        } else if (data[this.pos] !== 0xff) {
          byte = data[this.pos++];
        } else {
          let q = this.pos + 1;
          while (q < data.length && data[q] === 0xff) q++;
          if (q >= data.length) {
            this.marker = -2;
          } else if (data[q] === 0) {
            byte = 0xff;
            this.pos = q + 1;
          } else {
            this.marker = data[q];
          }
        }
      }
      if (this.marker !== -1) this.fakeBits += 8;
      this.acc = ((this.acc << 8) | byte) >>> 0;
      this.bits += 8;
    }
  }

  /** The next n (≤ 16) bits without consuming them. */
  peek(n: number): number {
    if (this.bits < n) this.fill();
    return (this.acc >>> (this.bits - n)) & ((1 << n) - 1);
  }

  /** Consumes n bits that were peeked. */
  skip(n: number): void {
    this.bits -= n;
    if (this.bits < this.fakeBits) {
      const where = this.marker === -2 ? 'the end of the data' : `marker ${markerName(this.marker)} at offset ${this.pos}`;
      throw new JpegError(`entropy-coded data ran out: ${where} came before the scan was complete (truncated or corrupt)`);
    }
  }

  /** Reads n (0..16) bits as an unsigned number. */
  bitsValue(n: number): number {
    if (n === 0) return 0;
    const v = this.peek(n);
    this.skip(n);
    return v;
  }

  /** Decodes one Huffman symbol. */
  decode(table: HuffmanDecoder): number {
    if (this.bits < 16) this.fill();
    const entry = table.lookup[(this.acc >>> (this.bits - LOOKAHEAD)) & ((1 << LOOKAHEAD) - 1)];
    if (entry !== 0) {
      this.skip(entry >> 8);
      return entry & 0xff;
    }
    for (let len = LOOKAHEAD + 1; len <= 16; len++) {
      const code = (this.acc >>> (this.bits - len)) & ((1 << len) - 1);
      if (code <= table.maxCode[len]) {
        this.skip(len);
        return table.symbols[table.valOffset[len] + code];
      }
    }
    throw new JpegError(`invalid Huffman code near offset ${this.pos} (corrupt data)`);
  }

  /** Drops buffered bits and forgets the marker, as libjpeg does when it processes a restart. */
  reset(pos: number): void {
    this.pos = pos;
    this.marker = -1;
    this.acc = 0;
    this.bits = 0;
    this.fakeBits = 0;
  }
}

/** Sign-extends an n-bit magnitude-category value (the spec's EXTEND procedure). */
function extend(value: number, n: number): number {
  return value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
}

/**
 * Decodes one block's coefficients in natural order into `block` (which must be zeroed) and
 * returns the new DC predictor. The DC value is kept as a full int, while the stored coefficient
 * wraps to 16 bits like libjpeg's JCOEF: both matter for bit-exact output on odd streams.
 */
export function decodeBlock(reader: BitReader, dc: HuffmanDecoder, ac: HuffmanDecoder, block: Int16Array, predictor: number): number {
  const t = reader.decode(dc);
  if (t > 15) throw new JpegError(`DC difference category ${t} is out of range (corrupt data)`);
  const value = (predictor + (t === 0 ? 0 : extend(reader.bitsValue(t), t))) | 0;
  block[0] = value;
  for (let k = 1; k < 64; k++) {
    const rs = reader.decode(ac);
    const r = rs >> 4;
    const s = rs & 15;
    if (s !== 0) {
      k += r;
      block[NATURAL_ORDER[k]] = extend(reader.bitsValue(s), s);
    } else if (r !== 15) {
      break;
    } else {
      k += 15;
    }
  }
  return value;
}
