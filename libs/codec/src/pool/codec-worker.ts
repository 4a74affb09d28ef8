import { parentPort } from 'node:worker_threads';
import { decodeFrame } from '../decode/decode-frame';
import { encodeHtj2k } from '../encode/encode-htj2k';
import { CodecError } from '../errors/codec-error';
import { CodecRequest, CodecResponse, SerializedError, transferable } from './messages';

// A worker of CodecPool: runs one sync codec call per message and moves the result back.
parentPort?.on('message', (request: CodecRequest) => {
  let response: CodecResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    if (request.op === 'decode') {
      const frame = decodeFrame(request.transferSyntaxUid, request.bytes, request.info);
      const moved = transferable(frame.pixels);
      response = { id: request.id, ok: true, result: { ...frame, pixels: moved.bytes } };
      transfer = moved.transfer;
    } else if (request.op === 'encodeHtj2k') {
      const moved = transferable(encodeHtj2k(request.frame));
      response = { id: request.id, ok: true, result: moved.bytes };
      transfer = moved.transfer;
    } else {
      throw new Error(`unknown codec worker operation ${(request as { op: string }).op}`);
    }
  } catch (error) {
    response = { id: request.id, ok: false, error: serialize(error) };
  }
  parentPort?.postMessage(response, transfer);
});

function serialize(error: unknown): SerializedError {
  if (error instanceof CodecError) return { name: error.name, message: error.message, codec: error.codec, reason: error.reason };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}
