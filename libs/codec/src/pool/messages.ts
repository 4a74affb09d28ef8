import type { DecodedFrame, FrameInfo } from '../frame/frame-types';

/** A job for a codec worker. */
export type CodecRequest =
  | { id: number; op: 'decode'; transferSyntaxUid: string; bytes: Uint8Array; info: FrameInfo }
  | { id: number; op: 'encodeHtj2k'; frame: DecodedFrame };

/** An error as it crosses the thread boundary (Error objects lose their class on the way). */
export interface SerializedError {
  name: string;
  message: string;
  codec?: string;
  reason?: string;
}

/** A worker's answer to one job. */
export type CodecResponse = { id: number; ok: true; result: DecodedFrame | Uint8Array } | { id: number; ok: false; error: SerializedError };

/** The buffers of a typed array that can be moved rather than copied: only one the view spans whole. */
export function transferable(bytes: Uint8Array): { bytes: Uint8Array; transfer: ArrayBuffer[] } {
  const { buffer } = bytes;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    return { bytes, transfer: [buffer] };
  }
  // A view into a larger buffer (a frame inside a file, Node's Buffer pool): moving the buffer
  // would detach memory the caller still uses, so send a copy of just the view.
  const copy = new Uint8Array(bytes);
  return { bytes: copy, transfer: [copy.buffer as ArrayBuffer] };
}
