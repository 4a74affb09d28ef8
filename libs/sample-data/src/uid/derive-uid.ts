import { hashUid, type Uid } from '@triage/dicom';

/**
 * The UID of a generated study, series or instance: the same seed and path always name the same
 * one, and different paths never collide in practice.
 */
export function deriveUid(seed: string, path: string): Uid {
  return hashUid(['triage-sample-data', seed, path]);
}
