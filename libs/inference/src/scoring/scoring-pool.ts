import type { Worker } from 'node:worker_threads';
import type { BackendName } from '@triage/model';
import type { ImageScore, ScoringModel } from '../scoring-model';
import type { ScoreReply, ScoreRequest, ScoringWorkerInit } from './scoring-protocol';
import { startScoringWorker } from './start-scoring-worker';

/** Options of {@link ScoringPool.open}. */
export interface ScoringPoolOptions {
  /** Worker threads (default 1: one core scores, the others serve). */
  size?: number;
  /** Loaded models each worker keeps, least recently used dropped first (default 2: the serving one and a shadow). */
  maxModels?: number;
  /** Forces the tfjs backend; default selectBackend's choice (TRIAGE_TF_BACKEND, else the first that runs). */
  backend?: BackendName;
  /** The worker script (an app that bundles this lib may pass its own); default: found beside this module. */
  workerPath?: string;
}

interface Job {
  request: ScoreRequest;
  transfer: ArrayBuffer[];
  resolve: (score: ImageScore) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  job?: Job;
}

/**
 * Worker threads that keep loaded models by ARN and score one image per call, never on the
 * caller's event loop. The Part 10 bytes are copied once and the copy is transferred (the caller's
 * array is never detached: the same image is often scored by two versions). A call whose image or
 * model fails rejects with the reason and the worker goes on; a worker that dies is replaced.
 */
export class ScoringPool {
  readonly size: number;
  private readonly init: ScoringWorkerInit;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closing?: Promise<void>;
  private drained?: () => void;

  private constructor(private readonly options: ScoringPoolOptions) {
    this.size = Math.max(1, options.size ?? 1);
    this.init = { maxModels: Math.max(1, options.maxModels ?? 2), ...(options.backend ? { backend: options.backend } : {}) };
  }

  /** A pool; its workers start on the first score. */
  static open(options: ScoringPoolOptions = {}): ScoringPool {
    return new ScoringPool(options);
  }

  /** Scores one Part 10 image with `model` (loaded by the worker on first use, kept by ARN). */
  score(model: ScoringModel, part10: Uint8Array): Promise<ImageScore> {
    if (this.closing) return Promise.reject(new Error('scoring pool is closed'));
    // Always a copy, transferred: the caller keeps its bytes (image-ingestion scores one image with the serving version,
    // then with each shadow candidate; a transferred original would reach the second call detached, and hang it).
    if (part10.byteLength === 0) return Promise.reject(new Error('scoring failed: the image is empty (0 bytes, or a detached buffer)'));
    const bytes = part10.slice();
    const request: ScoreRequest = { id: this.nextId++, model: { ...model }, part10: bytes };
    return new Promise((resolve, reject) => {
      this.queue.push({ request, transfer: [bytes.buffer as ArrayBuffer], resolve, reject });
      this.dispatch();
    });
  }

  /** Worker threads running now (they start on demand and end on close). */
  get threads(): number {
    return this.slots.length;
  }

  /** Images waiting for a worker. */
  get pending(): number {
    return this.queue.length;
  }

  /** Refuses new images, lets accepted ones finish, then stops the workers. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      this.drained = resolve;
      this.checkDrained();
    }).then(async () => {
      await Promise.all(
        this.slots.splice(0).map((slot) => {
          slot.worker.removeAllListeners();
          return slot.worker.terminate();
        }),
      );
    });
    return this.closing;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift() as Job;
      slot.job = job;
      slot.worker.ref();
      try {
        slot.worker.postMessage(job.request, job.transfer);
      } catch (error) {
        // Not sent (an uncloneable request): the slot is free again and the call says why, instead of waiting forever.
        slot.job = undefined;
        slot.worker.unref();
        job.reject(new Error(`scoring failed: the request could not be sent to the worker: ${(error as Error).message}`));
      }
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startScoringWorker(this.options.workerPath, { workerData: this.init }) };
    slot.worker.on('message', (reply: ScoreReply) => this.settle(slot, reply));
    slot.worker.on('error', (error) => this.replace(slot, error));
    slot.worker.on('exit', (code) => this.replace(slot, new Error(`exited with code ${code}`)));
    this.slots.push(slot);
    return slot;
  }

  private settle(slot: Slot, reply: ScoreReply): void {
    const job = slot.job;
    if (!job || job.request.id !== reply.id) return;
    slot.job = undefined;
    // An idle worker must not keep the process alive.
    slot.worker.unref();
    if (reply.ok) job.resolve(reply.score);
    else job.reject(new Error(`scoring failed: ${reply.message}`));
    this.dispatch();
    this.checkDrained();
  }

  /** A worker died: fail its job and drop it; the next dispatch starts a fresh one. */
  private replace(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    slot.worker.removeAllListeners();
    void slot.worker.terminate();
    slot.job?.reject(new Error(`scoring worker crashed: ${error.message}`, { cause: error }));
    slot.job = undefined;
    this.dispatch();
    this.checkDrained();
  }

  private checkDrained(): void {
    if (this.drained && this.queue.length === 0 && this.slots.every((s) => !s.job)) this.drained();
  }
}
