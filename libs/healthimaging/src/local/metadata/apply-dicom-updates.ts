import type { ImageSetMetadata, NormalizedAttributes } from '@triage/dicom';
import { HealthImagingError } from '../../health-imaging-error';

/** Attributes UpdateImageSetMetadata changes only with `force` (as HealthImaging): the UIDs that key the document, and StudyID. */
const FORCE_ONLY = new Set(['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID', 'StudyID']);

interface LevelUpdate {
  DICOM?: NormalizedAttributes;
  Series?: Record<string, LevelUpdate & { Instances?: Record<string, LevelUpdate> }>;
}

interface UpdateDocument {
  SchemaVersion?: unknown;
  Patient?: LevelUpdate;
  Study?: LevelUpdate;
}

/**
 * Applies HealthImaging's DICOMUpdates to a document (in place): `updatableAttributes` sets
 * attributes at the patient, study, series or instance level; `removableAttributes` removes
 * attributes, or whole series and instances when named without attributes.
 */
export function applyDicomUpdates(
  doc: ImageSetMetadata,
  updates: { updatableAttributes?: Uint8Array; removableAttributes?: Uint8Array },
  force: boolean,
): void {
  const updatable = parse(updates.updatableAttributes, 'updatableAttributes');
  const removable = parse(updates.removableAttributes, 'removableAttributes');
  if (!updatable && !removable)
    throw new HealthImagingError('ValidationException', 'DICOMUpdates needs updatableAttributes or removableAttributes');
  if (removable) remove(doc, removable, force);
  if (updatable) update(doc, updatable, force);
}

function parse(bytes: Uint8Array | undefined, field: string): UpdateDocument | undefined {
  if (!bytes || bytes.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new HealthImagingError('ValidationException', `${field} is not JSON: ${(error as Error).message}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new HealthImagingError('ValidationException', `${field} must be a JSON object`);
  const unknownKeys = Object.keys(value).filter((k) => !['SchemaVersion', 'Patient', 'Study'].includes(k));
  if (unknownKeys.length) throw new HealthImagingError('ValidationException', `${field} has unknown keys: ${unknownKeys.join(', ')}`);
  return value as UpdateDocument;
}

function update(doc: ImageSetMetadata, u: UpdateDocument, force: boolean): void {
  setAll(doc.Patient.DICOM, u.Patient?.DICOM, 'Patient', force);
  setAll(doc.Study.DICOM, u.Study?.DICOM, 'Study', force);
  for (const [seriesUid, seriesUpdate] of Object.entries(u.Study?.Series ?? {})) {
    const series = doc.Study.Series[seriesUid];
    if (!series) throw new HealthImagingError('ValidationException', `series ${seriesUid} is not in the image set`);
    setAll(series.DICOM, seriesUpdate.DICOM, `series ${seriesUid}`, force);
    for (const [sopUid, instanceUpdate] of Object.entries(seriesUpdate.Instances ?? {})) {
      const instance = series.Instances[sopUid];
      if (!instance) throw new HealthImagingError('ValidationException', `instance ${sopUid} is not in series ${seriesUid}`);
      setAll(instance.DICOM, instanceUpdate.DICOM, `instance ${sopUid}`, force, true);
    }
  }
}

function remove(doc: ImageSetMetadata, u: UpdateDocument, force: boolean): void {
  removeAll(doc.Patient.DICOM, u.Patient?.DICOM, 'Patient', force);
  removeAll(doc.Study.DICOM, u.Study?.DICOM, 'Study', force);
  for (const [seriesUid, seriesUpdate] of Object.entries(u.Study?.Series ?? {})) {
    const series = doc.Study.Series[seriesUid];
    if (!series) throw new HealthImagingError('ValidationException', `series ${seriesUid} is not in the image set`);
    const instances = Object.entries(seriesUpdate.Instances ?? {});
    if (!seriesUpdate.DICOM && instances.length === 0) {
      delete doc.Study.Series[seriesUid];
      continue;
    }
    removeAll(series.DICOM, seriesUpdate.DICOM, `series ${seriesUid}`, force);
    for (const [sopUid, instanceUpdate] of instances) {
      const instance = series.Instances[sopUid];
      if (!instance) throw new HealthImagingError('ValidationException', `instance ${sopUid} is not in series ${seriesUid}`);
      if (!instanceUpdate.DICOM) delete series.Instances[sopUid];
      else removeAll(instance.DICOM, instanceUpdate.DICOM, `instance ${sopUid}`, force, true);
    }
    if (Object.keys(series.Instances).length === 0) delete doc.Study.Series[seriesUid];
  }
  if (Object.keys(doc.Study.Series).length === 0)
    throw new HealthImagingError(
      'ValidationException',
      'the update would leave the image set without instances: delete the image set instead',
    );
}

function setAll(
  target: NormalizedAttributes,
  values: NormalizedAttributes | undefined,
  where: string,
  force: boolean,
  instance = false,
): void {
  for (const [key, value] of Object.entries(values ?? {})) {
    guard(key, where, force, instance);
    target[key] = value;
  }
}

function removeAll(
  target: NormalizedAttributes,
  values: NormalizedAttributes | undefined,
  where: string,
  force: boolean,
  instance = false,
): void {
  for (const key of Object.keys(values ?? {})) {
    guard(key, where, force, instance);
    delete target[key];
  }
}

function guard(key: string, where: string, force: boolean, instance: boolean): void {
  if (force) return;
  if (FORCE_ONLY.has(key)) throw new HealthImagingError('ValidationException', `${key} (${where}) can only be changed with force`);
  if (instance && /^[0-9A-F]{4}[0-9A-F]{4}$/i.test(key) && parseInt(key.slice(3, 4), 16) % 2 === 1) {
    throw new HealthImagingError('ValidationException', `private attribute ${key} (${where}) can only be changed with force`);
  }
}
