/** What `POST /instances` answers for one uploaded file. */
export interface OrthancUpload {
  ID: string;
  ParentPatient: string;
  ParentStudy: string;
  ParentSeries: string;
  Path: string;
  /** `Success`, or `AlreadyStored` when the same SOP Instance UID was there already. */
  Status: string;
}

/** `GET /studies/{id}`: a study with its main tags (DICOM keywords to string values). */
export interface OrthancStudy {
  ID: string;
  ParentPatient: string;
  Series: string[];
  MainDicomTags: Record<string, string>;
  PatientMainDicomTags: Record<string, string>;
}

/** One element of `GET /studies/{id}/instances`. */
export interface OrthancInstance {
  ID: string;
  ParentSeries: string;
  FileSize: number;
  MainDicomTags: Record<string, string>;
}

/** `GET /jobs/{id}`: an Orthanc job; `Content` carries what the job reports (all values as strings). */
export interface OrthancJob {
  ID: string;
  Type: string;
  State: 'Pending' | 'Running' | 'Success' | 'Failure' | 'Paused' | 'Retry';
  Progress: number;
  ErrorCode: number;
  ErrorDescription: string;
  ErrorDetails?: string;
  Content: Record<string, string | number | undefined>;
}

/** A resource the DICOMweb client retrieves by WADO-RS, named by DICOM UIDs (never Orthanc ids). */
export interface DicomWebResource {
  Study: string;
  Series?: string;
  Instance?: string;
}

/**
 * One attribute of a QIDO-RS answer as the plugin's `/qido` reshapes it: not PS3.18 DICOM JSON but
 * Orthanc's own form, a single string Value (person names flattened), with the tag split and named.
 */
export interface OrthancQidoAttribute {
  Group: number;
  Element: number;
  Name: string;
  vr: string;
  Value?: string;
}

/** One match of a `/dicom-web/servers/{name}/qido` call, by tag (`0020000D`). */
export type OrthancQidoMatch = Record<string, OrthancQidoAttribute>;
