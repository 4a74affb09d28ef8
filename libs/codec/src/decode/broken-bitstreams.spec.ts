import * as fs from 'node:fs';
import { TransferSyntax, getFrame, readPart10, readPixelInfo } from '@triage/dicom';
import { corpusDir } from '../test-support/corpus';
import { encodeHtj2k } from '../encode/encode-htj2k';
import { CodecError } from '../errors/codec-error';
import type { FrameInfo } from '../frame/frame-types';
import { seededRandom } from '@triage/test-support';
import { infoOf, syntheticFrame } from '../test-support/synthetic';
import { charls } from '../wasm/wasm-modules';
import { decodeFrame } from './decode-frame';

interface Sample {
  name: string;
  ts: string;
  bytes: Uint8Array;
  info: FrameInfo;
}

function fromCorpus(name: string): Sample {
  const file = readPart10(fs.readFileSync(`${corpusDir()}/${name}`), { source: name });
  const info = readPixelInfo(file);
  return { name, ts: file.transferSyntaxUid, bytes: new Uint8Array(getFrame(file, 0, info).bytes), info };
}

function jpegLs(): Sample {
  const frame = syntheticFrame({ rows: 32, columns: 32, samplesPerPixel: 1, bitsStored: 12, signed: false, pattern: 'gradient' });
  const encoder = new (charls().api.JpegLSEncoder)();
  try {
    encoder.getDecodedBuffer({ width: 32, height: 32, bitsPerSample: 12, componentCount: 1, isSigned: false }).set(frame.pixels);
    encoder.encode();
    return { name: 'charls 12-bit', ts: TransferSyntax.JPEGLSLossless, bytes: encoder.getEncodedBuffer().slice(), info: infoOf(frame) };
  } finally {
    encoder.delete();
  }
}

function htj2k(): Sample {
  const frame = syntheticFrame({ rows: 48, columns: 40, samplesPerPixel: 1, bitsStored: 16, signed: true, pattern: 'gradient' });
  return { name: 'openjph 16-bit', ts: TransferSyntax.HTJ2KLosslessRPCL, bytes: encodeHtj2k(frame), info: infoOf(frame) };
}

const samples: Sample[] = [
  fromCorpus('SC_rgb_jpeg_dcmtk.dcm'),
  fromCorpus('JPEG-lossy.dcm'),
  fromCorpus('SC_rgb_jpeg_gdcm.dcm'),
  fromCorpus('MR_small_jp2klossless.dcm'),
  fromCorpus('SC_rgb_gdcm_KY.dcm'),
  fromCorpus('MR_small_RLE.dcm'),
  jpegLs(),
  htj2k(),
];

/** Decodes and reports: a CodecError is a refusal, a valid frame is accepted, anything else fails the test. */
function attempt(sample: Sample, bytes: Uint8Array): 'refused' | 'decoded' {
  try {
    const frame = decodeFrame(sample.ts, bytes, sample.info);
    expect(frame.pixels.length).toBe(
      sample.info.rows * sample.info.columns * sample.info.samplesPerPixel * (sample.info.bitsAllocated > 8 ? 2 : 1),
    );
    return 'decoded';
  } catch (error) {
    if (!(error instanceof CodecError)) throw new Error(`${sample.name}: not a CodecError: ${String(error)}`);
    expect(error.message.length).toBeGreaterThan(10);
    return 'refused';
  }
}

describe.each(samples.map((s) => [s.name, s] as const))('broken bitstreams: %s', (_, sample) => {
  test('the intact frame decodes', () => {
    expect(attempt(sample, sample.bytes)).toBe('decoded');
  });

  test('every truncation is refused with a CodecError', () => {
    for (const fraction of [0, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9]) {
      const cut = sample.bytes.subarray(0, Math.floor(sample.bytes.length * fraction));
      expect([sample.name, fraction, attempt(sample, cut)]).toEqual([sample.name, fraction, 'refused']);
    }
  });

  test('garbage is refused', () => {
    const random = seededRandom(7);
    const garbage = Uint8Array.from({ length: sample.bytes.length }, () => Math.floor(random() * 256));
    expect(attempt(sample, garbage)).toBe('refused');
  });

  test('corrupted bytes never crash or hang: refused or decoded to a frame of the right size', () => {
    const random = seededRandom(11);
    for (let round = 0; round < 25; round++) {
      const bytes = sample.bytes.slice();
      for (let k = 0; k < 4; k++) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      attempt(sample, bytes);
    }
  });

  test('a frame of another size is refused', () => {
    expect(() => decodeFrame(sample.ts, sample.bytes, { ...sample.info, rows: sample.info.rows + 1 })).toThrow(CodecError);
  });
});

test('an unknown transfer syntax is refused', () => {
  expect(() => decodeFrame('1.2.3', new Uint8Array(4), samples[0].info)).toThrow(/unknown transfer syntax 1.2.3/);
});

test('a JPEG 2000 frame with a DICOM delimiter written into its SIZ is refused saying so, its fragment extracted whole', () => {
  const sample = fromCorpus('JPEG2000-embedded-sequence-delimiter.dcm');
  // The fragment is one whole codestream, SOC to EOC: the damage is inside it, not in the extraction.
  expect(sample.bytes.length).toBe(250);
  expect([...sample.bytes.subarray(0, 2), ...sample.bytes.subarray(-2)]).toEqual([0xff, 0x4f, 0xff, 0xd9]);
  expect(() => decodeFrame(sample.ts, sample.bytes, sample.info)).toThrow(
    /SIZ marker segment says the image is 3722445056×1024, the DICOM header says 256×1024: bytes 6–9 of the frame \(FE FF DD E0\) are a DICOM Sequence Delimitation Item tag \(FFFE,E0DD\) written over the SIZ field\(s\) Rsiz, Xsiz/,
  );
});

test("a JPEG 2000 frame whose SIZ size is not the DICOM header's is refused before OpenJPEG runs", () => {
  const sample = fromCorpus('MR_small_jp2klossless.dcm');
  expect(() => decodeFrame(sample.ts, sample.bytes, { ...sample.info, columns: sample.info.columns + 1 })).toThrow(
    /the codestream is corrupt or belongs to another image/,
  );
});
