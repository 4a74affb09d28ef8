import { CodecError } from '../errors/codec-error';
import { bytesPerSample, decodedLength } from '../frame/frame-layout';
import type { DecodedFrame } from '../frame/frame-types';
import { runCodec } from '../wasm/run-codec';
import { openjph } from '../wasm/wasm-modules';
import { mergeComponents } from './merge-components';
import { HTJ2K_SETTINGS } from './htj2k-options';
import { codestreamPrecision } from './codestream-precision';

const CODEC = 'openjph encoder';

/**
 * Encodes a frame to HTJ2K lossless with RPCL progression (1.2.840.10008.1.2.4.202); bit-exact
 * for 2 to 16 bits, signed or not, any samples per pixel. No colour transform is applied, so
 * the frame's photometric interpretation stays true of the encoded components.
 * Refuses 1-bit data (DICOM keeps it native) and 32-bit data (beyond this codec's 16-bit input).
 */
export function encodeHtj2k(frame: DecodedFrame): Uint8Array {
  if (frame.bitsAllocated === 1) throw new CodecError(CODEC, '1-bit frames cannot be encapsulated in DICOM: keep them native');
  if (frame.bitsAllocated !== 8 && frame.bitsAllocated !== 16) {
    throw new CodecError(CODEC, `${frame.bitsAllocated}-bit samples cannot be HTJ2K-encoded losslessly by OpenJPH (16 bits at most): keep the original transfer syntax`);
  }
  if (frame.pixels.length !== decodedLength(frame)) {
    throw new CodecError(CODEC, `frame holds ${frame.pixels.length} bytes, expected ${decodedLength(frame)}`);
  }
  const precision = codestreamPrecision(frame);
  if (frame.samplesPerPixel === 1 || bytesPerSample(frame.bitsAllocated) === 1) {
    return encodeInterleaved(frame.pixels, frame.columns, frame.rows, frame.samplesPerPixel, precision, frame.pixelRepresentation === 1);
  }
  // OpenJPH's encoder reads every component of a >8-bit image from the first component's
  // samples, so each component is encoded alone and the packets are merged into one codestream.
  const planes = splitPlanes(frame.pixels, frame.samplesPerPixel);
  const single = planes.map((plane) => encodeInterleaved(plane, frame.columns, frame.rows, 1, precision, frame.pixelRepresentation === 1));
  return mergeComponents(CODEC, single);
}

/** Encodes samples laid out as OpenJPH reads them (interleaved, 1 byte up to 8 bits, else 2). */
export function encodeInterleaved(pixels: Uint8Array, width: number, height: number, components: number, precision: number, signed: boolean): Uint8Array {
  return runCodec(CODEC, openjph(), (api) => {
    const encoder = new api.HTJ2KEncoder();
    try {
      const input = encoder.getDecodedBuffer({
        width, height, bitsPerSample: precision, componentCount: components, isSigned: signed, isUsingColorTransform: false,
      });
      if (input.length !== pixels.length) throw new CodecError(CODEC, `encoder expects ${input.length} bytes, the frame has ${pixels.length}`);
      input.set(pixels);
      encoder.setQuality(true, 0);
      encoder.setDecompositions(HTJ2K_SETTINGS.decompositions);
      encoder.setProgressionOrder(HTJ2K_SETTINGS.progressionOrder);
      encoder.setBlockDimensions({ width: HTJ2K_SETTINGS.blockSize, height: HTJ2K_SETTINGS.blockSize });
      encoder.setTilePartDivisionsAtResolutions(true);
      encoder.setTLMMarker(true);
      encoder.encode();
      return encoder.getEncodedBuffer().slice();
    } finally {
      encoder.delete();
    }
  });
}

/** 16-bit interleaved samples to one buffer per component. */
function splitPlanes(pixels: Uint8Array, samples: number): Uint8Array[] {
  const count = pixels.length / 2 / samples;
  return Array.from({ length: samples }, (_, s) => {
    const plane = new Uint8Array(count * 2);
    for (let p = 0; p < count; p++) {
      const from = (p * samples + s) * 2;
      plane[2 * p] = pixels[from];
      plane[2 * p + 1] = pixels[from + 1];
    }
    return plane;
  });
}
