import type { TokenStore } from './token-store';

/** The name the local admin's token is issued under. */
export const LOCAL_ADMIN = 'local-admin';

/** What {@link ensureAdminToken} did: `generated` carries the new token, to be shown once. */
export type AdminTokenResult = { generated: false } | { generated: true; token: string };

/**
 * Makes sure the local admin can sign in: a configured token (TRIAGE_ADMIN_TOKEN) becomes the admin's
 * token; without one, a token is generated on the first start only and returned so the caller can
 * print it once (to the terminal, never to the logs).
 */
export function ensureAdminToken(store: TokenStore, configured: string | undefined): AdminTokenResult {
  if (configured !== undefined) {
    if (!store.holds(LOCAL_ADMIN, configured)) store.issue(LOCAL_ADMIN, 'admin', configured);
    return { generated: false };
  }
  if (store.has(LOCAL_ADMIN)) return { generated: false };
  return { generated: true, token: store.issue(LOCAL_ADMIN, 'admin') };
}
