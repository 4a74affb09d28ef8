import type { DatastoreId, DicomJsonDataset, ImageSetId } from '@triage/dicom';
import { HealthImagingError, readImageSetMetadata, type DicomQuery, type HealthImaging } from '@triage/healthimaging';
import type { StudySummary } from '../catalog';

/** What the projection reads: the HealthImaging API and the DICOM-level queries over the same store. */
export type ProjectionStore = HealthImaging & Pick<DicomQuery, 'qido'>;

/** Instances carry pixel data when they have rows: SR, KO and PR series do not, and make no thumbnail. */
const ROWS = '00280010';

/**
 * The worklist's view of an image set, read from the store: undefined when it is gone, deleted or
 * not its study's primary image set (the worklist shows primary ones only). The study comes from
 * one QIDO study row (its counts included) and the series rows, so a 600-slice series costs a few
 * rows, not 600 instances' metadata. Without `studyInstanceUid` (events carry it) the study is
 * looked up in the image set's metadata document, which does read every instance.
 */
export async function studySummaryOf(
  store: ProjectionStore,
  datastoreId: DatastoreId,
  imageSetId: ImageSetId,
  studyInstanceUid?: string,
): Promise<StudySummary | undefined> {
  const imageSet = await store.getImageSet({ datastoreId, imageSetId }).catch((error: unknown) => {
    if (error instanceof HealthImagingError && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  });
  if (!imageSet || imageSet.isPrimary !== true || imageSet.imageSetState === 'DELETED') return undefined;
  const study = studyInstanceUid ?? (await readImageSetMetadata(store, { datastoreId, imageSetId })).Study.DICOM['StudyInstanceUID'];
  if (typeof study !== 'string') return undefined;
  const [row] = await store.qido(datastoreId, {
    level: 'studies',
    match: { StudyInstanceUID: [study] },
    includeField: ['StudyDescription'],
    limit: 1,
    offset: 0,
  });
  if (!row) return undefined;
  const series = await store.qido(datastoreId, {
    level: 'series',
    studyInstanceUid: study,
    match: {},
    includeField: [],
    limit: 100000,
    offset: 0,
  });
  const summary: StudySummary = {
    datastoreId,
    imageSetId,
    studyInstanceUid: study,
    modalities: strings(row['00080061']),
    series: numberOf(row['00201206']) ?? series.length,
    instances: numberOf(row['00201208']) ?? 0,
    updatedAt: (imageSet.updatedAt ?? imageSet.createdAt ?? new Date()).toISOString(),
  };
  const optional: [keyof StudySummary, string | undefined][] = [
    ['patientName', personName(row['00100010'])],
    ['patientId', strings(row['00100020'])[0]],
    ['patientBirthDate', strings(row['00100030'])[0]],
    ['studyDate', strings(row['00080020'])[0]],
    ['studyTime', strings(row['00080030'])[0]],
    ['accessionNumber', strings(row['00080050'])[0]],
    ['studyDescription', strings(row['00081030'])[0]],
    ['thumbnailSeriesInstanceUid', await firstSeriesWithPixels(store, datastoreId, study, series)],
  ];
  for (const [field, value] of optional) if (value !== undefined && value !== '') Object.assign(summary, { [field]: value });
  return summary;
}

/** The first series (in QIDO's order: by series number) whose first instance has pixel data. */
async function firstSeriesWithPixels(
  store: ProjectionStore,
  datastoreId: DatastoreId,
  study: string,
  series: DicomJsonDataset[],
): Promise<string | undefined> {
  for (const s of series) {
    const uid = strings(s['0020000E'])[0];
    if (!uid) continue;
    const [instance] = await store.qido(datastoreId, {
      level: 'instances',
      studyInstanceUid: study,
      seriesInstanceUid: uid,
      match: {},
      includeField: [],
      limit: 1,
      offset: 0,
    });
    if ((numberOf(instance?.[ROWS]) ?? 0) > 0) return uid;
  }
  return undefined;
}

function strings(element: DicomJsonDataset[string] | undefined): string[] {
  return (element?.Value ?? []).filter((v): v is string => typeof v === 'string');
}

function numberOf(element: DicomJsonDataset[string] | undefined): number | undefined {
  const value = element?.Value?.[0];
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A PN's alphabetic form (`DOE^JANE`), the text the worklist shows and searches. */
function personName(element: DicomJsonDataset[string] | undefined): string | undefined {
  const value = element?.Value?.[0];
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Alphabetic' in value && typeof value.Alphabetic === 'string') return value.Alphabetic;
  return undefined;
}
