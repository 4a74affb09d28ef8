import type { MetadataUpdates, SearchCriteria } from '@aws-sdk/client-medical-imaging';
import { HealthImagingError } from '@triage/healthimaging';

/*
 * HealthImaging speaks restJson1: timestamps travel as epoch seconds (fractions allowed) and
 * blobs as base64 strings. The port takes and gives the SDK's types (Date, Uint8Array), so
 * these convert between the two at the HTTP edge.
 */

/** A port output made ready for JSON: every Date as epoch seconds. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toWire(item);
    return out;
  }
  return value;
}

function epochSeconds(field: string, value: unknown): Date {
  if (typeof value === 'number' && Number.isFinite(value)) return new Date(Math.round(value * 1000));
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new HealthImagingError('ValidationException', `${field} must be a timestamp in epoch seconds`);
}

function base64(field: string, value: unknown): Uint8Array | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    throw new HealthImagingError('ValidationException', `${field} must be base64`);
  return new Uint8Array(Buffer.from(value, 'base64'));
}

type WireFilterValue = Record<string, unknown>;

/** SearchImageSets' payload as the port takes it: createdAt/updatedAt values as Dates. */
export function searchCriteriaFromWire(body: unknown): SearchCriteria | undefined {
  if (body === undefined || (typeof body === 'object' && body !== null && Object.keys(body).length === 0)) return undefined;
  const criteria = body as { filters?: { values?: WireFilterValue[]; operator?: string }[]; sort?: SearchCriteria['sort'] };
  return {
    ...criteria,
    filters: criteria.filters?.map((filter) => ({
      ...filter,
      values: filter.values?.map((v) => {
        const value: WireFilterValue = { ...v };
        for (const field of ['createdAt', 'updatedAt'] as const)
          if (value[field] !== undefined) value[field] = epochSeconds(field, value[field]);
        return value;
      }),
    })),
  } as SearchCriteria;
}

/** UpdateImageSetMetadata's payload (a union) as the port takes it: DICOM updates decoded from base64. */
export function metadataUpdatesFromWire(body: unknown): MetadataUpdates {
  const updates = (body ?? {}) as {
    DICOMUpdates?: { removableAttributes?: unknown; updatableAttributes?: unknown };
    revertToVersionId?: string;
  };
  if (updates.revertToVersionId !== undefined) return { revertToVersionId: updates.revertToVersionId };
  if (updates.DICOMUpdates !== undefined) {
    return {
      DICOMUpdates: {
        removableAttributes: base64('removableAttributes', updates.DICOMUpdates.removableAttributes),
        updatableAttributes: base64('updatableAttributes', updates.DICOMUpdates.updatableAttributes),
      },
    };
  }
  throw new HealthImagingError('ValidationException', 'updateImageSetMetadataUpdates needs DICOMUpdates or revertToVersionId');
}
