import { CodecError } from '../errors/codec-error';
import type { DecodedFrame } from '../frame/frame-types';
import { copyOut } from '../wasm/copy-out';
import { runCodec } from '../wasm/run-codec';
import { charls, openjpeg } from '../wasm/wasm-modules';

/** Lossless JPEG 2000 Part 1 (1.2.840.10008.1.2.4.90) with OpenJPEG, one component: for comparisons and benchmarks. */
export function encodeJpeg2000Lossless(frame: DecodedFrame): Uint8Array {
  checkGrey('openjpeg encoder', frame);
  return runCodec('openjpeg encoder', openjpeg(), (api) => {
    const encoder = new api.J2KEncoder();
    try {
      encoder.getDecodedBuffer(codecInfo(frame)).set(frame.pixels);
      encoder.setQuality(true, 0);
      encoder.setDecompositions(5);
      encoder.encode();
      return copyOut(encoder.getEncodedBuffer());
    } finally {
      encoder.delete();
    }
  });
}

/** Lossless JPEG-LS (1.2.840.10008.1.2.4.80) with CharLS, one component: for comparisons and benchmarks. */
export function encodeJpegLsLossless(frame: DecodedFrame): Uint8Array {
  checkGrey('charls encoder', frame);
  return runCodec('charls encoder', charls(), (api) => {
    const encoder = new api.JpegLSEncoder();
    try {
      encoder.getDecodedBuffer(codecInfo(frame)).set(frame.pixels);
      encoder.setNearLossless(0);
      encoder.encode();
      return copyOut(encoder.getEncodedBuffer());
    } finally {
      encoder.delete();
    }
  });
}

function codecInfo(frame: DecodedFrame): {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
} {
  return {
    width: frame.columns,
    height: frame.rows,
    bitsPerSample: frame.bitsStored,
    componentCount: 1,
    isSigned: frame.pixelRepresentation === 1,
  };
}

function checkGrey(codec: string, frame: DecodedFrame): void {
  if (frame.samplesPerPixel !== 1 || (frame.bitsAllocated !== 8 && frame.bitsAllocated !== 16)) {
    throw new CodecError(codec, 'only single-sample 8- or 16-bit frames are supported here');
  }
}
