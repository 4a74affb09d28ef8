import { TransferSyntax } from '@triage/dicom';
import { decodeFrame } from '../decode/decode-frame';
import { decodeHtj2kSubResolution, htj2kResolutionPrefixes } from '../decoders/htj2k/decode-htj2k-sub-resolution';
import { encodeHtj2k } from '../encode/encode-htj2k';
import { HTJ2K_SETTINGS } from '../encode/htj2k-options';
import { infoOf, syntheticFrame } from '../test-support/synthetic';
import { parseCodestream, serializeCodestream, TLM } from './j2k-codestream';
import { resolutionEnds } from './resolution-ends';

const D = HTJ2K_SETTINGS.decompositions;

// Frames as ingest stores them; each prefix must decode at its level to the size in the table.
const cases = [
  { name: '512×512 16-bit signed CT-like', rows: 512, columns: 512, spp: 1, bits: 16, signed: true, sizes: [16, 32, 64, 128, 256, 512] },
  { name: '67×45 12-bit (odd sizes round up)', rows: 67, columns: 45, spp: 1, bits: 12, signed: false, sizes: [2, 3, 6, 12, 23, 45] },
  { name: '64×48 8-bit RGB (merged components)', rows: 48, columns: 64, spp: 3, bits: 8, signed: false, sizes: [2, 4, 8, 16, 32, 64] },
];

describe('resolutionEnds', () => {
  test.each(cases)('$name: each prefix decodes at its level to the whole frame’s image there', (c) => {
    const frame = syntheticFrame({
      rows: c.rows,
      columns: c.columns,
      samplesPerPixel: c.spp,
      bitsStored: c.bits,
      signed: c.signed,
      pattern: 'gradient',
    });
    const encoded = encodeHtj2k(frame);
    const ends = resolutionEnds(encoded);
    expect(ends).toHaveLength(D + 1);
    expect(ends[D]).toBe(encoded.length);
    // The existing walk over every SOT finds the same tile-part ends (the last one before EOC).
    expect(ends.slice(0, D)).toEqual(htj2kResolutionPrefixes(encoded).slice(0, D));
    for (let i = 0; i < D; i++) {
      expect(ends[i]).toBeLessThan(ends[i + 1]);
      const level = D - i;
      const fromPrefix = decodeHtj2kSubResolution(encoded.subarray(0, ends[i]), level);
      const fromWhole = decodeHtj2kSubResolution(encoded, level);
      expect([level, fromPrefix.width]).toEqual([level, c.sizes[i]]);
      expect(fromPrefix.height).toBe(Math.ceil(c.rows / 2 ** level));
      expect(Buffer.from(fromPrefix.pixels).equals(Buffer.from(fromWhole.pixels))).toBe(true);
    }
    const full = decodeFrame(TransferSyntax.HTJ2KLosslessRPCL, encoded.subarray(0, ends[D]), infoOf(frame));
    expect(Buffer.from(full.pixels).equals(Buffer.from(frame.pixels))).toBe(true);
  });

  test('a prefix cut inside the last tile-part is refused by a full-resolution decode', () => {
    const frame = syntheticFrame({ rows: 128, columns: 128, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'random' });
    const encoded = encodeHtj2k(frame);
    const ends = resolutionEnds(encoded);
    expect(() => decodeFrame(TransferSyntax.HTJ2KLosslessRPCL, encoded.subarray(0, ends[D] - 3), infoOf(frame))).toThrow(/truncated/);
  });

  test('reads the same ends without a TLM marker, from each SOT', () => {
    const frame = syntheticFrame({ rows: 100, columns: 80, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'gradient' });
    const encoded = encodeHtj2k(frame);
    const parsed = parseCodestream('test', encoded);
    const withoutTlm = serializeCodestream(
      parsed.main.filter((m) => m.marker !== TLM),
      parsed.tileParts.map((tp) => ({ ...tp, bodies: [tp.body] })),
    );
    const tlmLength = encoded.length - withoutTlm.length;
    expect(tlmLength).toBeGreaterThan(0);
    expect(resolutionEnds(withoutTlm)).toEqual(resolutionEnds(encoded).map((end) => end - tlmLength));
  });

  test('a codestream not divided by resolution has one end: its length', () => {
    const frame = syntheticFrame({ rows: 32, columns: 32, samplesPerPixel: 1, bitsStored: 8, signed: false, pattern: 'gradient' });
    const parsed = parseCodestream('test', encodeHtj2k(frame));
    // The same packets in a single tile-part: nothing short of the whole stream holds whole resolutions.
    const single = serializeCodestream(
      parsed.main.filter((m) => m.marker !== TLM),
      [{ tile: 0, index: 0, count: 1, header: [], bodies: parsed.tileParts.map((tp) => tp.body) }],
    );
    expect(resolutionEnds(single)).toEqual([single.length]);
  });

  test.each([
    ['no SOC', new Uint8Array([0, 1, 2, 3]), /no SOC marker/],
    ['a cut main header', new Uint8Array([0xff, 0x4f, 0xff, 0x51, 0x00, 0x29, 0, 0]), /corrupt main header at byte 2/],
    ['no SIZ or COD', new Uint8Array([0xff, 0x4f, 0xff, 0x90, 0, 10, 0, 0, 0, 0, 0, 0, 0, 1]), /no SIZ or COD/],
  ])('refuses %s with a reason', (_name, bytes, reason) => {
    expect(() => resolutionEnds(bytes)).toThrow(reason);
  });

  test('refuses a codestream whose TLM promises more bytes than it has', () => {
    const frame = syntheticFrame({ rows: 64, columns: 64, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'random' });
    const encoded = encodeHtj2k(frame);
    expect(() => resolutionEnds(encoded.subarray(0, encoded.length - 100))).toThrow(/truncated: the tile-parts end at byte/);
  });
});
