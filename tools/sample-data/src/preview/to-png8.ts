import { deflateSync } from 'node:zlib';
import type { Frame } from '../types';

/** A display window in rescaled units (HU for CT). */
export interface DisplayWindow {
  center: number;
  width: number;
}

/**
 * Renders a frame as an 8-bit greyscale PNG through a linear window (the frame's own by default),
 * for previews and thumbnails; MONOCHROME2, so higher values are brighter.
 */
export function toPng8(frame: Frame, window: DisplayWindow = frame.window): Uint8Array {
  const { rows, columns, pixels, rescaleSlope, rescaleIntercept } = frame;
  if (pixels.length !== rows * columns) throw new RangeError(`frame has ${pixels.length} pixels, not ${rows}×${columns}`);
  if (!(window.width > 0)) throw new RangeError(`window width ${window.width} is not positive`);
  const low = window.center - window.width / 2;

  // Each PNG row starts with its filter type byte (0: none).
  const raw = Buffer.alloc((columns + 1) * rows);
  for (let r = 0; r < rows; r++) {
    const at = r * (columns + 1) + 1;
    for (let c = 0; c < columns; c++) {
      const v = ((pixels[r * columns + c] * rescaleSlope + rescaleIntercept - low) * 255) / window.width;
      raw[at + c] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(columns, 0);
  header.writeUInt32BE(rows, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
