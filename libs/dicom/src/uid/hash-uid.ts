import * as crypto from 'node:crypto';

/** A DICOM UID (PS3.5 9.1): digits and dots, no leading zeros in a component, at most 64 characters. */
export type Uid = string;

const UID_SYNTAX = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

/**
 * A UID under the 2.25 root (PS3.5 B.2) named by a hash of `parts`: SHA-256, or HMAC-SHA-256 when a
 * key is given, so one input always gives one UID and a key holder alone can reproduce it.
 * The parts are joined with NUL, so ('a', 'bc') and ('ab', 'c') name different UIDs.
 */
export function hashUid(parts: readonly string[], key?: string | Uint8Array): Uid {
  const hash = key === undefined ? crypto.createHash('sha256') : crypto.createHmac('sha256', key);
  const digest = hash.update(parts.join('\0')).digest();
  // A 2.25 UID carries a 128-bit integer; the top bit cleared keeps it inside the UUID range
  // (at most 39 digits, so the UID is at most 44 characters).
  digest[0] &= 0x7f;
  return `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;
}

/** True when `uid` is syntactically a valid DICOM UID. */
export function isValidUid(uid: string): boolean {
  return uid.length <= 64 && UID_SYNTAX.test(uid);
}
