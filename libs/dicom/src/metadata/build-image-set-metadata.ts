import { DicomError } from '../errors/dicom-error';
import type { DicomJsonDataset } from '../json/dicom-json';
import { jsonString } from '../json/dicom-json';
import { PATIENT_LEVEL, SERIES_LEVEL, STUDY_LEVEL } from './levels';
import type {
  DatastoreId,
  ImageFrameMetadata,
  ImageSetId,
  ImageSetMetadata,
  InstanceMetadata,
  NormalizedAttributes,
} from './metadata-types';
import { normalizeDataset } from './normalize';

/** HealthImaging's metadata schema version this lib writes. */
export const METADATA_SCHEMA_VERSION = '1.1';

/** One instance going into an image set: its data set (pixel data left out) and its stored frames. */
export interface InstanceInput {
  dataset: DicomJsonDataset;
  storedTransferSyntaxUid: string;
  frames: ImageFrameMetadata[];
}

/**
 * Builds HealthImaging's image set metadata document from the instances of one study, lifting
 * patient, study and series attributes to their level as HealthImaging does. The first instance
 * sets the patient and study attributes; callers route conflicting instances to another image set.
 */
export function buildImageSetMetadata(datastoreId: DatastoreId, imageSetId: ImageSetId, instances: InstanceInput[]): ImageSetMetadata {
  const doc: ImageSetMetadata = {
    SchemaVersion: METADATA_SCHEMA_VERSION,
    DatastoreID: datastoreId,
    ImageSetID: imageSetId,
    Patient: { DICOM: {} },
    Study: { DICOM: {}, Series: {} },
  };
  for (const instance of instances) addInstance(doc, instance);
  return doc;
}

/** Adds (or replaces, by SOP Instance UID) one instance in a metadata document. */
export function addInstance(doc: ImageSetMetadata, instance: InstanceInput): void {
  const seriesUid = jsonString(instance.dataset, '0020000E');
  const sopUid = jsonString(instance.dataset, '00080018');
  if (!seriesUid) throw new DicomError('SeriesInstanceUID is missing', undefined, '(0020,000E)');
  if (!sopUid) throw new DicomError('SOPInstanceUID is missing', undefined, '(0008,0018)');
  const { attributes, vrs } = normalizeDataset(instance.dataset);
  const series = (doc.Study.Series[seriesUid] ??= { DICOM: {}, Instances: {} });
  const own: NormalizedAttributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (PATIENT_LEVEL.has(key)) setOnce(doc.Patient.DICOM, key, value);
    else if (STUDY_LEVEL.has(key)) setOnce(doc.Study.DICOM, key, value);
    else if (SERIES_LEVEL.has(key)) setOnce(series.DICOM, key, value);
    else own[key] = value;
  }
  const entry: InstanceMetadata = {
    DICOM: own,
    DICOMVRs: Object.fromEntries(Object.entries(vrs).filter(([k]) => k in own)),
    StoredTransferSyntaxUID: instance.storedTransferSyntaxUid,
    ImageFrames: instance.frames,
  };
  series.Instances[sopUid] = entry;
}

function setOnce(target: NormalizedAttributes, key: string, value: unknown): void {
  if (!(key in target)) target[key] = value;
}

/** The DICOM JSON of one instance rebuilt from the document: the levels merged back. */
export function instanceAttributes(
  doc: ImageSetMetadata,
  seriesUid: string,
  sopUid: string,
): { attributes: NormalizedAttributes; vrs: Record<string, string> } | undefined {
  const series = doc.Study.Series[seriesUid];
  const instance = series?.Instances[sopUid];
  if (!instance) return undefined;
  return {
    attributes: { ...doc.Patient.DICOM, ...doc.Study.DICOM, ...series.DICOM, ...instance.DICOM },
    vrs: instance.DICOMVRs,
  };
}
