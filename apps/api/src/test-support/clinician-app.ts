import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditRecord } from '@triage/platform';
import { AuditLog, auditLogFile, parseRecord } from '@triage/platform';
import { sessionRequest, signIn, type SignedIn } from './session-client';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app';

/** The roles a clinician-side spec signs in as, each with its own token and session. */
export const PEOPLE = { carol: 'clinician', dana: 'data-scientist', otto: 'auditor', ada: 'admin' } as const;
export type Person = keyof typeof PEOPLE;

/** A test app with the catalog, sessions and an audit log, and one signed-in session per person of {@link PEOPLE}. */
export interface ClinicianApp {
  t: TestApp;
  sessions: Record<Person, SignedIn>;
  tokens: Record<Person, string>;
  /** A request as `who`'s browser sends it: cookie and CSRF token (pass `csrf: false` to leave the token out). */
  as(who: Person, method: string, route: string, body?: object, options?: { csrf?: boolean }): ReturnType<typeof sessionRequest>;
  /** The audit log so far. */
  records(): AuditRecord[];
  close(): Promise<void>;
}

/** Starts a {@link ClinicianApp}. */
export async function startClinicianApp(options: TestAppOptions = {}): Promise<ClinicianApp> {
  const auditDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-clinician-audit-'));
  const audit = AuditLog.open(auditLogFile(auditDir));
  const t = await startTestApp({ catalog: {}, sessions: {}, audit, signInRatePerMin: 1000, ...options });
  const tokens = {} as Record<Person, string>;
  const sessions = {} as Record<Person, SignedIn>;
  for (const [name, role] of Object.entries(PEOPLE) as [Person, (typeof PEOPLE)[Person]][]) {
    tokens[name] = t.tokens.issue(name, role);
    sessions[name] = await signIn(t.url, tokens[name]);
  }
  return {
    t,
    sessions,
    tokens,
    as: (who, method, route, body, { csrf = true } = {}) =>
      sessionRequest(t.url, { cookie: sessions[who].cookie, ...(csrf && { csrfToken: sessions[who].csrfToken }) }, method, route, body),
    records: () =>
      fs
        .readFileSync(auditLogFile(auditDir), 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => parseRecord(l) as AuditRecord),
    async close() {
      await t.close();
      audit.close();
      fs.rmSync(auditDir, { recursive: true, force: true });
    },
  };
}
