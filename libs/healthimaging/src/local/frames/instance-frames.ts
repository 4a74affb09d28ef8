import type { FrameInfo } from '@triage/codec';
import type { DatastoreId, ImageFrameId, ImageSetId, NormalizedAttributes } from '@triage/dicom';
import type { InstanceFrames } from '../../dicom-store';
import { parseEntry } from '../metadata/materialize-version';
import type { IndexDb } from '../storage/open-index';
import { statement } from '../storage/statements';

interface InstanceRow {
  image_set_id: string;
  series_uid: string;
  frame_ids: string;
  entry: string;
}

/**
 * One live instance's frames from its own index row: a SOP Instance UID is live in one image set
 * of a datastore at a time, so the row is found by it alone (instances_live_sop) and its study and
 * series checked, whatever else its study holds. Undefined when absent or its entry is unreadable.
 */
export function instanceFrames(
  db: IndexDb,
  datastoreId: DatastoreId,
  studyUid: string,
  seriesUid: string,
  sopUid: string,
): InstanceFrames | undefined {
  const row = statement<[string, string, string, string], InstanceRow>(
    db,
    `SELECT n.image_set_id, n.series_uid, n.frame_ids, n.entry FROM instances n CROSS JOIN image_sets i ON i.id = n.image_set_id
     WHERE n.datastore_id = ? AND n.sop_uid = ? AND n.version_removed IS NULL AND n.series_uid = ? AND i.study_uid = ? AND i.state = 'ACTIVE'`,
  ).get(datastoreId, sopUid, seriesUid, studyUid);
  if (!row) return undefined;
  const entry = parseEntry(row);
  if (typeof entry === 'string') return undefined;
  const attributes = { ...entry.patient, ...entry.study, ...entry.series, ...entry.instance.DICOM };
  return {
    imageSetId: row.image_set_id as ImageSetId,
    studyInstanceUid: studyUid,
    seriesInstanceUid: row.series_uid,
    sopInstanceUid: sopUid,
    storedTransferSyntaxUid: entry.instance.StoredTransferSyntaxUID,
    pixel: pixelModule(attributes),
    imageFrameIds: JSON.parse(row.frame_ids) as ImageFrameId[],
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
