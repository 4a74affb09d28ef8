import type { AccessKey, AccessKeyHolder, Role } from '@triage/platform';

/** What the access key routes need of the key store (the platform's AccessKeyStore). */
export interface AccessKeyAdmin {
  issue(name: string, role: Role): AccessKey;
  revoke(accessKeyId: string): boolean;
  list(): AccessKeyHolder[];
}

/** Whether `value` can administer access keys (an AccessKeyStore can). */
export function isAccessKeyAdmin(value: unknown): value is AccessKeyAdmin {
  const v = value as Partial<AccessKeyAdmin> | undefined;
  return typeof v?.issue === 'function' && typeof v.revoke === 'function' && typeof v.list === 'function';
}
