import type {
  DICOMTags,
  ImageSetsMetadataSummary,
  SearchFilter,
  SearchImageSetsCommandInput,
  SearchImageSetsCommandOutput,
} from '@aws-sdk/client-medical-imaging';
import type { NormalizedAttributes } from '@triage/dicom';
import type { Out } from '../../health-imaging';
import { HealthImagingError } from '../../health-imaging-error';
import type { LocalContext } from '../local-context';
import type { Condition } from '../qido/match-sql';
import { requireDatastore } from './datastores';
import { encodeToken, tokenOffset } from './pagination';
import { statement } from '../storage/statements';

const SORT_COLUMNS: Record<string, string> = {
  createdAt: 'i.created_at',
  updatedAt: 'i.updated_at',
  DICOMStudyDateAndTime: "(coalesce(i.study_date, '') || coalesce(i.study_time, ''))",
};

/** SearchImageSets: EQUAL and BETWEEN filters on HealthImaging's searchable attributes, sorted, paginated. */
export function searchImageSets(ctx: LocalContext, input: SearchImageSetsCommandInput): Out<SearchImageSetsCommandOutput> {
  const ds = requireDatastore(ctx, input.datastoreId).id;
  const max = input.maxResults ?? 50;
  if (!Number.isInteger(max) || max < 1 || max > 50)
    throw new HealthImagingError('ValidationException', 'maxResults must be an integer from 1 to 50');
  const filters = input.searchCriteria?.filters ?? [];
  const where: Condition[] = [{ sql: "i.datastore_id = ? AND i.state = 'ACTIVE'", params: [ds] }, ...filters.map(filterCondition)];
  const sort = input.searchCriteria?.sort;
  const column = SORT_COLUMNS[sort?.sortField ?? 'updatedAt'];
  if (!column) throw new HealthImagingError('ValidationException', `cannot sort by ${sort?.sortField}`);
  const order = sort?.sortOrder === 'ASC' ? 'ASC' : 'DESC';
  const offset = tokenOffset(input.nextToken);
  const rows = statement(
    ctx.db,
    `SELECT i.* FROM image_sets i WHERE ${where.map((c) => `(${c.sql})`).join(' AND ')} ORDER BY ${column} ${order}, i.seq ${order} LIMIT ? OFFSET ?`,
  ).all(...where.flatMap((c) => c.params), max + 1, offset) as SearchRow[];
  const page = rows.slice(0, max);
  return {
    imageSetsMetadataSummaries: page.map((row) => summary(ctx, row)),
    sort: sort ? { sortField: sort.sortField, sortOrder: sort.sortOrder } : undefined,
    nextToken: rows.length > max ? encodeToken(offset + max) : undefined,
  };
}

interface SearchRow {
  id: string;
  version: number;
  created_at: number;
  updated_at: number;
  is_primary: number;
  patient: string;
  study: string;
}

function filterCondition(filter: SearchFilter): Condition {
  const values = filter.values ?? [];
  const op = filter.operator;
  if (op !== 'EQUAL' && op !== 'BETWEEN') throw new HealthImagingError('ValidationException', 'a filter operator is EQUAL or BETWEEN');
  if (values.length !== (op === 'EQUAL' ? 1 : 2))
    throw new HealthImagingError('ValidationException', `${op} takes ${op === 'EQUAL' ? 'one value' : 'two values'}`);
  const [a, b] = values;
  const text = (column: string, get: (v: typeof a) => string | undefined): Condition => {
    const x = get(a);
    const y = b && get(b);
    if (x === undefined || (op === 'BETWEEN' && y === undefined))
      throw new HealthImagingError('ValidationException', 'filter values must all be of one attribute');
    return op === 'EQUAL' ? { sql: `${column} = ?`, params: [x] } : { sql: `${column} BETWEEN ? AND ?`, params: [x, y] };
  };
  if (a.DICOMPatientId !== undefined) return text('i.patient_id', (v) => v.DICOMPatientId);
  if (a.DICOMAccessionNumber !== undefined) return text('i.accession_number', (v) => v.DICOMAccessionNumber);
  if (a.DICOMStudyId !== undefined) return text('i.study_id', (v) => v.DICOMStudyId);
  if (a.DICOMStudyInstanceUID !== undefined) return text('i.study_uid', (v) => v.DICOMStudyInstanceUID);
  if (a.DICOMSeriesInstanceUID !== undefined) {
    const uid = a.DICOMSeriesInstanceUID;
    return { sql: 'EXISTS (SELECT 1 FROM series s WHERE s.image_set_id = i.id AND s.series_uid = ?)', params: [uid] };
  }
  if (a.createdAt !== undefined) return text('i.created_at', (v) => (v.createdAt ? String(new Date(v.createdAt).getTime()) : undefined));
  if (a.updatedAt !== undefined) return text('i.updated_at', (v) => (v.updatedAt ? String(new Date(v.updatedAt).getTime()) : undefined));
  if (a.isPrimary !== undefined) return { sql: 'i.is_primary = ?', params: [a.isPrimary ? 1 : 0] };
  if (a.DICOMStudyDateAndTime !== undefined) {
    return text(
      "(coalesce(i.study_date, '') || coalesce(i.study_time, ''))",
      (v) => v.DICOMStudyDateAndTime && `${v.DICOMStudyDateAndTime.DICOMStudyDate}${v.DICOMStudyDateAndTime.DICOMStudyTime ?? ''}`,
    );
  }
  throw new HealthImagingError('ValidationException', 'unknown search attribute');
}

function summary(ctx: LocalContext, row: SearchRow): ImageSetsMetadataSummary {
  const patient = JSON.parse(row.patient) as NormalizedAttributes;
  const study = JSON.parse(row.study) as NormalizedAttributes;
  const counts = statement<[string], { series: number; instances: number }>(
    ctx.db,
    'SELECT count(DISTINCT series_uid) AS series, count(*) AS instances FROM instances WHERE image_set_id = ? AND version_removed IS NULL',
  ).get(row.id);
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  const tags: DICOMTags = {
    DICOMPatientId: str(patient['PatientID']),
    DICOMPatientName: str(patient['PatientName']),
    DICOMPatientBirthDate: str(patient['PatientBirthDate']),
    DICOMPatientSex: str(patient['PatientSex']),
    DICOMStudyInstanceUID: str(study['StudyInstanceUID']),
    DICOMStudyId: str(study['StudyID']),
    DICOMStudyDescription: str(study['StudyDescription']),
    DICOMAccessionNumber: str(study['AccessionNumber']),
    DICOMStudyDate: str(study['StudyDate']),
    DICOMStudyTime: str(study['StudyTime']),
    DICOMNumberOfStudyRelatedSeries: counts?.series ?? 0,
    DICOMNumberOfStudyRelatedInstances: counts?.instances ?? 0,
  };
  return {
    imageSetId: row.id,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    DICOMTags: tags,
    isPrimary: row.is_primary === 1,
    storageTier: 'FREQUENT_ACCESS',
  };
}
