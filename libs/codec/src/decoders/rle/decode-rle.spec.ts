import { CodecError } from '../../errors/codec-error';
import type { FrameInfo } from '../../frame/frame-types';
import { decodeRle } from './decode-rle';

const info = (over: Partial<FrameInfo> = {}): FrameInfo => ({
  rows: 2,
  columns: 3,
  samplesPerPixel: 1,
  bitsAllocated: 8,
  bitsStored: 8,
  highBit: 7,
  pixelRepresentation: 0,
  photometricInterpretation: 'MONOCHROME2',
  planarConfiguration: 0,
  ...over,
});

/** An RLE frame from already PackBits-coded segments. */
function rleFrame(segments: number[][]): Uint8Array {
  const header = new Uint8Array(64);
  const view = new DataView(header.buffer);
  view.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((s, i) => {
    view.setUint32(4 + i * 4, offset, true);
    offset += s.length;
  });
  return Uint8Array.from([...header, ...segments.flat()]);
}

describe('decodeRle (PS3.5 Annex G)', () => {
  test('literal and replicate runs, and the -128 no-op', () => {
    // 2 literal bytes (n=1), no-op, repeat 9 four times (n=-3).
    const frame = decodeRle(rleFrame([[1, 5, 6, 0x80, 0xfd, 9]]), info());
    expect(Array.from(frame.pixels)).toEqual([5, 6, 9, 9, 9, 9]);
  });

  test('16-bit samples: high-byte segment first, output little endian', () => {
    const frame = decodeRle(
      rleFrame([
        [0x02, 0x01, 0x02, 0x03],
        [0x02, 0xaa, 0xbb, 0xcc],
      ]),
      info({ rows: 1, bitsAllocated: 16, bitsStored: 16 }),
    );
    expect(Array.from(frame.pixels)).toEqual([0xaa, 0x01, 0xbb, 0x02, 0xcc, 0x03]);
  });

  test('3 samples (planar by nature) come out interleaved', () => {
    const frame = decodeRle(
      rleFrame([
        [0xff, 1],
        [0xff, 2],
        [0xff, 3],
      ]),
      info({ rows: 1, columns: 2, samplesPerPixel: 3, photometricInterpretation: 'RGB' }),
    );
    expect(Array.from(frame.pixels)).toEqual([1, 2, 3, 1, 2, 3]);
    expect(frame.planarConfiguration).toBe(0);
  });

  test('32-bit samples use four segments per sample', () => {
    const frame = decodeRle(
      rleFrame([
        [0, 0x12],
        [0, 0x34],
        [0, 0x56],
        [0, 0x78],
      ]),
      info({ rows: 1, columns: 1, bitsAllocated: 32, bitsStored: 32 }),
    );
    expect(Array.from(frame.pixels)).toEqual([0x78, 0x56, 0x34, 0x12]);
  });

  test('a last run spilling past the plane is clipped (encoder padding)', () => {
    expect(Array.from(decodeRle(rleFrame([[0xf9, 4]]), info()).pixels)).toEqual([4, 4, 4, 4, 4, 4]);
  });

  test.each([
    ['a header shorter than 64 bytes', new Uint8Array(10), /shorter than the 64-byte RLE header/],
    [
      'the wrong segment count',
      rleFrame([
        [0xfb, 1],
        [0xfb, 1],
      ]),
      /lists 2 segments, the pixel module needs 1/,
    ],
    ['a segment that ends early', rleFrame([[0x01, 1, 2]]), /ends after 2 of 6 bytes/],
    ['a literal run past the segment', rleFrame([[0x05, 1, 2]]), /overruns the segment/],
  ])('refuses %s', (_, bytes, why) => {
    expect(() => decodeRle(bytes, info())).toThrow(CodecError);
    expect(() => decodeRle(bytes, info())).toThrow(why);
  });

  test('refuses segment offsets out of order', () => {
    const bytes = rleFrame([
      [0xfb, 1],
      [0xfb, 1],
    ]);
    new DataView(bytes.buffer).setUint32(8, 10, true);
    expect(() => decodeRle(bytes, info({ bitsAllocated: 16, bitsStored: 16 }))).toThrow(/out of order/);
  });
});
