import { CatalogError } from '../catalog-error';
import { WORKLIST_SORT_KEYS, type VerificationState, type WorklistQuery, type WorklistSortKey } from '../catalog';

/** A worklist query with its defaults filled in and every value checked. */
export interface CheckedWorklistQuery extends WorklistQuery {
  sort: WorklistSortKey;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export const DEFAULT_WORKLIST_LIMIT = 50;
export const MAX_WORKLIST_LIMIT = 500;

/** The order each sort key takes when none is asked for: newest and most urgent first, names and descriptions A to Z. */
export const DEFAULT_ORDER: Record<WorklistSortKey, 'asc' | 'desc'> = {
  priority: 'desc',
  studyDate: 'desc',
  patientName: 'asc',
  modality: 'asc',
  studyDescription: 'asc',
  instances: 'desc',
  updatedAt: 'desc',
};

const VERIFICATION_STATES: readonly VerificationState[] = ['unverified', 'confirmed', 'corrected'];
const DA = /^\d{8}$/;

/** Checks a worklist query (a `ValidationException` names what was wrong) and fills in sort, order, limit and offset. */
export function checkWorklistQuery(query: WorklistQuery): CheckedWorklistQuery {
  const fail = (message: string): never => {
    throw new CatalogError('ValidationException', message);
  };
  if (typeof query.datastoreId !== 'string' || query.datastoreId === '') fail('datastoreId is required');
  for (const field of ['studyDateFrom', 'studyDateTo'] as const) {
    const value = query[field];
    if (value !== undefined && !DA.test(value)) fail(`${field} must be a date as YYYYMMDD, got ${JSON.stringify(value)}`);
  }
  if (query.studyDateFrom && query.studyDateTo && query.studyDateFrom > query.studyDateTo)
    fail(`studyDateFrom ${query.studyDateFrom} is after studyDateTo ${query.studyDateTo}`);
  if (query.verification !== undefined && !VERIFICATION_STATES.includes(query.verification))
    fail(`verification must be one of ${VERIFICATION_STATES.join(', ')}, got ${JSON.stringify(query.verification)}`);
  const sort = query.sort ?? 'priority';
  if (!WORKLIST_SORT_KEYS.includes(sort)) fail(`sort must be one of ${WORKLIST_SORT_KEYS.join(', ')}, got ${JSON.stringify(sort)}`);
  const order = query.order ?? DEFAULT_ORDER[sort];
  if (order !== 'asc' && order !== 'desc') fail(`order must be asc or desc, got ${JSON.stringify(order)}`);
  const limit = query.limit ?? DEFAULT_WORKLIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_WORKLIST_LIMIT)
    fail(`limit must be an integer from 1 to ${MAX_WORKLIST_LIMIT}, got ${JSON.stringify(limit)}`);
  const offset = query.offset ?? 0;
  if (!Number.isInteger(offset) || offset < 0) fail(`offset must be a non-negative integer, got ${JSON.stringify(offset)}`);
  for (const field of ['patientName', 'modality', 'description'] as const) {
    const value = query[field];
    if (value !== undefined && typeof value !== 'string') fail(`${field} must be a string`);
  }
  return { ...query, sort, order, limit, offset };
}
