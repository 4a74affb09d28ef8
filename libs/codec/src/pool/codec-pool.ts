import * as os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CodecError } from '../errors/codec-error';
import type { DecodedFrame, FrameInfo } from '../frame/frame-types';
import { CodecRequest, CodecResponse, SerializedError, transferable } from './messages';
import { startCodecWorker } from './worker-path';

/** Options for {@link CodecPool}. */
export interface CodecPoolOptions {
  /** Worker threads; default os.availableParallelism(). */
  size?: number;
  /** Jobs that may wait for a worker before new ones are refused; default 64 per worker. */
  maxQueue?: number;
  /** The worker script (a bundled CLI passes its own); default: resolved beside this module. */
  workerPath?: string;
}

interface Job {
  request: CodecRequest;
  transfer: ArrayBuffer[];
  resolve: (value: DecodedFrame | Uint8Array) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/**
 * Decodes and encodes frames on worker threads so the event loop stays free. Input buffers are
 * transferred to the worker when the caller's view spans its whole buffer (the caller's array is
 * then detached), copied otherwise; results are transferred back. A worker that dies is replaced
 * and its job rejected.
 */
export class CodecPool {
  readonly size: number;
  readonly maxQueue: number;
  private readonly workerPath?: string;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing?: Promise<void>;
  private drained?: () => void;

  constructor(options: CodecPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.maxQueue = options.maxQueue ?? this.size * 64;
    this.workerPath = options.workerPath;
  }

  /** Decodes one stored frame on a worker (see decodeFrame). */
  decode(transferSyntaxUid: string, bytes: Uint8Array, info: FrameInfo): Promise<DecodedFrame> {
    const moved = transferable(bytes);
    return this.submit(
      { id: this.nextId++, op: 'decode', transferSyntaxUid, bytes: moved.bytes, info },
      moved.transfer,
    ) as Promise<DecodedFrame>;
  }

  /** Encodes one frame to HTJ2K lossless RPCL on a worker (see encodeHtj2k). */
  encodeHtj2k(frame: DecodedFrame): Promise<Uint8Array> {
    const moved = transferable(frame.pixels);
    return this.submit(
      { id: this.nextId++, op: 'encodeHtj2k', frame: { ...frame, pixels: moved.bytes } },
      moved.transfer,
    ) as Promise<Uint8Array>;
  }

  /** Jobs waiting for a worker. */
  get pending(): number {
    return this.queue.length;
  }

  /** Refuses new jobs, lets accepted ones finish, then stops the workers. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.drained = resolve;
      this.checkDrained();
    }).then(async () => {
      await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
    });
    return this.closing;
  }

  private submit(request: CodecRequest, transfer: ArrayBuffer[]): Promise<DecodedFrame | Uint8Array> {
    if (this.closing) return Promise.reject(new Error('codec pool is closed'));
    if (this.queue.length >= this.maxQueue) {
      return Promise.reject(new Error(`codec pool queue is full (${this.queue.length} jobs waiting): try again later`));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.request, job.transfer);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startCodecWorker(this.workerPath) };
    slot.worker.on('message', (response: CodecResponse) => this.settle(slot, response));
    slot.worker.on('error', (error) => this.replace(slot, error));
    slot.worker.on('exit', (code) => this.replace(slot, new Error(`codec worker exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, response: CodecResponse): void {
    const job = slot.job;
    if (!job || job.request.id !== response.id) return;
    slot.job = undefined;
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    if (response.ok) job.resolve(response.result);
    else job.reject(deserialize(response.error));
    this.dispatch();
    this.checkDrained();
  }

  /** A worker died: fail its job, drop it; the next dispatch starts a fresh one. */
  private replace(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slot.job?.reject(new Error(`codec worker crashed: ${error.message}`, { cause: error }));
    slot.job = undefined;
    this.dispatch();
    this.checkDrained();
  }

  private checkDrained(): void {
    if (this.drained && this.queue.length === 0 && this.slots.every((s) => !s.job)) this.drained();
  }
}

function deserialize(error: SerializedError): Error {
  if (error.name === 'CodecError' && error.codec !== undefined && error.reason !== undefined)
    return new CodecError(error.codec, error.reason);
  const result = new Error(error.message);
  result.name = error.name;
  return result;
}
