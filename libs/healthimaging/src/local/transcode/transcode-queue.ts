import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

/** A queued frame with what transcoding it needs: its original's syntax, size and CRC-32 from the frames table. */
export interface QueuedFrame {
  seq: number;
  frame_id: string;
  datastore_id: string;
  image_set_id: string;
  decode_info: string;
  checksum: number;
  original_ts: string;
  size: number;
  crc32: number;
}

const COLUMNS = `q.seq, q.frame_id, q.datastore_id, q.image_set_id, q.decode_info, q.checksum, f.original_ts, f.size, f.crc32
  FROM transcode_queue q JOIN frames f ON f.id = q.frame_id AND f.form = 'original'`;

/** The next queued frames after `seq`, oldest first. */
export function queuedAfter(db: IndexDb, seq: number, limit: number): QueuedFrame[] {
  return statement<[number, number], QueuedFrame>(db, `SELECT ${COLUMNS} WHERE q.seq > ? ORDER BY q.seq LIMIT ?`).all(seq, limit);
}

/** One frame's queue row, when it is still to be transcoded. */
export function queuedFrame(db: IndexDb, frameId: string): QueuedFrame | undefined {
  return statement<[string], QueuedFrame>(db, `SELECT ${COLUMNS} WHERE q.frame_id = ?`).get(frameId);
}

/** Frames acknowledged and not yet in their stored form, in the whole index. */
export function queuedCount(db: IndexDb): number {
  return statement<[], { n: number }>(db, 'SELECT count(*) AS n FROM transcode_queue').get()?.n ?? 0;
}

/** How many of an image set's frames are still to be transcoded, of how many it holds. */
export function imageSetBacklog(db: IndexDb, imageSetId: string): { pending: number; frames: number } {
  const pending = statement<[string], { n: number }>(db, 'SELECT count(*) AS n FROM transcode_queue WHERE image_set_id = ?').get(
    imageSetId,
  );
  if (!pending?.n) return { pending: 0, frames: 0 };
  const frames = statement<[string], { n: number }>(db, 'SELECT count(*) AS n FROM frames WHERE image_set_id = ?').get(imageSetId);
  return { pending: pending.n, frames: frames?.n ?? 0 };
}

/** True while any frame of the image set awaits transcoding. */
export function hasPendingFrames(db: IndexDb, imageSetId: string): boolean {
  return (
    statement<[string], { n: number }>(db, 'SELECT 1 AS n FROM transcode_queue WHERE image_set_id = ? LIMIT 1').get(imageSetId) !==
    undefined
  );
}
