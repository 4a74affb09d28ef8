import type { DicomJsonDataset } from '@triage/dicom';

/** DICOM failure statuses a STOW-RS server gives (PS3.4 Annex B, PS3.18 Table 10.5.3-2). */
export const FailureStatus = {
  ProcessingFailure: 0x0110,
  OutOfResources: 0xa700,
  CannotUnderstand: 0xc000,
} as const;

/** An instance that was stored (or already was, with the same bytes). */
export interface StoredInstance {
  sopClassUid: string;
  sopInstanceUid: string;
  retrieveUrl: string;
  /** Already stored with the same bytes: nothing was written. */
  unchanged?: boolean;
}

/** What an unchanged item says: PS3.18 has no status for a repeat, so it is said in words. */
export const UNCHANGED_COMMENT = 'already stored with the same bytes; nothing changed';

/** An instance that was refused, with the DICOM failure status and why. */
export interface FailedInstance {
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** PS3.4 failure status: 0xA700 out of resources, 0xA900 SOP class mismatch, 0xC000 cannot understand, 0x0110 processing failure. */
  failureReason: number;
  /** In words, returned as ErrorComment (0000,0902) in the failed item. */
  reason: string;
}

/** The HTTP status of a STOW-RS response (PS3.18 10.5.3): 200 all stored, 202 some refused, 409 all refused. */
export function stowStatus(stored: number, failed: number): 200 | 202 | 409 {
  if (failed === 0) return 200;
  return stored === 0 ? 409 : 202;
}

/**
 * The STOW-RS response data set (PS3.18 10.5.3, Table 10.5.3-3): RetrieveURL of the study when the
 * request named one, ReferencedSOPSequence of the stored instances and FailedSOPSequence of the
 * refused ones, each failed item carrying its FailureReason and the reason in words (ErrorComment).
 */
export function stowResponse(stored: StoredInstance[], failed: FailedInstance[], studyRetrieveUrl?: string): DicomJsonDataset {
  const response: DicomJsonDataset = {};
  if (studyRetrieveUrl) response['00081190'] = { vr: 'UR', Value: [studyRetrieveUrl] };
  if (failed.length) {
    response['00081198'] = {
      vr: 'SQ',
      Value: failed.map((f) => ({
        '00081150': uid(f.sopClassUid),
        '00081155': uid(f.sopInstanceUid),
        '00081197': { vr: 'US', Value: [f.failureReason] },
        '00000902': { vr: 'LO', Value: [f.reason] },
      })),
    };
  }
  if (stored.length) {
    response['00081199'] = {
      vr: 'SQ',
      Value: stored.map((s) => ({
        '00081150': uid(s.sopClassUid),
        '00081155': uid(s.sopInstanceUid),
        '00081190': { vr: 'UR', Value: [s.retrieveUrl] },
        ...(s.unchanged && { '00000902': { vr: 'LO', Value: [UNCHANGED_COMMENT] } }),
      })),
    };
  }
  return response;
}

function uid(value: string | undefined): DicomJsonDataset[string] {
  // Type 1 in the response, but unknown when the part was not DICOM: present and empty then.
  return value ? { vr: 'UI', Value: [value] } : { vr: 'UI' };
}
