import { Type, type Static } from '@fastify/type-provider-typebox';
import { ROLES } from '@triage/platform';
import type { Role } from '@triage/platform';

/** Who is signed in, as the viewer shows it. */
export const PrincipalSchema = Type.Object(
  { name: Type.String(), role: Type.Unsafe<Role>(Type.String({ enum: [...ROLES] })) },
  { additionalProperties: false },
);

/** POST /session's body: the bearer token, exchanged once for a cookie (never kept by the browser). */
export const SignInBody = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 512, description: 'a bearer token (the admin token or one an admin issued)' }) },
  { additionalProperties: false },
);
export type SignInBody = Static<typeof SignInBody>;

/** What POST and GET /session answer: who, the CSRF token for state-changing requests, and when the session ends unless used. */
export const SessionBody = Type.Object(
  {
    principal: PrincipalSchema,
    csrfToken: Type.String({ description: 'send as X-CSRF-Token on every POST, PUT, PATCH and DELETE' }),
    expiresAt: Type.String({ format: 'date-time', description: 'when the session ends unless used before' }),
  },
  { additionalProperties: false },
);
