import * as zlib from 'node:zlib';
import { summarizeFrame } from './frame-checksum';

function frame(bitsAllocated: number, pixelRepresentation: number, bytes: number[], offset = 0) {
  const buffer = new Uint8Array(bytes.length + offset);
  buffer.set(bytes, offset);
  return { pixels: buffer.subarray(offset), rows: 1, columns: bytes.length, bitsAllocated, pixelRepresentation };
}

describe('summarizeFrame', () => {
  it.each([
    ['8-bit unsigned', frame(8, 0, [0, 255, 7, 128]), 0, 255],
    ['8-bit signed', frame(8, 1, [0, 255, 7, 128]), -128, 7],
    ['16-bit unsigned', frame(16, 0, [0x34, 0x12, 0xff, 0xff, 0, 0]), 0, 0xffff],
    ['16-bit signed', frame(16, 1, [0x34, 0x12, 0xff, 0xff, 0, 0x80]), -32768, 0x1234],
    ['16-bit signed at an odd offset (read one by one)', frame(16, 1, [0x34, 0x12, 0xff, 0xff], 1), -1, 0x1234],
    ['32-bit signed', frame(32, 1, [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]), -1, 1],
    ['32-bit unsigned at an odd offset', frame(32, 0, [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], 3), 1, 0xffffffff],
    ['empty', frame(16, 1, []), 0, 0],
  ])('%s: min %d, max %d, CRC-32 of the bytes', (_, f, min, max) => {
    expect(summarizeFrame(f)).toEqual({ checksum: { Width: f.columns, Height: 1, Checksum: zlib.crc32(f.pixels) }, min, max });
  });
});
