import type { Role } from '@triage/platform';

/** What the token routes need of the token store (the platform's TokenStore). */
export interface TokenAdmin {
  issue(name: string, role: Role): string;
  revoke(name: string): boolean;
  has(name: string): boolean;
  list(): { name: string; role: Role; createdAt: string }[];
}

/** Whether `value` can administer tokens (the authenticator usually can). */
export function isTokenAdmin(value: unknown): value is TokenAdmin {
  const v = value as Partial<TokenAdmin> | undefined;
  return typeof v?.issue === 'function' && typeof v.revoke === 'function' && typeof v.has === 'function' && typeof v.list === 'function';
}
