import type { CodecFrameInfo, EmbindObject } from './codec-api';
import { copyOut } from './copy-out';
import { runCodec } from './run-codec';
import type { LoadedModule } from './wasm-modules';

/** What every cornerstone decoder class offers for a whole-image decode. */
export interface WasmDecoder extends EmbindObject {
  getEncodedBuffer(length: number): Uint8Array;
  decode(): void;
  getFrameInfo(): CodecFrameInfo;
  getDecodedBuffer(): Uint8Array | Uint8ClampedArray;
}

/**
 * Decodes one bitstream with a cornerstone WASM decoder: copies the input into WASM memory,
 * decodes, copies the pixels out and always frees the decoder. `extra` reads anything else the
 * decoder knows (CharLS's interleave mode) before it is freed.
 */
export function decodeWithWasm<M, D extends WasmDecoder, X = undefined>(
  codec: string,
  module: LoadedModule<M>,
  create: (api: M) => D,
  bytes: Uint8Array,
  extra?: (decoder: D) => X,
): { frame: CodecFrameInfo; pixels: Uint8Array; extra: X } {
  return runCodec(codec, module, (api) => {
    const decoder = create(api);
    try {
      decoder.getEncodedBuffer(bytes.length).set(bytes);
      decoder.decode();
      return { frame: decoder.getFrameInfo(), extra: extra?.(decoder) as X, pixels: copyOut(decoder.getDecodedBuffer()) };
    } finally {
      decoder.delete();
    }
  });
}
