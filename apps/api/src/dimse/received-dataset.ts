import { Writable } from 'node:stream';

/**
 * Collects the data set of one C-STORE as it arrives in P-DATA fragments, undecoded. Beyond
 * `limitBytes` it keeps counting but drops the bytes, so an oversize instance is refused without
 * holding it in memory.
 */
export class ReceivedDataset extends Writable {
  private readonly chunks: Buffer[] = [];
  /** Bytes received so far, kept or not. */
  size = 0;

  constructor(private readonly limitBytes: number) {
    // A high-water mark above any fragment: the network layer never waits for a drain that a synchronous sink makes pointless.
    super({ highWaterMark: 1 << 30 });
  }

  /** Whether more arrived than the limit allows. */
  get oversize(): boolean {
    return this.size > this.limitBytes;
  }

  /** The whole data set, as received. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.size += chunk.length;
    if (this.oversize) this.chunks.length = 0;
    else this.chunks.push(chunk);
    callback();
  }
}
