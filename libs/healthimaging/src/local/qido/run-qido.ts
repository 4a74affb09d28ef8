import {
  denormalizeDataset,
  dictionaryVr,
  keywordOf,
  tagOfKeyword,
  type DatastoreId,
  type DicomJsonDataset,
  type NormalizedAttributes,
} from '@triage/dicom';
import type { QidoOptions, QidoQuery } from '../../dicom-store';
import { HealthImagingError } from '../../health-imaging-error';
import type { InstanceEntry } from '../ingest/prepared-instance';
import type { IndexDb } from '../storage/open-index';
import { anyValueMatch, Condition, listValues, rangeMatch, uidListMatch, valueMatch } from './match-sql';
import { INSTANCE_RESULT_TAGS, SERIES_RESULT_TAGS, STUDY_MATCH_COLUMNS, STUDY_RESULT_TAGS } from './qido-levels';
import { statement } from '../storage/statements';

interface Row {
  id: string;
  version: number;
  patient: string;
  study: string;
  series_uid?: string;
  series_attributes?: string;
  entry?: string;
  sop_uid?: string;
}

/**
 * QIDO-RS over the primary, active image sets of a datastore: studies, series or instances
 * matched per PS3.4 C.2.2.2 in SQL (indexed columns), in a stable order (ingest order, then
 * series and instance number), limited and offset in SQL too.
 */
export function runQido(db: IndexDb, datastoreId: DatastoreId, query: QidoQuery, options: QidoOptions = {}): DicomJsonDataset[] {
  const match = byKeyword(query.match);
  if (query.studyInstanceUid) match['StudyInstanceUID'] = [query.studyInstanceUid];
  if (query.seriesInstanceUid) match['SeriesInstanceUID'] = [query.seriesInstanceUid];
  const where: Condition[] = [
    { sql: "i.datastore_id = ? AND i.is_primary = 1 AND i.state = 'ACTIVE'", params: [datastoreId] },
    ...studyConditions(match),
  ];
  const limit = Math.max(0, Math.min(Math.trunc(query.limit), 100000));
  const offset = Math.max(0, Math.trunc(query.offset));
  if (query.level === 'studies') {
    const rows = select(db, 'SELECT i.id, i.version, i.patient, i.study FROM image_sets i', where, 'ORDER BY i.seq', limit, offset);
    return rows.map((row) => studyResult(db, row, query.includeField));
  }
  where.push(...seriesConditions(match));
  if (query.level === 'series') {
    const rows = select(
      db,
      'SELECT i.id, i.patient, i.study, s.series_uid, s.attributes AS series_attributes FROM series s JOIN image_sets i ON i.id = s.image_set_id',
      where,
      'ORDER BY i.seq, s.series_number, s.series_uid',
      limit,
      offset,
    );
    return rows.map((row) => seriesResult(db, row, query.includeField));
  }
  where.push(...instanceConditions(match));
  const rows = select(
    db,
    `SELECT i.id, i.patient, i.study, s.series_uid, s.attributes AS series_attributes, n.entry, n.sop_uid FROM instances n
     JOIN image_sets i ON i.id = n.image_set_id JOIN series s ON s.image_set_id = n.image_set_id AND s.series_uid = n.series_uid`,
    [{ sql: 'n.version_removed IS NULL', params: [] }, ...where],
    'ORDER BY i.seq, s.series_number, s.series_uid, n.instance_number, n.id',
    limit,
    offset,
  );
  const results: DicomJsonDataset[] = [];
  rows.forEach((row, position) => {
    // One instance whose stored attributes cannot be converted must not fail its neighbours' answer.
    try {
      results.push(instanceResult(row, query.includeField));
    } catch (error) {
      if (!options.onUnreadable) throw error;
      const detail = error instanceof Error ? error.message : String(error);
      options.onUnreadable({ sopInstanceUid: String(row.sop_uid), position, detail });
    }
  });
  return results;
}

function select(db: IndexDb, from: string, where: Condition[], order: string, limit: number, offset: number): Row[] {
  const sql = `${from} WHERE ${where.map((c) => `(${c.sql})`).join(' AND ')} ${order} LIMIT ? OFFSET ?`;
  return statement(db, sql).all(...where.flatMap((c) => c.params), limit, offset) as Row[];
}

/** Matching keys by keyword: tags (`00100020`, `0010,0020`) are translated. */
function byKeyword(match: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, values] of Object.entries(match)) {
    const tag = key.replace(',', '').toUpperCase();
    const keyword = /^[0-9A-F]{8}$/.test(tag) ? (keywordOf(tag) ?? key) : key;
    out[keyword] = [...(out[keyword] ?? []), ...values];
  }
  return out;
}

function studyConditions(match: Record<string, string[]>): Condition[] {
  const out: (Condition | undefined)[] = [];
  for (const [keyword, spec] of Object.entries(STUDY_MATCH_COLUMNS)) {
    const values = match[keyword];
    if (!values) continue;
    if (spec.kind === 'uid') out.push(uidListMatch(spec.column, values));
    else if (spec.kind === 'DA' || spec.kind === 'TM') out.push(rangeMatch(spec.column, values, keyword, spec.kind));
    else out.push(valueMatch(spec.column, values, spec.kind === 'pn'));
  }
  const modalities = match['ModalitiesInStudy'];
  const modality = modalities && anyValueMatch('m.modality', modalities);
  if (modality) out.push({ sql: `i.id IN (SELECT m.image_set_id FROM series m WHERE ${modality.sql})`, params: modality.params });
  return out.filter((c): c is Condition => c !== undefined);
}

function seriesConditions(match: Record<string, string[]>): Condition[] {
  const out: (Condition | undefined)[] = [];
  if (match['SeriesInstanceUID']) out.push(uidListMatch('s.series_uid', match['SeriesInstanceUID']));
  if (match['Modality']) out.push(anyValueMatch('s.modality', match['Modality']));
  if (match['SeriesNumber']) out.push(numberMatch('s.series_number', match['SeriesNumber'], 'SeriesNumber'));
  return out.filter((c): c is Condition => c !== undefined);
}

function instanceConditions(match: Record<string, string[]>): Condition[] {
  const out: (Condition | undefined)[] = [];
  if (match['SOPInstanceUID']) out.push(uidListMatch('n.sop_uid', match['SOPInstanceUID']));
  if (match['SOPClassUID']) out.push(uidListMatch('n.sop_class_uid', match['SOPClassUID']));
  if (match['InstanceNumber']) out.push(numberMatch('n.instance_number', match['InstanceNumber'], 'InstanceNumber'));
  return out.filter((c): c is Condition => c !== undefined);
}

function numberMatch(column: string, values: string[], keyword: string): Condition | undefined {
  const list = listValues(values);
  if (list.length === 0) return undefined;
  if (!list.every((v) => /^[+-]?\d+$/.test(v))) throw new HealthImagingError('ValidationException', `${keyword} must be an integer`);
  return { sql: `${column} IN (${list.map(() => '?').join(', ')})`, params: list.map(Number) };
}

function studyResult(db: IndexDb, row: Row, includeField: string[] | 'all'): DicomJsonDataset {
  const modalities = statement<[string], { modality: string }>(
    db,
    'SELECT DISTINCT modality FROM series WHERE image_set_id = ? AND modality IS NOT NULL ORDER BY modality',
  ).all(row.id);
  const counts = statement<[string], { series: number; instances: number }>(
    db,
    'SELECT count(DISTINCT series_uid) AS series, count(*) AS instances FROM instances WHERE image_set_id = ? AND version_removed IS NULL',
  ).get(row.id);
  const full: DicomJsonDataset = {
    ...studyJson(row),
    '00080061': modalities.length ? { vr: 'CS', Value: modalities.map((m) => m.modality) } : { vr: 'CS' },
    '00201206': { vr: 'IS', Value: [counts?.series ?? 0] },
    '00201208': { vr: 'IS', Value: [counts?.instances ?? 0] },
  };
  return pick(full, STUDY_RESULT_TAGS, includeField);
}

const studyJsonCache = new Map<string, DicomJsonDataset>();

/** The patient and study attributes as DICOM JSON, memoised per image set version: QIDO lists the same studies over and over. */
function studyJson(row: Row): DicomJsonDataset {
  const key = `${row.id}:${row.version}`;
  let json = studyJsonCache.get(key);
  if (!json) {
    const attributes: NormalizedAttributes = {
      ...(JSON.parse(row.patient) as NormalizedAttributes),
      ...(JSON.parse(row.study) as NormalizedAttributes),
    };
    json = withLevelDefaults(attributes, {});
    if (studyJsonCache.size >= 20000) studyJsonCache.clear();
    studyJsonCache.set(key, json);
  }
  return json;
}

function seriesResult(db: IndexDb, row: Row, includeField: string[] | 'all'): DicomJsonDataset {
  const study = JSON.parse(row.study) as NormalizedAttributes;
  const attributes: NormalizedAttributes = {
    ...(includeField === 'all'
      ? { ...(JSON.parse(row.patient) as NormalizedAttributes), ...study }
      : { StudyInstanceUID: study['StudyInstanceUID'] }),
    ...(JSON.parse(row.series_attributes as string) as NormalizedAttributes),
  };
  const count = statement<[string, string], { n: number }>(
    db,
    'SELECT count(*) AS n FROM instances WHERE image_set_id = ? AND series_uid = ? AND version_removed IS NULL',
  ).get(row.id, row.series_uid as string);
  attributes['NumberOfSeriesRelatedInstances'] = count?.n ?? 0;
  return shape(attributes, {}, SERIES_RESULT_TAGS, includeField);
}

function instanceResult(row: Row, includeField: string[] | 'all'): DicomJsonDataset {
  const entry = JSON.parse(row.entry as string) as InstanceEntry;
  const study = JSON.parse(row.study) as NormalizedAttributes;
  const attributes: NormalizedAttributes = {
    ...(includeField === 'all'
      ? { ...(JSON.parse(row.patient) as NormalizedAttributes), ...study }
      : { StudyInstanceUID: study['StudyInstanceUID'] }),
    ...(JSON.parse(row.series_attributes as string) as NormalizedAttributes),
    ...entry.instance.DICOM,
  };
  if (attributes['NumberOfFrames'] === undefined && entry.instance.ImageFrames.length > 0)
    attributes['NumberOfFrames'] = entry.instance.ImageFrames.length;
  return shape(attributes, entry.instance.DICOMVRs, INSTANCE_RESULT_TAGS, includeField);
}

/** DICOM JSON of the attributes, with InstanceAvailability and the character set the (UTF-8) text is now in. */
function withLevelDefaults(attributes: NormalizedAttributes, vrs: Record<string, string>): DicomJsonDataset {
  attributes['InstanceAvailability'] = 'ONLINE';
  if (needsCharset(attributes)) attributes['SpecificCharacterSet'] = 'ISO_IR 192';
  else delete attributes['SpecificCharacterSet'];
  return denormalizeDataset(attributes, vrs);
}

/** DICOM JSON with the level's required attributes (empty when unknown) and the included ones, or everything for 'all'. */
function shape(
  attributes: NormalizedAttributes,
  vrs: Record<string, string>,
  required: string[],
  includeField: string[] | 'all',
): DicomJsonDataset {
  return pick(withLevelDefaults(attributes, vrs), required, includeField);
}

function pick(full: DicomJsonDataset, required: string[], includeField: string[] | 'all'): DicomJsonDataset {
  if (includeField === 'all') return Object.fromEntries(Object.entries(full).sort(([a], [b]) => (a < b ? -1 : 1)));
  const wanted = new Set(required);
  for (const field of includeField) {
    const tag = /^[0-9A-Fa-f]{8}$/.test(field) ? field.toUpperCase() : tagOfKeyword(field);
    if (tag) wanted.add(tag);
  }
  const out: DicomJsonDataset = {};
  for (const tag of [...wanted].sort()) {
    if (full[tag]) out[tag] = full[tag];
    else if (required.includes(tag) && tag !== '00080005') out[tag] = { vr: dictionaryVr(tag) };
  }
  return out;
}

/** Text decoded from another character set is UTF-8 now: say so when any value needs it. */
function needsCharset(attributes: NormalizedAttributes): boolean {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(JSON.stringify(attributes));
}
