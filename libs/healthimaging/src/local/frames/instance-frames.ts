import type { FrameInfo } from '@triage/codec';
import type { DatastoreId, ImageFrameId, ImageSetId, NormalizedAttributes } from '@triage/dicom';
import type { InstanceFrames } from '../../dicom-store';
import { parseEntry } from '../metadata/materialize-version';
import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

interface LiveRow {
  id: number;
  image_set_id: string;
  series_uid: string;
}

/** What an instance row says of its frames: fixed for the row's life (rows are never rewritten, ids never reused). */
type RowFrames = Pick<InstanceFrames, 'storedTransferSyntaxUid' | 'pixel' | 'imageFrameIds'>;

/** Frame ids the parsed rows may hold in all (about 60 bytes each): a few large studies' worth. */
const CACHED_FRAME_IDS = 200_000;

/**
 * Parsed instance rows by row id, least recently used first. A frame read otherwise parses the
 * instance's whole JSON entry (all its attributes) for ten numbers and its frame ids, and that
 * garbage, at hundreds of reads a second, is most of what the API allocates.
 */
class RowFramesCache {
  private readonly rows = new Map<number, RowFrames>();
  private frameIds = 0;

  get(id: number): RowFrames | undefined {
    const found = this.rows.get(id);
    if (found) {
      this.rows.delete(id);
      this.rows.set(id, found);
    }
    return found;
  }

  set(id: number, frames: RowFrames): void {
    this.rows.set(id, frames);
    this.frameIds += frames.imageFrameIds.length;
    for (const [oldest, evicted] of this.rows) {
      if (this.frameIds <= CACHED_FRAME_IDS || oldest === id) break;
      this.rows.delete(oldest);
      this.frameIds -= evicted.imageFrameIds.length;
    }
  }
}

const caches = new WeakMap<IndexDb, RowFramesCache>();

/**
 * One live instance's frames from its own index row: a SOP Instance UID is live in one image set
 * of a datastore at a time, so the row is found by it alone (instances_live_sop) and its study and
 * series checked, whatever else its study holds. The row's entry is parsed once while it is cached.
 * Undefined when absent or its entry is unreadable.
 */
export function instanceFrames(
  db: IndexDb,
  datastoreId: DatastoreId,
  studyUid: string,
  seriesUid: string,
  sopUid: string,
): InstanceFrames | undefined {
  const row = statement<[string, string, string, string], LiveRow>(
    db,
    `SELECT n.id, n.image_set_id, n.series_uid FROM instances n CROSS JOIN image_sets i ON i.id = n.image_set_id
     WHERE n.datastore_id = ? AND n.sop_uid = ? AND n.version_removed IS NULL AND n.series_uid = ? AND i.study_uid = ? AND i.state = 'ACTIVE'`,
  ).get(datastoreId, sopUid, seriesUid, studyUid);
  if (!row) return undefined;
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new RowFramesCache()));
  let frames = cache.get(row.id);
  if (!frames) {
    frames = rowFrames(db, row.id);
    if (!frames) return undefined;
    cache.set(row.id, frames);
  }
  return {
    imageSetId: row.image_set_id as ImageSetId,
    studyInstanceUid: studyUid,
    seriesInstanceUid: row.series_uid,
    sopInstanceUid: sopUid,
    ...frames,
  };
}

function rowFrames(db: IndexDb, id: number): RowFrames | undefined {
  const row = statement<[number], { frame_ids: string; entry: string }>(db, 'SELECT frame_ids, entry FROM instances WHERE id = ?').get(id);
  if (!row) return undefined;
  const entry = parseEntry(row);
  if (typeof entry === 'string') return undefined;
  const attributes = { ...entry.patient, ...entry.study, ...entry.series, ...entry.instance.DICOM };
  // Frozen: every read of the row shares them.
  return {
    storedTransferSyntaxUid: entry.instance.StoredTransferSyntaxUID,
    pixel: Object.freeze(pixelModule(attributes)),
    imageFrameIds: Object.freeze(JSON.parse(row.frame_ids) as ImageFrameId[]) as ImageFrameId[],
  };
}

/** The Image Pixel module from an instance's attributes by keyword, with DICOM's defaults where one is absent. */
export function pixelModule(attributes: NormalizedAttributes): FrameInfo {
  const bitsAllocated = numberOf(attributes['BitsAllocated']) ?? 16;
  const bitsStored = numberOf(attributes['BitsStored']) ?? bitsAllocated;
  const samplesPerPixel = numberOf(attributes['SamplesPerPixel']) ?? 1;
  const photometric = attributes['PhotometricInterpretation'];
  return {
    rows: numberOf(attributes['Rows']) ?? 0,
    columns: numberOf(attributes['Columns']) ?? 0,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    highBit: numberOf(attributes['HighBit']) ?? bitsStored - 1,
    pixelRepresentation: numberOf(attributes['PixelRepresentation']) ?? 0,
    photometricInterpretation: (typeof photometric === 'string' ? photometric : samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2').trim(),
    planarConfiguration: samplesPerPixel > 1 ? (numberOf(attributes['PlanarConfiguration']) ?? 0) : 0,
  };
}

function numberOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
