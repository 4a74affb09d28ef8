import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getFrame, readPart10 } from '@triage/dicom';
import { generatedDir, jpegReferences } from '@triage/test-data';
import { scanTables, walkJpeg } from './walk';
import { NATURAL_ORDER } from './huffman';
import { JpegError, decodeJpegExtended, libjpegGuessesYCbCr, ycbcrToRgb } from './index';
import { findMarker, readSegment } from './markers';
import { decodeScan } from './scan';
import type { FrameHeader } from './types';
import { corpusDir } from '../../test-support/corpus';

// The reference is dcmtk's dcmdjpeg (IJG libjpeg 6b inside), run on the same files once by
// tools/test-data/scripts/make-frame-references.mjs: tools/test-data/corpus/jpeg-references.json
// holds the SHA-256 of its first frame with each colour option, so no Debian tool runs here.

const REFERENCES = jpegReferences();

function compressedFrame(file: string): Uint8Array {
  const dicom = readPart10(new Uint8Array(fs.readFileSync(file)), { source: file });
  return getFrame(dicom, 0).bytes;
}

/** SHA-256 of decoded samples as little-endian bytes, as the reference table hashes dcmdjpeg's output. */
function sha256(pixels: Uint8Array | Uint16Array): string {
  return createHash('sha256')
    .update(new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength))
    .digest('hex');
}

/** The reference table's key of a corpus file or a generated file. */
function referenceKey(file: string): string {
  return `${path.dirname(file) === generatedDir() ? 'generated' : 'corpus'}/${path.basename(file)}`;
}

/**
 * Decodes the first frame of `file` (or `jpeg`, a re-encoding of it with the same coefficients) and
 * asserts bit-exactness against dcmdjpeg: unconverted, and for colour also converted and converted-if-guessed.
 */
function expectMatchesDcmtk(file: string, expected: { precision: number; components: number }, jpeg = compressedFrame(file)): void {
  const key = referenceKey(file);
  const reference = REFERENCES[key];
  expect({ key, referenced: reference !== undefined }).toEqual({ key, referenced: true });
  const raw = decodeJpegExtended(jpeg);
  expect({ precision: raw.precision, components: raw.components }).toEqual(expected);
  expect(raw.pixels instanceof (raw.precision > 8 ? Uint16Array : Uint8Array)).toBe(true);
  // +cn keeps the decoded (upsampled) samples; +ca forces libjpeg's YCbCr → RGB.
  expect({ key, cn: sha256(raw.pixels) }).toEqual({ key, cn: reference.cn });
  if (raw.components === 3) {
    const rgb = decodeJpegExtended(jpeg, { colorTransform: 'ycbcr-to-rgb' });
    expect(rgb.colorTransformed).toBe(true);
    expect({ key, ca: sha256(rgb.pixels) }).toEqual({ key, ca: reference.ca });
    expect(ycbcrToRgb(raw.pixels, raw.precision)).toEqual(rgb.pixels);
    // +cg converts exactly when libjpeg guesses YCbCr from JFIF/Adobe markers and component ids.
    const guessed = libjpegGuessesYCbCr(raw) ? rgb.pixels : raw.pixels;
    expect({ key, cg: sha256(guessed) }).toEqual({ key, cg: reference.cg });
  }
}

// ---------------------------------------------------------------------------------------------
// A test-only transcoder: re-encodes a JPEG's coefficients with restart markers (and optionally one
// scan per component) under Huffman tables of its own, so restart handling, non-interleaved
// scans and long codes get exercised on streams libjpeg also decodes. Coefficients are kept,
// so the pixels must not change either.

/** DC: categories 0..15 on 4/5-bit codes. AC: EOB on 2 bits, every other symbol on 9 bits (past the 8-bit lookahead). */
const DC_COUNTS = [0, 0, 0, 14, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = Array.from({ length: 16 }, (_, i) => i);
const AC_COUNTS = [0, 1, 0, 0, 0, 0, 0, 0, 241, 0, 0, 0, 0, 0, 0, 0];
const AC_SYMBOLS = [0x00, 0xf0, ...Array.from({ length: 240 }, (_, i) => ((i / 15) << 4) | ((i % 15) + 1))];

function codeTable(counts: number[], symbols: number[]): Map<number, [number, number]> {
  const table = new Map<number, [number, number]>();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < counts[len - 1]; i++) table.set(symbols[k++], [code++, len]);
    code <<= 1;
  }
  return table;
}

class BitWriter {
  readonly bytes: number[] = [];
  private acc = 0;
  private n = 0;
  write(value: number, len: number): void {
    for (let i = len - 1; i >= 0; i--) {
      this.acc = (this.acc << 1) | ((value >> i) & 1);
      if (++this.n === 8) this.emit();
    }
  }
  /** Pads with 1-bits to a byte boundary, as encoders must before a marker. */
  flush(): void {
    while (this.n !== 0) this.write(1, 1);
  }
  private emit(): void {
    this.bytes.push(this.acc);
    if (this.acc === 0xff) this.bytes.push(0);
    this.acc = 0;
    this.n = 0;
  }
}

function transcode(jpeg: Uint8Array, interval: number, splitScans: boolean): Uint8Array {
  // Coefficients per component, by block index in the padded plane.
  let coefs: Int16Array[][] = [];
  const scanSets: number[][] = [];
  const state = walkJpeg(jpeg, (st, scan, start) => {
    const frame = st.frame as FrameHeader;
    if (coefs.length === 0) coefs = frame.components.map((c) => new Array<Int16Array>(c.blocksPerLine * c.blocksPerColumn));
    scanSets.push(scan.components.map((sc) => sc.component.index));
    return decodeScan(jpeg, start, frame, scan, scanTables(st, scan), st.restartInterval, (comp, row, col, block) => {
      coefs[comp.index][row * comp.blocksPerLine + col] = block.slice();
    });
  });
  const frame = state.frame as FrameHeader;

  // Keep every segment before the first SOS except the tables this transcoder replaces.
  const out: number[] = [0xff, 0xd8];
  for (let pos = 2; ;) {
    const m = findMarker(jpeg, pos) as { code: number; next: number };
    if (m.code === 0xda) break;
    const { end } = readSegment(jpeg, m.next, m.code);
    if (m.code !== 0xc4 && m.code !== 0xdd) out.push(...jpeg.subarray(m.next - 2, end));
    pos = end;
  }
  const dhtLength = 2 + 17 + DC_SYMBOLS.length + 17 + AC_SYMBOLS.length;
  out.push(0xff, 0xc4, dhtLength >> 8, dhtLength & 0xff, 0x00, ...DC_COUNTS, ...DC_SYMBOLS, 0x10, ...AC_COUNTS, ...AC_SYMBOLS);
  out.push(0xff, 0xdd, 0, 4, interval >> 8, interval & 0xff);
  const dcCodes = codeTable(DC_COUNTS, DC_SYMBOLS);
  const acCodes = codeTable(AC_COUNTS, AC_SYMBOLS);

  const scans = splitScans ? frame.components.map((c) => [c.index]) : scanSets;
  for (const set of scans) {
    const comps = set.map((i) => frame.components[i]);
    out.push(0xff, 0xda, 0, 6 + 2 * comps.length, comps.length, ...comps.flatMap((c) => [c.id, 0x00]), 0, 63, 0);
    const w = new BitWriter();
    const pred = new Array<number>(comps.length).fill(0);
    const put = (code: [number, number] | undefined, what: string): void => {
      if (!code) throw new Error(`no code for ${what}`);
      w.write(code[0], code[1]);
    };
    const category = (v: number): number => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)));
    const encodeBlock = (ci: number, block: Int16Array): void => {
      const d = block[0] - pred[ci];
      pred[ci] = block[0];
      const t = category(d);
      put(dcCodes.get(t), `DC ${t}`);
      if (t > 0) w.write(d > 0 ? d : d + (1 << t) - 1, t);
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const v = block[NATURAL_ORDER[k]];
        if (v === 0) {
          run++;
          continue;
        }
        for (; run > 15; run -= 16) put(acCodes.get(0xf0), 'ZRL');
        const s = category(v);
        put(acCodes.get((run << 4) | s), `AC ${run}/${s}`);
        w.write(v > 0 ? v : v + (1 << s) - 1, s);
        run = 0;
      }
      if (run > 0) put(acCodes.get(0), 'EOB');
    };
    const mcus: (() => void)[] = [];
    if (comps.length === 1) {
      const c = comps[0];
      for (let r = 0; r < c.heightInBlocks; r++) {
        for (let col = 0; col < c.widthInBlocks; col++) mcus.push(() => encodeBlock(0, coefs[c.index][r * c.blocksPerLine + col]));
      }
    } else {
      for (let mr = 0; mr < frame.mcuRows; mr++) {
        for (let mc = 0; mc < frame.mcusPerLine; mc++) {
          mcus.push(() =>
            comps.forEach((c, ci) => {
              for (let by = 0; by < c.v; by++) {
                for (let bx = 0; bx < c.h; bx++) encodeBlock(ci, coefs[c.index][(mr * c.v + by) * c.blocksPerLine + mc * c.h + bx]);
              }
            }),
          );
        }
      }
    }
    mcus.forEach((encodeMcu, m) => {
      if (m > 0 && m % interval === 0) {
        w.flush();
        w.bytes.push(0xff, 0xd0 + ((m / interval - 1) & 7));
        pred.fill(0);
      }
      encodeMcu();
    });
    w.flush();
    out.push(...w.bytes);
  }
  out.push(0xff, 0xd9);
  return new Uint8Array(out);
}

/** Occurrences of a marker (0xFF then `code`); entropy data never contains one thanks to byte stuffing. */
function countMarkers(jpeg: Uint8Array, code: number): number {
  let n = 0;
  for (let i = 0; i + 1 < jpeg.length; i++) if (jpeg[i] === 0xff && jpeg[i + 1] === code) n++;
  return n;
}

// ---------------------------------------------------------------------------------------------

const corpus = (name: string): string => path.join(corpusDir(), name);

/** dcmcjpeg encodings kept in tools/test-data/generated: 12-bit extended from 16-bit CT/MR and from 8-bit RGB, at several qualities and samplings. */
const GENERATED: { name: string; precision: number; components: number }[] = [
  { name: 'ct-ee-q90', precision: 12, components: 1 },
  { name: 'ct-ee-q100', precision: 12, components: 1 },
  { name: 'ct-ee-q25', precision: 12, components: 1 },
  { name: 'mr-ee-q90', precision: 12, components: 1 },
  { name: 'mr-ee-q100', precision: 12, components: 1 },
  { name: 'ct-ee-8bit', precision: 8, components: 1 },
  { name: 'rgb-ee12-422', precision: 12, components: 3 },
  { name: 'rgb-ee12-420', precision: 12, components: 3 },
  { name: 'rgb-ee12-444', precision: 12, components: 3 },
  { name: 'odd-ee12-420', precision: 12, components: 3 },
  { name: 'odd-eb-420', precision: 8, components: 3 },
  { name: 'rgb-eb-422-q100', precision: 8, components: 3 },
];

const generated = (name: string): string => path.join(generatedDir(), `${name}.dcm`);

describe('decodeJpegExtended against dcmtk dcmdjpeg', () => {
  it('decodes JPEG-lossy.dcm (12-bit extended, 256×1024 MONOCHROME2) bit-exactly', () => {
    const file = corpus('JPEG-lossy.dcm');
    const image = decodeJpegExtended(compressedFrame(file));
    expect([image.width, image.height, image.components, image.precision]).toEqual([256, 1024, 1, 12]);
    expectMatchesDcmtk(file, { precision: 12, components: 1 });
  });

  it.each([
    'SC_rgb_jpeg_dcmtk.dcm',
    'SC_rgb_dcmtk_+eb+cy+n1.dcm',
    'SC_rgb_dcmtk_+eb+cy+n2.dcm',
    'SC_rgb_dcmtk_+eb+cy+np.dcm',
    'SC_rgb_dcmtk_+eb+cy+s2.dcm',
    'SC_rgb_dcmtk_+eb+cy+s4.dcm',
    'SC_rgb_dcmtk_+eb+cr.dcm',
    'SC_jpeg_no_color_transform.dcm',
    'SC_jpeg_no_color_transform_2.dcm',
    'SC_rgb_jpeg_app14_dcmd.dcm',
    'SC_rgb_jpeg_lossy_gdcm.dcm',
    'SC_rgb_small_odd_jpeg.dcm',
  ])('decodes 8-bit baseline %s bit-exactly (YCbCr kept and converted)', (name) => {
    expectMatchesDcmtk(corpus(name), { precision: 8, components: 3 });
  });

  it.each(GENERATED.map((g) => g.name))('decodes dcmcjpeg output %s bit-exactly', (name) => {
    const g = GENERATED.find((x) => x.name === name) as (typeof GENERATED)[number];
    expectMatchesDcmtk(generated(name), { precision: g.precision, components: g.components });
  });

  it.each([
    ['JPEG-lossy.dcm', 1, false],
    ['JPEG-lossy.dcm', 7, false],
    ['ct-ee-q100', 5, false],
    ['rgb-ee12-420', 3, false],
    ['rgb-ee12-420', 2, true],
    ['rgb-ee12-422', 1, true],
    ['SC_rgb_dcmtk_+eb+cy+n2.dcm', 4, false],
    ['SC_rgb_dcmtk_+eb+cy+np.dcm', 1, true],
    ['odd-eb-420', 1, true],
  ] as const)('decodes %s re-encoded with restart interval %i (one scan per component: %s) bit-exactly', (name, interval, split) => {
    const source = name.endsWith('.dcm') ? corpus(name) : generated(name);
    const original = compressedFrame(source);
    const jpeg = transcode(original, interval, split);
    const { components, precision } = decodeJpegExtended(jpeg);
    expect(countMarkers(jpeg, 0xda)).toBe(split ? components : 1);
    // A 3×3 image is a single MCU per scan, so it has no interval to restart.
    expect(countMarkers(jpeg, 0xd0) > 0).toBe(name !== 'odd-eb-420');
    // Same coefficients, so the same pixels as dcmdjpeg gives for the original stream.
    expectMatchesDcmtk(source, { precision, components }, jpeg);
    expect(decodeJpegExtended(jpeg).pixels).toEqual(decodeJpegExtended(original).pixels);
  });

  it('reports the Adobe APP14 transform flag and JFIF presence', () => {
    const adobe = decodeJpegExtended(compressedFrame(corpus('SC_rgb_dcmtk_+eb+cr.dcm')));
    expect(adobe.adobeTransform).toBe(0);
    expect(adobe.componentIds).toEqual([82, 71, 66]);
    expect(adobe.jfif).toBe(false);
    const jfif = decodeJpegExtended(compressedFrame(corpus('SC_rgb_jpeg_dcmtk.dcm')));
    expect(jfif.adobeTransform).toBeUndefined();
    expect(jfif.jfif).toBe(true);
  });
});

describe('decodeJpegExtended on malformed input', () => {
  const good = (): Uint8Array => compressedFrame(corpus('SC_rgb_dcmtk_+eb+cy+n1.dcm'));
  const good12 = (): Uint8Array => compressedFrame(corpus('JPEG-lossy.dcm'));
  /** Offset of the first byte of a marker segment (the 0xFF). */
  const markerAt = (bytes: Uint8Array, code: number): number => {
    for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === code) return i;
    throw new Error(`no marker ${code.toString(16)}`);
  };

  it.each([
    ['empty input', new Uint8Array(0), /SOI/],
    ['garbage', new Uint8Array(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff)), /SOI/],
    ['SOI then garbage', new Uint8Array([0xff, 0xd8, ...Array.from({ length: 512 }, (_, i) => (i * 31) & 0x7f)]), /before a frame header/],
    ['SOI only', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), /no SOF/],
  ])('rejects %s', (_name, bytes, message) => {
    expect(() => decodeJpegExtended(bytes)).toThrow(JpegError);
    expect(() => decodeJpegExtended(bytes)).toThrow(message);
  });

  it('rejects streams truncated anywhere', () => {
    for (const bytes of [good(), good12()]) {
      const sos = markerAt(bytes, 0xda);
      const cuts = [3, 20, 100, sos + 5, sos + 20, Math.floor(bytes.length / 2), bytes.length - 40];
      for (const cut of cuts) expect(() => decodeJpegExtended(bytes.subarray(0, cut))).toThrow(JpegError);
    }
  });

  it('rejects a stream whose entropy data is replaced by invalid codes', () => {
    const bytes = good12().slice();
    const sos = markerAt(bytes, 0xda);
    const dataStart = sos + 2 + ((bytes[sos + 2] << 8) | bytes[sos + 3]);
    // 0xFF 0x00 pairs decode as all-one bits: never a valid code in a JPEG Huffman table.
    for (let i = dataStart; i + 1 < bytes.length - 2; i += 2) [bytes[i], bytes[i + 1]] = [0xff, 0x00];
    expect(() => decodeJpegExtended(bytes)).toThrow(/invalid Huffman code|out of range/);
  });

  it('rejects missing tables, zero sizes and unsupported processes with clear messages', () => {
    const base = good();
    const sof = markerAt(base, 0xc0);
    const patched = (f: (b: Uint8Array) => void): Uint8Array => {
      const b = base.slice();
      f(b);
      return b;
    };
    expect(() => decodeJpegExtended(patched((b) => ((b[sof + 5] = 0), (b[sof + 6] = 0))))).toThrow(/height is 0/);
    expect(() => decodeJpegExtended(patched((b) => ((b[sof + 7] = 0), (b[sof + 8] = 0))))).toThrow(/width is 0/);
    expect(() => decodeJpegExtended(patched((b) => ((b[sof + 7] = 0xff), (b[sof + 8] = 0xff))))).toThrow(/65500/);
    expect(() => decodeJpegExtended(patched((b) => (b[sof + 1] = 0xc2)))).toThrow(/progressive/);
    expect(() => decodeJpegExtended(patched((b) => (b[sof + 1] = 0xc9)))).toThrow(/arithmetic/);
    expect(() => decodeJpegExtended(patched((b) => (b[sof + 4] = 16)))).toThrow(/precision 16/);
    // Rename the DHT and DQT markers to APP markers, which decoders skip.
    expect(() => decodeJpegExtended(patched((b) => (b[markerAt(b, 0xc4) + 1] = 0xe5)))).toThrow(/Huffman table \d, which no DHT defined/);
    expect(() => decodeJpegExtended(patched((b) => (b[markerAt(b, 0xdb) + 1] = 0xe5)))).toThrow(/which no DQT defined/);
    // Huge claimed size on a tiny stream fails before allocating.
    expect(() =>
      decodeJpegExtended(patched((b) => ((b[sof + 5] = 0xff), (b[sof + 6] = 0x00), (b[sof + 7] = 0xff), (b[sof + 8] = 0x00)))),
    ).toThrow(/truncated/);
  });

  it('rejects unknown markers and out-of-order restart markers', () => {
    const base = good();
    const sos = markerAt(base, 0xda);
    const unknown = new Uint8Array([...base.subarray(0, sos), 0xff, 0xc8, 0x00, 0x02, ...base.subarray(sos)]);
    expect(() => decodeJpegExtended(unknown)).toThrow(/unexpected marker 0xFFC8/);
    const restarts = transcode(good12(), 7, false);
    const rst = markerAt(restarts, 0xd0);
    restarts[rst + 1] = 0xd3;
    expect(() => decodeJpegExtended(restarts)).toThrow(/expected restart marker RST0 before MCU 7 but found 0xFFD3/);
  });

  it('never fails with anything but a JpegError, and never hangs, on randomly damaged streams', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (const [base, trials] of [
      [good(), 150],
      [good12(), 40],
    ] as const) {
      for (let trial = 0; trial < trials; trial++) {
        const bytes = base.slice();
        const flips = 1 + random(8);
        for (let f = 0; f < flips; f++) bytes[random(bytes.length)] = random(256);
        try {
          decodeJpegExtended(bytes);
        } catch (error) {
          if (!(error instanceof JpegError)) throw error;
        }
      }
    }
  });
});
