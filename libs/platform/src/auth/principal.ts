/** Roles a token can carry. Only `admin` is issued today; the next issue checks roles per route. */
export const ROLES = ['admin', 'clinician', 'scientist', 'service'] as const;
export type Role = (typeof ROLES)[number];

/** Who a request acts as: the token's holder. */
export interface Principal {
  name: string;
  role: Role;
}
