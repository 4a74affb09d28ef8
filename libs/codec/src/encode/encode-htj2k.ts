import { CodecError } from '../errors/codec-error';
import { bytesPerSample, decodedLength } from '../frame/frame-layout';
import type { DecodedFrame } from '../frame/frame-types';
import { runCodec } from '../wasm/run-codec';
import { copyOut } from '../wasm/copy-out';
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
    throw new CodecError(
      CODEC,
      `${frame.bitsAllocated}-bit samples cannot be HTJ2K-encoded losslessly by OpenJPH (16 bits at most): keep the original transfer syntax`,
    );
  }
  if (frame.pixels.length !== decodedLength(frame)) {
    throw new CodecError(CODEC, `frame holds ${frame.pixels.length} bytes, expected ${decodedLength(frame)}`);
  }
  const precision = codestreamPrecision(frame);
  if (frame.samplesPerPixel === 1) {
    return encodeInterleaved(frame.pixels, frame.columns, frame.rows, 1, precision, frame.pixelRepresentation === 1);
  }
  // OpenJPH's wrapper mislays multi-component input without a colour transform (it feeds lines in
  // component-major order as if they were interleaved, and >8-bit components all read component
  // 0's samples), so each component is encoded alone and the packets are merged into one codestream.
  const planes = splitPlanes(frame.pixels, frame.samplesPerPixel, bytesPerSample(frame.bitsAllocated));
  const single = planes.map((plane) => encodeInterleaved(plane, frame.columns, frame.rows, 1, precision, frame.pixelRepresentation === 1));
  return mergeComponents(CODEC, single);
}

/** Encodes samples laid out as OpenJPH reads them (interleaved, 1 byte up to 8 bits, else 2). */
function encodeInterleaved(
  pixels: Uint8Array,
  width: number,
  height: number,
  components: number,
  precision: number,
  signed: boolean,
): Uint8Array {
  return runCodec(CODEC, openjph(), (api) => {
    const encoder = new api.HTJ2KEncoder();
    try {
      const input = encoder.getDecodedBuffer({
        width,
        height,
        bitsPerSample: precision,
        componentCount: components,
        isSigned: signed,
        isUsingColorTransform: false,
      });
      if (input.length !== pixels.length)
        throw new CodecError(CODEC, `encoder expects ${input.length} bytes, the frame has ${pixels.length}`);
      input.set(pixels);
      encoder.setQuality(true, 0);
      encoder.setDecompositions(HTJ2K_SETTINGS.decompositions);
      encoder.setProgressionOrder(HTJ2K_SETTINGS.progressionOrder);
      encoder.setBlockDimensions({ width: HTJ2K_SETTINGS.blockSize, height: HTJ2K_SETTINGS.blockSize });
      encoder.setTilePartDivisionsAtResolutions(true);
      encoder.setTLMMarker(true);
      encoder.encode();
      return copyOut(encoder.getEncodedBuffer());
    } finally {
      encoder.delete();
    }
  });
}

/** Interleaved samples of `size` bytes to one buffer per component. */
function splitPlanes(pixels: Uint8Array, samples: number, size: number): Uint8Array[] {
  const count = pixels.length / size / samples;
  return Array.from({ length: samples }, (_, s) => {
    const plane = new Uint8Array(count * size);
    for (let p = 0; p < count; p++) {
      const from = (p * samples + s) * size;
      for (let b = 0; b < size; b++) plane[p * size + b] = pixels[from + b];
    }
    return plane;
  });
}
