import { CatalogError } from '../catalog-error';
import type { TrainingLabelsQuery } from '../catalog';

/** A page's size when the query names none, and the largest it may name. */
export const DEFAULT_TRAINING_LABELS_LIMIT = 100;
export const MAX_TRAINING_LABELS_LIMIT = 1000;

/** A training-labels query checked: the limit, the `since` bound in stored form, and the key the page starts after. */
export interface CheckedTrainingLabelsQuery {
  limit: number;
  since?: string;
  after?: { imageSetId: string; sopInstanceUid: string };
}

/** Checks limit, since and token: the same rules and messages in every catalog. */
export function checkTrainingLabelsQuery(query: TrainingLabelsQuery): CheckedTrainingLabelsQuery {
  const limit = query.limit ?? DEFAULT_TRAINING_LABELS_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_TRAINING_LABELS_LIMIT)
    throw new CatalogError(
      'ValidationException',
      `limit must be an integer from 1 to ${MAX_TRAINING_LABELS_LIMIT}, got ${JSON.stringify(limit)}`,
    );
  if (query.since !== undefined && (typeof query.since !== 'string' || Number.isNaN(Date.parse(query.since))))
    throw new CatalogError('ValidationException', `since must be an ISO 8601 time, got ${JSON.stringify(query.since)}`);
  const checked: CheckedTrainingLabelsQuery = { limit };
  // Stored times are toISOString()'s; the bound is compared in the same form.
  if (query.since !== undefined) checked.since = new Date(query.since).toISOString();
  if (query.nextToken !== undefined) checked.after = decodeToken(query.nextToken);
  return checked;
}

/** The opaque token of a page's last key: base64url of [imageSetId, sopInstanceUid] (`''` for an image set's own label). */
export function encodeToken(imageSetId: string, sopInstanceUid: string | undefined): string {
  return Buffer.from(JSON.stringify([imageSetId, sopInstanceUid ?? ''])).toString('base64url');
}

function decodeToken(token: string): { imageSetId: string; sopInstanceUid: string } {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return { imageSetId: value[0] as string, sopInstanceUid: value[1] as string };
  } catch {
    // Answered below.
  }
  throw new CatalogError('ValidationException', 'nextToken is not one this catalog issued');
}
