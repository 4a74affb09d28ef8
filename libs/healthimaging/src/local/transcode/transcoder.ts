import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { DecodedFrame, FrameInfo } from '@triage/codec';
import type { DatastoreId, ImageFrameId } from '@triage/dicom';
import { fsyncDir, writeFileAtomic } from '@triage/platform';
import { NATIVE_TRANSFER_SYNTAX, STORED_TRANSFER_SYNTAX } from '../ingest/prepare-instance';
import type { LocalContext } from '../local-context';
import { statement } from '../storage/statements';
import { flipFrames, type Flip } from './flip-frames';
import { queuedAfter, queuedCount, queuedFrame, type QueuedFrame } from './transcode-queue';

/** Options of {@link Transcoder}. */
export interface TranscoderOptions {
  /** Frames transcoded at once: the codec pool's workers (1 without a pool). */
  concurrency: number;
  /** Keep each original file after its frame is transcoded (default: drop it). */
  keepOriginals: boolean;
  /** Decode each HTJ2K file and compare it with the checksum ingest recorded before the original may go (about one decode per frame more CPU). */
  verify: boolean;
  /** Start paused: frames queue up until {@link Transcoder.resume}. */
  paused: boolean;
  /** A frame that could not be transcoded (it stays as received, served from its original, and is retried at the next open). */
  onError: (frameId: string, error: unknown) => void;
}

/** How long finished frames wait for others to flip with them in one transaction. */
const FLIP_DELAY_MS = 25;

/** What became of a flip: made now, its frame gone meanwhile (delete what was written), or made already elsewhere. */
type FlipOutcome = 'flipped' | 'orphan' | 'done';

interface PendingFlip {
  flip: Flip;
  dir: string;
  resolve: (outcome: FlipOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Transcodes acknowledged frames to HTJ2K behind ingest, from the durable queue in the index:
 * reads the original, decodes it (native pixels in place, compressed ones on the codec), encodes,
 * writes the HTJ2K file atomically, checks (option `verify`) that it decodes to the checksum ingest recorded, then
 * flips the frame row and drops the queue row in one transaction (flips of frames finished
 * together share it and its folder fsyncs), and only then deletes the original. A crash anywhere
 * repeats at most the work of frames not yet flipped; their final file is replaced by the same
 * atomic rename, never doubled.
 */
export class Transcoder {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Frames between reading their original and the check of their HTJ2K file: the ones that occupy the codec. */
  private coding = 0;
  private buffered: QueuedFrame[] = [];
  private cursor = 0;
  private paused: boolean;
  private closing = false;
  private flips: PendingFlip[] = [];
  private flipScheduled = false;
  private cleared: string[] = [];
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly ctx: LocalContext,
    private readonly options: TranscoderOptions,
  ) {
    this.paused = options.paused;
  }

  /** Deletes originals whose flip committed before a crash could delete them, then resumes the queue. */
  start(): void {
    if (!this.options.keepOriginals) {
      const rows = statement<[], { id: string; datastore_id: string }>(
        this.ctx.db,
        "SELECT id, datastore_id FROM frames WHERE original_ts IS NOT NULL AND form <> 'original'",
      ).all();
      for (const row of rows) fs.rmSync(this.originalFile(row.datastore_id, row.id), { force: true });
      const clear = statement(this.ctx.db, 'UPDATE frames SET original_ts = NULL WHERE id = ?');
      this.ctx.db.transaction(() => rows.forEach((row) => clear.run(row.id)))();
    }
    this.wake();
  }

  /** New frames were queued: start on them while workers are free. */
  wake(): void {
    if (this.paused || this.closing) return;
    // As many frames on the codec as it has workers; those writing and flipping do not hold a worker back.
    while (this.coding < this.options.concurrency && this.inFlight.size < this.options.concurrency * 4) {
      const row = this.next();
      if (!row) break;
      void this.run(row).catch(() => undefined);
    }
    this.checkSettled();
  }

  /** Stops taking frames from the queue (frames asked for with {@link now} are still transcoded). */
  pause(): void {
    this.paused = true;
  }

  /** Takes frames from the queue again. */
  resume(): void {
    this.paused = false;
    this.cursor = 0;
    this.buffered = [];
    this.wake();
  }

  /** Transcodes these frames now when they are still pending, ahead of the queue; resolves once each is in its stored form. */
  async now(frameIds: Iterable<string>): Promise<void> {
    const work: Promise<void>[] = [];
    for (const id of frameIds) {
      const running = this.inFlight.get(id);
      if (running) {
        work.push(running);
        continue;
      }
      const row = queuedFrame(this.ctx.db, id);
      if (row) work.push(this.run(row));
    }
    await Promise.all(work);
  }

  /** Frames acknowledged and not yet transcoded. */
  pending(): number {
    return queuedCount(this.ctx.db);
  }

  /** Resolves once every queued frame was tried and nothing is in progress (not while paused). */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      this.settledWaiters.push(resolve);
      this.checkSettled();
    });
  }

  /** Stops taking frames and waits for those in progress (not for the backlog, which the next open resumes). */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight.values()]);
    const clear = statement(this.ctx.db, 'UPDATE frames SET original_ts = NULL WHERE id = ?');
    const cleared = this.cleared.splice(0);
    this.ctx.db.transaction(() => cleared.forEach((id) => clear.run(id)))();
  }

  private next(): QueuedFrame | undefined {
    for (;;) {
      if (this.buffered.length === 0) {
        this.buffered = queuedAfter(this.ctx.db, this.cursor, 64);
        if (this.buffered.length === 0) return undefined;
      }
      const row = this.buffered.shift() as QueuedFrame;
      this.cursor = row.seq;
      if (!this.inFlight.has(row.frame_id)) return row;
    }
  }

  private run(row: QueuedFrame): Promise<void> {
    const work = this.transcode(row).then(
      () => undefined,
      (error: unknown) => {
        this.options.onError(row.frame_id, error);
        throw error;
      },
    );
    this.inFlight.set(row.frame_id, work);
    const done = () => {
      this.inFlight.delete(row.frame_id);
      this.wake();
    };
    work.then(done, done);
    return work;
  }

  private async transcode(queued: QueuedFrame): Promise<void> {
    // Read again: a frame asked for ahead of the queue may have been flipped since it was buffered.
    const row = queuedFrame(this.ctx.db, queued.frame_id);
    if (!row) return;
    this.coding++;
    let encoded;
    try {
      encoded = await this.encode(row);
    } finally {
      this.coding--;
      this.wake();
    }
    const outcome = await this.flip(encoded.flip, path.dirname(encoded.file));
    const original = this.originalFile(row.datastore_id, row.frame_id);
    if (outcome === 'orphan') {
      fs.rmSync(encoded.file, { force: true });
      fs.rmSync(original, { force: true });
      return;
    }
    if (outcome === 'done') return;
    if (!this.options.keepOriginals) {
      await fs.promises.rm(original, { force: true });
      this.cleared.push(row.frame_id);
    }
  }

  /** Reads, decodes, encodes, writes the HTJ2K file (not yet durable in its folder) and checks it. */
  private async encode(row: QueuedFrame): Promise<{ flip: Flip; file: string }> {
    const ds = row.datastore_id as DatastoreId;
    const original = this.originalFile(ds, row.frame_id);
    const bytes = await fs.promises.readFile(original);
    if (bytes.length !== row.size || zlib.crc32(bytes) !== row.crc32) {
      throw new Error(`the original of frame ${row.frame_id} is damaged: ${bytes.length} bytes where ${row.size} were written`);
    }
    const info = JSON.parse(row.decode_info) as FrameInfo;
    // A native original is the decoded samples ingest checked: handed to the encoder as they are
    // read (its buffer moves to the worker, no copy); a compressed one is decoded on the codec.
    const decoded: DecodedFrame =
      row.original_ts === NATIVE_TRANSFER_SYNTAX
        ? { ...info, pixels: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), planarConfiguration: 0 }
        : await this.ctx.codec.decode(row.original_ts, bytes, info);
    const stored: FrameInfo = {
      rows: decoded.rows,
      columns: decoded.columns,
      samplesPerPixel: decoded.samplesPerPixel,
      bitsAllocated: decoded.bitsAllocated,
      bitsStored: decoded.bitsStored,
      highBit: info.highBit,
      pixelRepresentation: decoded.pixelRepresentation,
      photometricInterpretation: decoded.photometricInterpretation,
      planarConfiguration: 0,
    };
    const encoded = await this.ctx.codec.encodeHtj2k(decoded);
    const flip: Flip = { frameId: row.frame_id, imageSetId: row.image_set_id, size: encoded.length, crc32: zlib.crc32(encoded) };
    const file = this.ctx.layout.frameFile(ds, row.frame_id as ImageFrameId, 'htj2k');
    // The same name a crashed attempt may have left: the rename replaces it, so a frame never has two final files.
    const written = writeFileAtomic(file, encoded, { tmpDir: this.ctx.layout.tmpDir, syncDir: false });
    // The check decodes a copy (the pool takes its input) while the file is written.
    const check = this.options.verify ? this.ctx.codec.decode(STORED_TRANSFER_SYNTAX, encoded.slice(), stored) : undefined;
    const [decodedAgain] = await Promise.all([check, written]);
    if (decodedAgain && zlib.crc32(decodedAgain.pixels) !== row.checksum) {
      fs.rmSync(file, { force: true });
      throw new Error(`frame ${row.frame_id} does not decode to its original pixels once encoded as HTJ2K`);
    }
    return { flip, file };
  }

  /**
   * Group flip: frames finished within 25 ms flip in one transaction, after one fsync
   * per folder done off the event loop, so a draining backlog costs readers few synchronous commits.
   */
  private flip(flip: Flip, dir: string): Promise<FlipOutcome> {
    return new Promise((resolve, reject) => {
      this.flips.push({ flip, dir, resolve, reject });
      if (!this.flipScheduled) {
        this.flipScheduled = true;
        setTimeout(() => void this.flushFlips(), FLIP_DELAY_MS);
      }
    });
  }

  private async flushFlips(): Promise<void> {
    const batch = this.flips.splice(0);
    let result;
    const cleared = this.cleared.splice(0);
    try {
      // The renames must be durable before the index points at the new files.
      await Promise.all([...new Set(batch.map((p) => p.dir))].map((dir) => fsyncDir(dir)));
      result = flipFrames(
        this.ctx.db,
        this.ctx.now().getTime(),
        batch.map((p) => p.flip),
        cleared,
      );
    } catch (error) {
      this.cleared.push(...cleared);
      for (const p of batch) p.reject(error);
      return;
    } finally {
      this.flipScheduled = false;
      if (this.flips.length > 0) {
        this.flipScheduled = true;
        setTimeout(() => void this.flushFlips(), FLIP_DELAY_MS);
      }
    }
    const flipped = new Set(result.flipped);
    const orphans = new Set(result.orphans);
    for (const p of batch) p.resolve(flipped.has(p.flip) ? 'flipped' : orphans.has(p.flip) ? 'orphan' : 'done');
  }

  private checkSettled(): void {
    if (this.settledWaiters.length === 0 || this.paused || this.inFlight.size > 0 || this.flips.length > 0) return;
    // Nothing left to take (a frame that failed stays queued for the next open, behind the cursor).
    if (this.buffered.length > 0 || queuedAfter(this.ctx.db, this.cursor, 1).length > 0) return;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private originalFile(datastoreId: string, frameId: string): string {
    return this.ctx.layout.frameFile(datastoreId as DatastoreId, frameId as ImageFrameId, 'original');
  }
}
