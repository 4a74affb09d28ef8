import { createHmac } from 'node:crypto';

/** The three splits; a patient is in exactly one. */
export type SplitName = 'train' | 'validation' | 'test';
export const SPLITS: readonly SplitName[] = ['train', 'validation', 'test'];

/** Share of patients per split: 70/15/15. */
export const SPLIT_FRACTIONS: Readonly<Record<SplitName, number>> = { train: 0.7, validation: 0.15, test: 0.15 };

/** A patient's place: the keyed hash written in place of the PatientID, and the split it falls in. */
export interface PatientSplit {
  /** 32 hex characters of HMAC-SHA256(splitKey, PatientID): the same patient, the same key, always. */
  patientKey: string;
  split: SplitName;
}

/**
 * The split of a patient, from the keyed hash of the PatientID alone: it does not depend on which
 * other patients exist or in what order they come, so adding patients never moves one, a retrain
 * with the same key puts every patient where it was, and test patients are never trained on. The
 * key keeps the assignment unguessable (nobody can choose a PatientID to land in train).
 */
export function patientSplit(patientId: string, splitKey: string): PatientSplit {
  const digest = createHmac('sha256', splitKey).update(patientId, 'utf8').digest();
  // 48 bits of the digest as a uniform draw in [0, 1).
  const u = digest.readUIntBE(0, 6) / 2 ** 48;
  const split: SplitName =
    u < SPLIT_FRACTIONS.train ? 'train' : u < SPLIT_FRACTIONS.train + SPLIT_FRACTIONS.validation ? 'validation' : 'test';
  return { patientKey: digest.subarray(0, 16).toString('hex'), split };
}

/** Names a split key in lineage records without revealing it. */
export function splitKeyId(splitKey: string): string {
  return createHmac('sha256', splitKey).update('triage split key id').digest('hex').slice(0, 16);
}
