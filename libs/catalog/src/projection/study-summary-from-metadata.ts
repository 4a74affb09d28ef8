import type { DatastoreId, ImageSetId, ImageSetMetadata, NormalizedAttributes } from '@triage/dicom';
import { HealthImagingError, readImageSetMetadata, type HealthImaging } from '@triage/healthimaging';
import type { StudySummary } from '../catalog';

/**
 * The worklist's view of an image set from the HealthImaging API alone (GetImageSet and GetImageSetMetadata), for a
 * store with no DICOM-level queries: AWS HealthImaging, where the image-ingestion function projects new image sets.
 * Undefined when the image set is gone, deleted or not its study's primary one. Reads the whole metadata document,
 * which is what HealthImaging offers; the local projection (studySummaryOf) uses QIDO rows instead.
 */
export async function studySummaryFromMetadata(
  store: HealthImaging,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
): Promise<StudySummary | undefined> {
  const imageSet = await store.getImageSet({ datastoreId, imageSetId }).catch((error: unknown) => {
    if (error instanceof HealthImagingError && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  });
  if (!imageSet || imageSet.isPrimary !== true || imageSet.imageSetState === 'DELETED') return undefined;
  const metadata = await readImageSetMetadata(store, { datastoreId, imageSetId });
  return summaryOf(metadata, (imageSet.updatedAt ?? imageSet.createdAt ?? new Date()).toISOString());
}

/** The summary a metadata document gives; undefined when it names no study. */
export function summaryOf(metadata: ImageSetMetadata, updatedAt: string): StudySummary | undefined {
  const study = text(metadata.Study.DICOM['StudyInstanceUID']);
  if (!study) return undefined;
  const series = Object.entries(metadata.Study.Series).sort(
    ([, a], [, b]) => (seriesNumber(a.DICOM) ?? Infinity) - (seriesNumber(b.DICOM) ?? Infinity),
  );
  const modalities = [...new Set(series.map(([, s]) => text(s.DICOM['Modality'])).filter((m): m is string => !!m))].sort();
  const instances = series.reduce((n, [, s]) => n + Object.keys(s.Instances).length, 0);
  const thumbnail = series.find(([, s]) => Object.values(s.Instances).some((i) => Number(i.DICOM['Rows'] ?? 0) > 0))?.[0];
  const summary: StudySummary = {
    datastoreId: metadata.DatastoreID,
    imageSetId: metadata.ImageSetID,
    studyInstanceUid: study,
    modalities,
    series: series.length,
    instances,
    updatedAt,
  };
  const patient = metadata.Patient.DICOM;
  const studyAttributes = metadata.Study.DICOM;
  const optional: [keyof StudySummary, string | undefined][] = [
    ['patientName', personName(patient['PatientName'])],
    ['patientId', text(patient['PatientID'])],
    ['patientBirthDate', text(patient['PatientBirthDate'])],
    ['studyDate', text(studyAttributes['StudyDate'])],
    ['studyTime', text(studyAttributes['StudyTime'])],
    ['accessionNumber', text(studyAttributes['AccessionNumber'])],
    ['studyDescription', text(studyAttributes['StudyDescription'])],
    ['thumbnailSeriesInstanceUid', thumbnail],
  ];
  for (const [field, value] of optional) if (value) Object.assign(summary, { [field]: value });
  return summary;
}

function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : undefined;
}

function personName(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (first && typeof first === 'object' && 'Alphabetic' in first && typeof first.Alphabetic === 'string') return first.Alphabetic;
  return text(first);
}

function seriesNumber(attributes: NormalizedAttributes): number | undefined {
  const value = Number(attributes['SeriesNumber']);
  return Number.isFinite(value) ? value : undefined;
}
