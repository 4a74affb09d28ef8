import { CatalogError } from '../catalog-error';
import type { StudySummary } from '../catalog';
import { checkLabelKey, checkUid } from '../labels/check-label-input';

/** Refuses a summary the worklist could not show or sort: missing ids, counts that are not counts, a time that is not one. */
export function checkStudySummary(s: StudySummary): void {
  const fail = (message: string): never => {
    throw new CatalogError('ValidationException', message);
  };
  checkLabelKey({ datastoreId: s.datastoreId, imageSetId: s.imageSetId });
  checkUid('studyInstanceUid', s.studyInstanceUid);
  if (!Array.isArray(s.modalities) || !s.modalities.every((m) => typeof m === 'string' && m !== ''))
    fail('modalities must be a list of modality codes');
  for (const field of ['series', 'instances'] as const)
    if (!Number.isInteger(s[field]) || s[field] < 0) fail(`${field} must be a non-negative integer, got ${JSON.stringify(s[field])}`);
  if (typeof s.updatedAt !== 'string' || Number.isNaN(Date.parse(s.updatedAt)))
    fail(`updatedAt must be an ISO 8601 time, got ${JSON.stringify(s.updatedAt)}`);
  if (s.studyDate !== undefined && !/^\d{8}$/.test(s.studyDate)) fail(`studyDate must be YYYYMMDD, got ${JSON.stringify(s.studyDate)}`);
}
