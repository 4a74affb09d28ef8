import type { DecodedFrame } from '@triage/codec';
import { summarizeFrame } from '@triage/dicom';
import { frameSummary } from './frame-summary';

function frame(bitsAllocated: number, pixelRepresentation: number, bytes: number[], offset = 0): DecodedFrame {
  const buffer = new Uint8Array(bytes.length + offset);
  buffer.set(bytes, offset);
  return {
    pixels: buffer.subarray(offset),
    rows: 1,
    columns: bytes.length,
    samplesPerPixel: 1,
    bitsAllocated,
    bitsStored: bitsAllocated,
    pixelRepresentation,
    photometricInterpretation: 'MONOCHROME2',
    planarConfiguration: 0,
  };
}

describe('frameSummary', () => {
  it.each([
    ['8-bit unsigned', frame(8, 0, [0, 255, 7, 128])],
    ['8-bit signed', frame(8, 1, [0, 255, 7, 128])],
    ['16-bit unsigned', frame(16, 0, [0x34, 0x12, 0xff, 0xff, 0, 0])],
    ['16-bit signed', frame(16, 1, [0x34, 0x12, 0xff, 0xff, 0, 0x80])],
    ['16-bit signed, odd offset (through summarizeFrame)', frame(16, 1, [0x34, 0x12, 0xff, 0xff], 1)],
    ['32-bit (through summarizeFrame)', frame(32, 1, [1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff])],
    ['empty', frame(16, 1, [])],
  ])('%s: the same as summarizeFrame', (_, f) => {
    expect(frameSummary(f)).toEqual(summarizeFrame(f));
  });
});
