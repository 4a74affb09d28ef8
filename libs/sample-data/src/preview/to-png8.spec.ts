import { inflateSync } from 'node:zlib';
import type { Frame } from '../types';
import { toPng8 } from './to-png8';

describe('toPng8', () => {
  const frame: Frame = {
    rows: 2,
    columns: 3,
    pixels: new Int16Array([0, 1024, 2048, 824, 1224, 4095]),
    rescaleSlope: 1,
    rescaleIntercept: -1024,
    window: { center: 0, width: 400 },
  };

  it('writes a greyscale PNG through the window', () => {
    const png = Buffer.from(toPng8(frame));
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20), png[24], png[25]]).toEqual([3, 2, 8, 0]);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    const raw = inflateSync(png.subarray(41, 41 + idatLength));
    // HU -1024, 0, 1024 / -200, 200, 3071 through centre 0 width 400.
    expect([...raw]).toEqual([0, 0, 128, 255, 0, 0, 255, 255]);
  });

  it('refuses a frame whose size does not match its pixels', () => {
    expect(() => toPng8({ ...frame, rows: 3 })).toThrow(RangeError);
  });
});
