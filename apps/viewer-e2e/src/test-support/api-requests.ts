/** A JSON answer as it came: status, headers, body parsed when it is JSON. */
export interface JsonAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Sends a request to the API and reads the answer whole (JSON parsed when the answer says JSON). */
export async function requestJson(url: string, init: RequestInit = {}): Promise<JsonAnswer> {
  const response = await fetch(url, { redirect: 'manual', ...init });
  const text = await response.text();
  const json = /json/i.test(response.headers.get('content-type') ?? '') && text.length > 0;
  return { status: response.status, headers: response.headers, body: json ? (JSON.parse(text) as unknown) : text };
}

/** The Authorization header of a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Issues a token for `name` with `role` as the admin (POST /admin/tokens) and returns it. */
export async function issueToken(apiUrl: string, adminToken: string, name: string, role: string): Promise<string> {
  const answer = await requestJson(`${apiUrl}/admin/tokens`, {
    method: 'POST',
    headers: { ...bearer(adminToken), 'content-type': 'application/json' },
    body: JSON.stringify({ name, role }),
  });
  if (answer.status !== 201) throw new Error(`POST /admin/tokens ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { token: string }).token;
}

/** A session opened outside the browser: its cookie header and CSRF token. */
export interface ApiSession {
  cookie: string;
  csrfToken: string;
}

/** Exchanges a token for a session (POST /session), as the viewer's sign-in does. */
export async function openSession(apiUrl: string, token: string): Promise<ApiSession> {
  const answer = await requestJson(`${apiUrl}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (answer.status !== 200) throw new Error(`POST /session: ${answer.status} ${JSON.stringify(answer.body)}`);
  const setCookie = answer.headers.getSetCookie().find((c) => c.startsWith('triage_session='));
  if (!setCookie) throw new Error('POST /session set no triage_session cookie');
  return { cookie: setCookie.split(';')[0], csrfToken: (answer.body as { csrfToken: string }).csrfToken };
}

/** One record of the audit log as GET /admin/audit answers it. */
export interface AuditEntry {
  seq: number;
  actor: string;
  role: string;
  action: string;
  resource: string;
  outcome: string;
  detail?: string;
}

/** Filters of GET /admin/audit (docs/CLINICIAN_API.md). */
export interface AuditFilters {
  actor?: string;
  action?: string;
  outcome?: string;
  resource?: string;
}

/** Every audit record that matches `filters`, read as the auditor through GET /admin/audit (all pages). */
export async function auditRecords(apiUrl: string, auditorToken: string, filters: AuditFilters): Promise<AuditEntry[]> {
  const records: AuditEntry[] = [];
  let after = 0;
  for (;;) {
    const query = new URLSearchParams({ ...filters, after: String(after), limit: '1000' } as Record<string, string>);
    const answer = await requestJson(`${apiUrl}/admin/audit?${query}`, { headers: bearer(auditorToken) });
    if (answer.status !== 200) throw new Error(`GET /admin/audit: ${answer.status} ${JSON.stringify(answer.body)}`);
    const page = answer.body as { records: AuditEntry[]; next?: number };
    records.push(...page.records);
    if (page.next === undefined || page.records.length === 0) return records;
    after = page.next;
  }
}

/** One worklist item, as far as the tests read it. */
export interface WorklistEntry {
  imageSetId: string;
  studyInstanceUid: string;
  patientName?: string;
  verification: string;
}

/** The whole worklist (POST /api/worklist/search with a bearer token: no CSRF token needed). */
export async function worklist(apiUrl: string, token: string): Promise<{ items: WorklistEntry[]; total: number }> {
  const answer = await requestJson(`${apiUrl}/api/worklist/search`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 500 }),
  });
  if (answer.status !== 200) throw new Error(`POST /api/worklist/search: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { items: WorklistEntry[]; total: number };
}
