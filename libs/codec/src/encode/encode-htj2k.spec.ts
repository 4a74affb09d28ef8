import * as fs from 'node:fs';
import { TransferSyntax, getFrames, hasPixelData, readPart10, readPixelInfo } from '@triage/dicom';
import { corpusFiles } from '../test-support/corpus';
import { decodeFrame } from '../decode/decode-frame';
import { decodeHtj2kSubResolution, htj2kResolutionPrefixes } from '../decoders/htj2k/decode-htj2k-sub-resolution';
import { readJ2kHeader } from '../decoders/jpeg2000/read-j2k-header';
import { decodeJpeg2000 } from '../decoders/jpeg2000/decode-jpeg2000';
import type { DecodedFrame } from '../frame/frame-types';
import { openjph } from '../wasm/wasm-modules';
import { infoOf, syntheticFrame } from '../test-support/synthetic';
import { encodeHtj2k } from './encode-htj2k';
import { HTJ2K_SETTINGS, ProgressionOrder } from './htj2k-options';

const RPCL = TransferSyntax.HTJ2KLosslessRPCL;

function roundTrip(frame: DecodedFrame): DecodedFrame {
  return decodeFrame(RPCL, encodeHtj2k(frame), infoOf(frame));
}

describe('encodeHtj2k', () => {
  const cases: [number, boolean, number][] = [];
  for (const bits of [8, 12, 16]) for (const signed of [false, true]) for (const spp of [1, 3]) cases.push([bits, signed, spp]);

  test.each(cases)('%i bits, signed %s, %i samples: bit-exact on random and gradient data', (bits, signed, spp) => {
    for (const pattern of ['random', 'gradient'] as const) {
      const frame = syntheticFrame({
        rows: 67,
        columns: 45,
        samplesPerPixel: spp,
        bitsStored: bits,
        signed,
        pattern,
        seed: bits * 10 + spp,
      });
      const back = roundTrip(frame);
      expect(Buffer.from(back.pixels).equals(Buffer.from(frame.pixels))).toBe(true);
      expect(back.photometricInterpretation).toBe(frame.photometricInterpretation);
    }
  });

  test.each([8, 16])('a %i-bit RGB codestream reads the same in OpenJPEG, an independent HTJ2K decoder', (bits) => {
    const frame = syntheticFrame({ rows: 40, columns: 30, samplesPerPixel: 3, bitsStored: bits, signed: false, pattern: 'gradient' });
    const viaOpenjpeg = decodeJpeg2000(encodeHtj2k(frame), infoOf(frame));
    expect(Buffer.from(viaOpenjpeg.pixels).equals(Buffer.from(frame.pixels))).toBe(true);
  });

  test('sub-resolution decodes of a colour frame keep the components apart', () => {
    const frame = syntheticFrame({ rows: 64, columns: 64, samplesPerPixel: 3, bitsStored: 8, signed: false, pattern: 'gradient' });
    const level = decodeHtj2kSubResolution(encodeHtj2k(frame), 0);
    expect(Buffer.from(level.pixels).equals(Buffer.from(frame.pixels))).toBe(true);
  });

  test('writes an HT, reversible, RPCL codestream at the frame precision, read back by OpenJPH', () => {
    const frame = syntheticFrame({ rows: 64, columns: 64, samplesPerPixel: 1, bitsStored: 12, signed: false, pattern: 'gradient' });
    const encoded = encodeHtj2k(frame);
    const header = readJ2kHeader('test', encoded);
    expect(header).toMatchObject({
      highThroughput: true,
      reversible: true,
      progressionOrder: ProgressionOrder.RPCL,
      precision: 12,
      signed: false,
      multipleComponentTransform: false,
    });
    const decoder = new (openjph().api.HTJ2KDecoder)();
    try {
      decoder.getEncodedBuffer(encoded.length).set(encoded);
      decoder.readHeader();
      expect(decoder.getProgressionOrder()).toBe(ProgressionOrder.RPCL);
      expect(decoder.getIsReversible()).toBe(true);
      expect(decoder.getNumDecompositions()).toBe(HTJ2K_SETTINGS.decompositions);
    } finally {
      decoder.delete();
    }
  });

  test('a prefix holding the first resolutions decodes to the same low-resolution image as the whole frame', () => {
    const frame = syntheticFrame({ rows: 512, columns: 512, samplesPerPixel: 1, bitsStored: 16, signed: true, pattern: 'gradient' });
    const encoded = encodeHtj2k(frame);
    const prefixes = htj2kResolutionPrefixes(encoded);
    expect(prefixes).toHaveLength(HTJ2K_SETTINGS.decompositions + 1);
    expect(prefixes[prefixes.length - 1]).toBeLessThanOrEqual(encoded.length);
    // Resolution 2 of 6 is 1/8 of the size: 64×64, from a small share of the bytes.
    const level = HTJ2K_SETTINGS.decompositions - 2;
    const prefix = encoded.subarray(0, prefixes[2]);
    expect(prefix.length).toBeLessThan(encoded.length / 10);
    const fromPrefix = decodeHtj2kSubResolution(prefix, level);
    const fromWhole = decodeHtj2kSubResolution(encoded, level);
    expect([fromPrefix.width, fromPrefix.height]).toEqual([64, 64]);
    expect(Buffer.from(fromPrefix.pixels).equals(Buffer.from(fromWhole.pixels))).toBe(true);
  });

  test('the same prefix is refused by decodeFrame: a full-resolution decode needs the whole frame', () => {
    const frame = syntheticFrame({ rows: 128, columns: 128, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'gradient' });
    const encoded = encodeHtj2k(frame);
    expect(() => decodeFrame(RPCL, encoded.subarray(0, encoded.length - 100), infoOf(frame))).toThrow(/openjph: truncated/);
  });

  test('keeps the full container precision when samples overflow BitsStored, so the round trip stays exact', () => {
    const frame = syntheticFrame({ rows: 16, columns: 16, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'random' });
    const dirty = { ...frame, bitsStored: 12 };
    expect(readJ2kHeader('test', encodeHtj2k(dirty)).precision).toBe(16);
    expect(Buffer.from(roundTrip(dirty).pixels).equals(Buffer.from(frame.pixels))).toBe(true);
  });

  test('refuses 32-bit and 1-bit frames with a reason, so the caller keeps the original syntax', () => {
    const base = syntheticFrame({ rows: 4, columns: 4, samplesPerPixel: 1, bitsStored: 16, signed: false, pattern: 'random' });
    expect(() => encodeHtj2k({ ...base, bitsAllocated: 32, bitsStored: 32, pixels: new Uint8Array(64) })).toThrow(
      /32-bit samples cannot be HTJ2K-encoded.*keep the original transfer syntax/,
    );
    expect(() => encodeHtj2k({ ...base, bitsAllocated: 1, bitsStored: 1, pixels: new Uint8Array(16) })).toThrow(/1-bit frames/);
    expect(() => encodeHtj2k({ ...base, pixels: new Uint8Array(3) })).toThrow(/expected 32/);
  });

  test('round-trips every corpus image whose depth HTJ2K takes, bit for bit', () => {
    const done: string[] = [];
    for (const path of corpusFiles()) {
      let frames: DecodedFrame[];
      try {
        const file = readPart10(fs.readFileSync(path), { source: path });
        if (!hasPixelData(file)) continue;
        const info = readPixelInfo(file);
        if (info.bitsAllocated !== 8 && info.bitsAllocated !== 16) continue;
        frames = getFrames(file, info).map((f) => decodeFrame(file.transferSyntaxUid, f.bytes, info));
      } catch {
        continue; // refused files are covered by the decode tests
      }
      for (const frame of frames) expect(Buffer.from(roundTrip(frame).pixels).equals(Buffer.from(frame.pixels))).toBe(true);
      done.push(path);
    }
    expect(done.length).toBeGreaterThanOrEqual(25);
  });
});
