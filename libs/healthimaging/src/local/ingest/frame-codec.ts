import { CodecPool, DecodedFrame, FrameInfo, decodeFrame, encodeHtj2k } from '@triage/codec';

/** What ingest needs from a codec: the worker pool in the API, in-process code elsewhere. */
export interface FrameCodec {
  decode(transferSyntaxUid: string, bytes: Uint8Array, info: FrameInfo): Promise<DecodedFrame>;
  encodeHtj2k(frame: DecodedFrame): Promise<Uint8Array>;
}

/** The pool when one is given, else decodeFrame/encodeHtj2k on the calling thread. */
export function frameCodec(pool?: CodecPool): FrameCodec {
  if (pool) return { decode: (ts, bytes, info) => pool.decode(ts, bytes, info), encodeHtj2k: (frame) => pool.encodeHtj2k(frame) };
  return {
    decode: async (ts, bytes, info) => decodeFrame(ts, bytes, info),
    encodeHtj2k: async (frame) => encodeHtj2k(frame),
  };
}
