import type { Readable } from 'node:stream';

/**
 * Cuts a stream into parts of exactly `partSize` bytes (the last one shorter), holding one part at
 * a time: what a multipart upload sends (S3 wants every part but the last at least 5 MiB).
 */
export async function* partsOf(stream: Readable, partSize: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of stream) {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    while (pendingBytes + data.length >= partSize) {
      const take = partSize - pendingBytes;
      pending.push(data.subarray(0, take));
      yield Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      data = data.subarray(take);
    }
    if (data.length > 0) {
      pending.push(data);
      pendingBytes += data.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}
