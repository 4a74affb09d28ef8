import { ApiError, apiErrorOf } from './api-error';

/** Who is signed in, as `POST /session` and `GET /session` answer. */
export interface SessionInfo {
  principal: { name: string; role: string };
  csrfToken: string;
  expiresAt: string;
}

/** The session lives in memory only: the token typed at sign-in is sent once and never kept anywhere. */
let current: SessionInfo | undefined;
const signedOutListeners = new Set<() => void>();

/** The session in memory, if any. */
export function currentSession(): SessionInfo | undefined {
  return current;
}

/** Calls `listener` whenever the server says the session is gone (a 401) or the user signs out. */
export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/** Ends the session in the viewer after the server said 401 to a request made outside {@link api} (DICOMweb). */
export function sessionExpired(): void {
  signedOut();
}

function signedOut(): void {
  current = undefined;
  for (const listener of signedOutListeners) listener();
}

/** Finds the session the cookie still holds (after a reload); undefined when there is none. */
export async function restoreSession(): Promise<SessionInfo | undefined> {
  const response = await fetch('/session', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) return (current = undefined);
  if (!response.ok) throw await apiErrorOf(response);
  return (current = (await response.json()) as SessionInfo);
}

/** Exchanges a bearer token for a session cookie; the token goes in the body of one request and nowhere else. */
export async function signIn(token: string): Promise<SessionInfo> {
  const response = await fetch('/session', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (!response.ok) throw await apiErrorOf(response);
  return (current = (await response.json()) as SessionInfo);
}

/** Signs out: the server revokes the session and clears the cookie. */
export async function signOut(): Promise<void> {
  try {
    if (current) await api('/session', { method: 'DELETE' });
  } finally {
    signedOut();
  }
}

/** Options of {@link api}: a JSON body is serialised; the method defaults to GET, or POST with a body. */
export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  json?: unknown;
  signal?: AbortSignal;
}

/**
 * A request to the API with the session cookie: every state change carries the CSRF token, a 401 ends the
 * session in the viewer (back to sign-in). Answers JSON, or undefined for 204.
 */
export async function api<T>(path: string, options: ApiOptions = {}): Promise<T> {
  const method = options.method ?? (options.json === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.json !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && current) headers['X-CSRF-Token'] = current.csrfToken;
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
    signal: options.signal,
  });
  if (response.status === 401) {
    const error = await apiErrorOf(response);
    signedOut();
    throw error;
  }
  if (!response.ok) throw await apiErrorOf(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** True for an error that says the caller's role may not do this (403 that is not a CSRF refusal). */
export function isForbidden(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 403;
}
