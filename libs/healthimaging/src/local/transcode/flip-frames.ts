import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

/** A frame transcoded and its file written: what its row becomes. */
export interface Flip {
  frameId: string;
  imageSetId: string;
  size: number;
  crc32: number;
}

/**
 * Flips transcoded frames to their stored form and drops their queue rows in ONE transaction;
 * an image set whose last pending frame this was gets a later updated_at (cached documents key on
 * it). Frames whose row is gone (their image set was deleted meanwhile) are answered as orphans:
 * their new file must go. A frame flipped already is neither. `cleared`: originals already deleted from disk, whose rows stop
 * pointing at them here.
 */
export function flipFrames(db: IndexDb, now: number, flips: Flip[], cleared: string[]): { flipped: Flip[]; orphans: Flip[] } {
  const dequeue = statement(db, 'DELETE FROM transcode_queue WHERE frame_id = ?');
  const flip = statement(db, "UPDATE frames SET form = 'htj2k', size = ?, crc32 = ? WHERE id = ? AND form = 'original'");
  const clear = statement(db, 'UPDATE frames SET original_ts = NULL WHERE id = ?');
  const exists = statement<[string], { n: number }>(db, 'SELECT 1 AS n FROM frames WHERE id = ?');
  const pending = statement<[string], { n: number }>(db, 'SELECT 1 AS n FROM transcode_queue WHERE image_set_id = ? LIMIT 1');
  const touch = statement(db, 'UPDATE image_sets SET updated_at = max(updated_at + 1, ?) WHERE id = ?');
  return db
    .transaction(() => {
      const flipped: Flip[] = [];
      const orphans: Flip[] = [];
      for (const f of flips) {
        if (dequeue.run(f.frameId).changes === 1 && flip.run(f.size, f.crc32, f.frameId).changes === 1) flipped.push(f);
        // Flipped already (another process transcoding the same store wrote the same file): nothing to undo.
        else if (!exists.get(f.frameId)) orphans.push(f);
      }
      for (const id of cleared) clear.run(id);
      for (const imageSetId of new Set(flipped.map((f) => f.imageSetId))) if (!pending.get(imageSetId)) touch.run(now, imageSetId);
      return { flipped, orphans };
    })
    .immediate();
}
