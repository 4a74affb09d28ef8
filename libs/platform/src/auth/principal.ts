import type { Role } from '../roles/roles';

/** Who a request acts as: the token's holder. */
export interface Principal {
  name: string;
  role: Role;
}
