import { CodecError } from '../../errors/codec-error';
import { parseCodestream } from '../../codestream/j2k-codestream';
import { lastComplaint, runCodec } from '../../wasm/run-codec';
import { copyOut } from '../../wasm/copy-out';
import { openjph } from '../../wasm/wasm-modules';
import { readJ2kHeader } from '../jpeg2000/read-j2k-header';
import { reorderPlanarLines } from './reorder-planar-lines';

const CODEC = 'openjph';

/** A reduced-resolution image decoded from (a prefix of) an HTJ2K codestream. */
export interface SubResolutionImage {
  width: number;
  height: number;
  components: number;
  bitsPerSample: number;
  signed: boolean;
  /** Interleaved samples, 1 byte each up to 8 bits, else 2 (little endian). */
  pixels: Uint8Array;
}

/**
 * Decodes an HTJ2K codestream at `decompositionLevel` (0 full size, 1 half, …). The bytes may be
 * a prefix of the frame, as long as it holds the tile-parts of the resolutions asked for
 * (see {@link htj2kResolutionPrefixes}): what a viewer draws from the first bytes of an RPCL frame.
 */
export function decodeHtj2kSubResolution(bytes: Uint8Array, decompositionLevel: number): SubResolutionImage {
  const header = readJ2kHeader(CODEC, bytes);
  if (!header.highThroughput) throw new CodecError(CODEC, 'not an HTJ2K codestream (Rsiz bit 14 is clear)');
  if (!Number.isInteger(decompositionLevel) || decompositionLevel < 0 || decompositionLevel > header.decompositions) {
    throw new CodecError(CODEC, `decomposition level ${decompositionLevel} is outside 0..${header.decompositions}`);
  }
  const module = openjph();
  const result = runCodec(CODEC, module, (api) => {
    const decoder = new api.HTJ2KDecoder();
    try {
      decoder.getEncodedBuffer(bytes.length - header.codestreamStart).set(bytes.subarray(header.codestreamStart));
      decoder.decodeSubResolution(decompositionLevel);
      const frame = decoder.getFrameInfo();
      const size = decoder.calculateSizeAtDecompositionLevel(decompositionLevel);
      return { frame, size, pixels: copyOut(decoder.getDecodedBuffer()) };
    } finally {
      decoder.delete();
    }
  });
  const { frame, size, pixels } = result;
  const expected = size.width * size.height * frame.componentCount * (frame.bitsPerSample > 8 ? 2 : 1);
  if (frame.width === 0 || pixels.length !== expected || expected === 0) {
    throw new CodecError(
      CODEC,
      lastComplaint(module) ?? `decoded ${pixels.length} bytes at level ${decompositionLevel}, expected ${expected}`,
    );
  }
  const ordered =
    frame.componentCount > 1 && !header.multipleComponentTransform
      ? reorderPlanarLines(pixels, size.width, size.height, frame.componentCount, frame.bitsPerSample > 8 ? 2 : 1)
      : pixels;
  return {
    width: size.width,
    height: size.height,
    components: frame.componentCount,
    bitsPerSample: frame.bitsPerSample,
    signed: frame.isSigned,
    pixels: ordered,
  };
}

/**
 * For a codestream written with one tile-part per resolution (as encodeHtj2k does): the number of
 * bytes to read to hold resolutions 0..r, indexed by r (lowest resolution first).
 */
export function htj2kResolutionPrefixes(bytes: Uint8Array): number[] {
  const header = readJ2kHeader(CODEC, bytes);
  return parseCodestream(CODEC, bytes.subarray(header.codestreamStart)).tilePartEnds.map((end) => header.codestreamStart + end);
}
