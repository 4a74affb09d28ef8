import { createHash } from 'node:crypto';

/** A DICOM UID (PS3.5 9.1): digits and dots, no leading zeros in a component, at most 64 characters. */
export type Uid = string;

const UID_SYNTAX = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

/**
 * A UID under the 2.25 root (PS3.5 B.2): the decimal of a 128-bit hash of the seed and a path,
 * so the same seed always names the same study, series and instance, and different paths never collide in practice.
 */
export function deriveUid(seed: string, path: string): Uid {
  const digest = createHash('sha256').update(`triage-sample-data\0${seed}\0${path}`).digest();
  const value = BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
  return `2.25.${value.toString(10)}`;
}

/** True when `uid` is syntactically a valid DICOM UID. */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && UID_SYNTAX.test(uid);
}
