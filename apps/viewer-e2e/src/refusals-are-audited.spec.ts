import type { BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, newViewportContext, screenshot } from '@triage/test-support';
import { auditRecords, issueToken } from './test-support/api-requests';
import { ADMIN_TOKEN, openClinic, type Clinic } from './test-support/clinic';
import { signIn } from './test-support/viewer-pages';

/** A request made from inside the page, as the viewer's own code would: same origin, the session cookie attached by the browser. */
interface InPageRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  /** Which X-CSRF-Token to send: the session's own (read from GET /session), another value, or none. */
  csrf: 'session' | 'wrong' | 'none';
}

/** Sends `request` from the page and answers its status. */
function inPage(page: Page, request: InPageRequest): Promise<number> {
  return page.evaluate(async ({ method, path, body, csrf }) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (csrf !== 'none') {
      const session = (await (await fetch('/session')).json()) as { csrfToken: string };
      headers['x-csrf-token'] = csrf === 'session' ? session.csrfToken : `${session.csrfToken.slice(1)}x`;
    }
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return response.status;
  }, request);
}

describe('refusals in the browser, each one in the audit log', () => {
  let clinic: Clinic;
  let clinicianToken: string;
  let auditorToken: string;
  let clinician: BrowserContext;
  let auditor: BrowserContext;
  let chest: string;

  beforeAll(async () => {
    clinic = await openClinic();
    clinicianToken = await issueToken(clinic.api.url, ADMIN_TOKEN, 'dr-grey', 'clinician');
    auditorToken = await issueToken(clinic.api.url, ADMIN_TOKEN, 'ms-audit', 'auditor');
    clinician = await newViewportContext(clinic.browser, VIEWPORTS.desktop);
    auditor = await newViewportContext(clinic.browser, VIEWPORTS.desktop);
    chest = clinic.imageSetOf('SYNTHETIC^CHEST0001');
  });
  afterAll(async () => {
    await clinician?.close();
    await auditor?.close();
    await clinic?.close();
  });

  it('a clinician cannot open the audit page: the page says so, there is no link to it, and GET /admin/audit is 403', async () => {
    const page = await clinician.newPage();
    await signIn(page, clinic.api.url, clinicianToken);
    expect(await page.getByTestId('nav-audit').count()).toBe(0);
    await page.goto(`${clinic.api.url}/#/audit`);
    await page.locator('[data-testid=audit-page][data-state=not-allowed]').waitFor();
    expect(await page.getByTestId('notice-error').textContent()).toBe('Not allowed: your role may not read the audit log.');
    expect(await inPage(page, { method: 'GET', path: '/admin/audit', csrf: 'none' })).toBe(403);
    await screenshot(page, `audit-refused-clinician-${VIEWPORTS.desktop.name}`);
  });

  it('a state change without the CSRF token, or with another one, is refused (403); with it, the same change is made', async () => {
    const page = await clinician.newPage();
    await page.goto(`${clinic.api.url}/#/worklist`);
    await page.getByTestId('worklist-page').waitFor();
    const put = (csrf: InPageRequest['csrf'], expectedVersion: number) =>
      inPage(page, { method: 'PUT', path: `/api/image-sets/${chest}/label`, body: { finding: 'normal', expectedVersion }, csrf });
    expect({
      labelWithout: await put('none', 0),
      labelWrong: await put('wrong', 0),
      signOutWithout: await inPage(page, { method: 'DELETE', path: '/session', csrf: 'none' }),
      labelWith: await put('session', 0),
      stillSignedIn: await inPage(page, { method: 'GET', path: '/session', csrf: 'none' }),
    }).toEqual({ labelWithout: 403, labelWrong: 403, signOutWithout: 403, labelWith: 200, stillSignedIn: 200 });
  });

  it('an auditor lands on the audit page and can filter it, but cannot change a label (403)', async () => {
    for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.tablet]) {
      const context = viewport === VIEWPORTS.desktop ? auditor : await newViewportContext(clinic.browser, viewport);
      const page = await context.newPage();
      await signIn(page, clinic.api.url, auditorToken, 'audit');
      await page.getByTestId('audit-table').waitFor();
      expect(await page.getByTestId('nav-worklist').count()).toBe(0);
      await screenshot(page, `audit-${viewport.name}`);
      if (context !== auditor) await context.close();
    }
    const page = await auditor.newPage();
    await page.goto(`${clinic.api.url}/#/audit`);
    await page.getByTestId('audit-table').waitFor();
    const status = await inPage(page, {
      method: 'PUT',
      path: `/api/image-sets/${chest}/label`,
      body: { finding: 'pneumonia', expectedVersion: 1 },
      csrf: 'session',
    });
    expect(status).toBe(403);
  });

  it("finds every refusal in the audit log, through the auditor's audit page filters and GET /admin/audit", async () => {
    const label = `/api/image-sets/${chest}/label`;
    const refused = async (actor: string) =>
      (await auditRecords(clinic.api.url, auditorToken, { actor, outcome: 'refused' })).map(({ action, resource, detail }) => ({
        action,
        resource,
        detail,
      }));
    const found = { clinician: await refused('dr-grey'), auditor: await refused('ms-audit') };
    console.log(`refusals in the audit log: ${JSON.stringify(found)}`);
    expect(found).toEqual({
      clinician: [
        { action: 'audit.read', resource: '/admin/audit', detail: 'role clinician may not audit.read' },
        { action: 'labels.write', resource: label, detail: 'missing or wrong CSRF token' },
        { action: 'labels.write', resource: label, detail: 'missing or wrong CSRF token' },
        { action: 'session.delete', resource: '/session', detail: 'missing or wrong CSRF token' },
      ],
      auditor: [{ action: 'labels.write', resource: label, detail: 'role auditor may not labels.write' }],
    });

    // The same through the audit page, as the auditor reads it.
    const page = await auditor.newPage();
    await page.goto(`${clinic.api.url}/#/audit`);
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-filter-actor').fill('dr-grey');
    await page.getByTestId('audit-filter-outcome').selectOption('refused');
    const answered = page.waitForResponse((r) => r.url().includes('/admin/audit?') && r.url().includes('actor=dr-grey'));
    await page.getByTestId('audit-apply').click();
    await answered;
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=audit-row]').length === n, found.clinician.length);
    const rows = await page
      .getByTestId('audit-row')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((cells) => ({ actor: cells[2], action: cells[4], resource: cells[5], outcome: cells[6] }))).toEqual(
      found.clinician.map(({ action, resource }) => ({ actor: 'dr-grey', action, resource, outcome: 'refused' })),
    );
    await screenshot(page, `audit-refusals-${VIEWPORTS.desktop.name}`);
  });
});
