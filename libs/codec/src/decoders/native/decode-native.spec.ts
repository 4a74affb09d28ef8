import type { FrameInfo } from '../../frame/frame-types';
import { decodeNative } from './decode-native';

const info = (over: Partial<FrameInfo>): FrameInfo => ({
  rows: 1,
  columns: 2,
  samplesPerPixel: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
  ...over,
});

describe('decodeNative', () => {
  test('copies interleaved frames (never aliases the caller’s buffer)', () => {
    const bytes = Buffer.from([1, 2, 3, 4]);
    const frame = decodeNative(bytes, info({ bitsAllocated: 16, bitsStored: 16, columns: 2 }));
    bytes[0] = 99;
    expect(Array.from(frame.pixels)).toEqual([1, 2, 3, 4]);
    expect(Buffer.isBuffer(frame.pixels)).toBe(false);
  });

  test('interleaves planar colour', () => {
    const frame = decodeNative(
      Uint8Array.from([1, 2, 3, 4, 5, 6]),
      info({ samplesPerPixel: 3, planarConfiguration: 1, photometricInterpretation: 'RGB' }),
    );
    expect(Array.from(frame.pixels)).toEqual([1, 3, 5, 2, 4, 6]);
  });

  test('upsamples YBR_FULL_422 to YBR_FULL', () => {
    const frame = decodeNative(
      Uint8Array.from([10, 20, 100, 200]),
      info({ samplesPerPixel: 3, photometricInterpretation: 'YBR_FULL_422' }),
    );
    expect(Array.from(frame.pixels)).toEqual([10, 100, 200, 20, 100, 200]);
    expect(frame.photometricInterpretation).toBe('YBR_FULL');
  });

  test('unpacks 1-bit data, least significant bit first', () => {
    const frame = decodeNative(Uint8Array.from([0b00000101, 0b1]), info({ columns: 9, bitsAllocated: 1, bitsStored: 1 }));
    expect(Array.from(frame.pixels)).toEqual([1, 0, 1, 0, 0, 0, 0, 0, 1]);
  });

  test('refuses a short frame', () => {
    expect(() => decodeNative(new Uint8Array(3), info({ bitsAllocated: 16, bitsStored: 16 }))).toThrow(
      /native: frame holds 3 bytes, expected 4/,
    );
  });
});
