import * as fs from 'node:fs';
import * as path from 'node:path';
import { DicomError } from '../errors/dicom-error';
import { readPart10 } from '../parse/read-part10';
import { corpusDir } from '../test-support/corpus';
import { writePart10 } from '../write/write-part10';
import { toDicomJson } from '../json/to-dicom-json';
import { getFrame, getFrames } from './extract-frames';
import { readPixelInfo } from './pixel-info';

const read = (name: string) => readPart10(fs.readFileSync(path.join(corpusDir(), name)), { source: name });

describe('frame extraction', () => {
  it('gives big endian native frames little endian, equal to the little endian file', () => {
    const le = getFrames(read('MR_small.dcm'));
    const be = getFrames(read('MR_small_expb.dcm'));
    expect(Buffer.from(be[0].bytes).equals(Buffer.from(le[0].bytes))).toBe(true);
    const doseLe = getFrames(read('rtdose.dcm'));
    const doseBe = getFrames(read('rtdose_expb.dcm'));
    expect(doseLe).toHaveLength(15);
    doseLe.forEach((f, i) => expect(Buffer.from(doseBe[i].bytes).equals(Buffer.from(f.bytes))).toBe(true));
  });

  it('splits multi-frame native data at frame boundaries', () => {
    const file = read('rtdose.dcm');
    const frames = getFrames(file);
    const all = Buffer.concat(frames.map((f) => f.bytes));
    const element = file.dataSet.elements['x7fe00010'];
    expect(all.equals(Buffer.from(file.byteArray.subarray(element.dataOffset, element.dataOffset + element.length)))).toBe(true);
    expect(() => getFrame(file, 15)).toThrow(/frame 16 does not exist: the image has 15/);
  });

  it('gives one bitstream per frame of encapsulated data', () => {
    const frames = getFrames(read('SC_rgb_rle_2frame.dcm'));
    expect(frames).toHaveLength(2);
    expect(frames.every((f) => f.encapsulated)).toBe(true);
    expect(getFrames(read('JPEG2000.dcm'))[0].bytes.subarray(0, 2)).toEqual(new Uint8Array([0xff, 0x4f]));
  });

  it('finds frames by codestream markers when there is no offset table and frames span fragments', () => {
    const source = read('SC_rgb_rle_2frame.dcm');
    const dataset = toDicomJson(source);
    const j2k = getFrames(read('JPEG2000.dcm'))[0].bytes;
    // Two frames, each split over two fragments, no offset table: written by hand below.
    const frames = [j2k, j2k];
    const file = writeFragmented(dataset, frames);
    const parsed = readPart10(file, { source: 'fragmented' });
    const out = getFrames(parsed, { ...readPixelInfo(parsed), numberOfFrames: 2 });
    expect(Buffer.from(out[0].bytes).equals(Buffer.from(j2k))).toBe(true);
    expect(Buffer.from(out[1].bytes).equals(Buffer.from(j2k))).toBe(true);
  });

  it('realigns 1-bit frames that start mid-byte', () => {
    const file = read('liver_1frame.dcm');
    const info = { ...readPixelInfo(file), rows: 3, columns: 3, numberOfFrames: 3 };
    const element = file.dataSet.elements['x7fe00010'];
    const data = file.byteArray.subarray(element.dataOffset, element.dataOffset + 4);
    data.set([0b10110011, 0b00000110, 0b00000000, 0b00000000]);
    // frame 2 = bits 9..17 of the stream
    const second = getFrame(file, 1, info).bytes;
    const bit = (n: number) => (data[n >> 3] >> (n & 7)) & 1;
    for (let i = 0; i < 9; i++) expect((second[i >> 3] >> (i & 7)) & 1).toBe(bit(9 + i));
  });

  it('refuses pixel data too short for its frames, naming the numbers', () => {
    const file = read('MR_small.dcm');
    expect(() => getFrame(file, 0, { ...readPixelInfo(file), rows: 128 })).toThrow(DicomError);
    expect(() => getFrame(file, 0, { ...readPixelInfo(file), rows: 128 })).toThrow(/8192 bytes, too few/);
  });

  it('refuses an invalid NumberOfFrames', () => {
    expect(() => readPixelInfo(read('badVR.dcm'))).toThrow(/NumberOfFrames is '1A'/);
  });
});

/** A JPEG 2000 file whose frames are each split in two fragments, with an empty basic offset table. */
function writeFragmented(dataset: ReturnType<typeof toDicomJson>, frames: Uint8Array[]): Uint8Array {
  const head = writePart10(
    { ...dataset, '00280008': { vr: 'IS', Value: [frames.length] } },
    { transferSyntaxUid: '1.2.840.10008.1.2.4.91' },
  );
  const item = (bytes: Uint8Array) => {
    const header = Buffer.alloc(8);
    header.writeUInt16LE(0xfffe, 0);
    header.writeUInt16LE(0xe000, 2);
    header.writeUInt32LE(bytes.length, 4);
    return Buffer.concat([header, bytes]);
  };
  const parts: Buffer[] = [Buffer.from(head)];
  const pixelHeader = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  parts.push(pixelHeader, item(new Uint8Array(0)));
  for (const f of frames) {
    const half = (f.length >> 1) & ~1;
    parts.push(item(f.subarray(0, half)), item(f.subarray(half)));
  }
  parts.push(Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]));
  return Buffer.concat(parts);
}
