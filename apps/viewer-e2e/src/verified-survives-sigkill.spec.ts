import Database from 'better-sqlite3';
import * as path from 'node:path';
import { VIEWPORTS, newViewportContext } from '@triage/test-support';
import { bearer, issueToken, requestJson } from './test-support/api-requests';
import { ADMIN_TOKEN, openClinic, type Clinic } from './test-support/clinic';
import { eventually } from './test-support/eventually';
import { openStudy, signIn } from './test-support/viewer-pages';

/** One record of GET /admin/events/deliveries?detailType=ImageVerified (the durable 'verified-labels' subscriber). */
interface Delivery {
  eventId: string;
  imageSetId: string;
  finding: string;
  verification: string;
  labelVersion: number;
  principal: string;
  processedAt: string;
  deliveries: number;
}

/** What the 'verified-labels' subscriber processed for an image set, read as the admin. */
async function verifiedDeliveries(apiUrl: string, imageSetId: string): Promise<Delivery[]> {
  const answer = await requestJson(`${apiUrl}/admin/events/deliveries?detailType=ImageVerified&imageSetId=${imageSetId}`, {
    headers: bearer(ADMIN_TOKEN),
  });
  if (answer.status !== 200) throw new Error(`GET /admin/events/deliveries: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { deliveries: Delivery[] }).deliveries;
}

/** The label versions of an image set (newest first), read as the admin. */
async function labelHistory(apiUrl: string, imageSetId: string): Promise<{ version: number; finding: string; verified: boolean }[]> {
  const answer = await requestJson(`${apiUrl}/api/image-sets/${imageSetId}/label`, { headers: bearer(ADMIN_TOKEN) });
  if (answer.status !== 200) throw new Error(`GET label: ${answer.status} ${JSON.stringify(answer.body)}`);
  return (answer.body as { history: { version: number; finding: string; verified: boolean }[] }).history.map(
    ({ version, finding, verified }) => ({
      version,
      finding,
      verified,
    }),
  );
}

describe('verifying a label in the browser, the API SIGKILLed as soon as the PUT answered', () => {
  let clinic: Clinic;
  beforeAll(async () => {
    clinic = await openClinic();
  });
  afterAll(async () => {
    await clinic?.close();
  });

  it('produces exactly one ImageVerified, processed exactly once by the durable subscriber after the restart (and after another)', async () => {
    const token = await issueToken(clinic.api.url, ADMIN_TOKEN, 'dr-grey', 'clinician');
    const chest = clinic.imageSetOf('SYNTHETIC^CHEST0000');
    const context = await newViewportContext(clinic.browser, VIEWPORTS.desktop);
    const page = await context.newPage();
    await signIn(page, clinic.api.url, token);
    await openStudy(page, chest);
    await page.locator('[data-testid=label-panel][data-version="0"]').waitFor();
    await page.getByTestId('label-finding').selectOption('pneumonia');

    // The subscriber's database held locked by this test (as a slow disk or a long backup would): the delivery
    // that follows the PUT's commit blocks on it, so the server is killed while the event is still undelivered.
    // Without the lock the delivery wins the race with the kill (it follows the commit by a millisecond or so).
    const lock = new Database(path.join(clinic.dataDir, 'events', 'verified-labels.sqlite'));
    lock.exec('BEGIN IMMEDIATE');

    // The kill is the test's: in the same tick as the browser reports the PUT's answer, before anything else runs here.
    const killed = clinic.api;
    let killedAt: Date | undefined;
    const answered = new Promise<number>((resolve) =>
      page.on('response', (response) => {
        if (response.request().method() !== 'PUT' || !response.url().endsWith(`/api/image-sets/${chest}/label`)) return;
        killed.child.kill('SIGKILL');
        killedAt = new Date();
        resolve(response.status());
      }),
    );
    await page.getByTestId('label-correct').click();
    expect(await answered).toBe(200);
    expect(await killed.exited).toBe('SIGKILL');
    lock.exec('ROLLBACK');
    lock.close();
    await context.close();

    const restarted = await clinic.restart(false);
    const delivered = await eventually('the ImageVerified processed after the restart', async () => {
      const records = await verifiedDeliveries(restarted.url, chest);
      return records.length > 0 ? records : undefined;
    });
    // Processed by the restarted server, handed over once: the attempt the kill cut never got past the lock.
    expect(new Date(delivered[0].processedAt).getTime()).toBeGreaterThan(killedAt?.getTime() ?? Infinity);
    // One label version, verified, so one ImageVerified (the catalog emits one per clinician version, in its transaction).
    expect(await labelHistory(restarted.url, chest)).toEqual([{ version: 1, finding: 'pneumonia', verified: true }]);
    expect(
      delivered.map(({ imageSetId, finding, verification, labelVersion, principal }) => ({
        imageSetId,
        finding,
        verification,
        labelVersion,
        principal,
      })),
    ).toEqual([{ imageSetId: chest, finding: 'pneumonia', verification: 'confirmed', labelVersion: 1, principal: 'dr-grey' }]);
    expect(delivered[0].deliveries).toBe(1);

    // Once more, stopped cleanly this time: the event is not processed again (same record, same time of processing).
    const again = await clinic.restart(false);
    const after = await verifiedDeliveries(again.url, chest);
    expect(after.map(({ eventId, processedAt }) => ({ eventId, processedAt }))).toEqual([
      { eventId: delivered[0].eventId, processedAt: delivered[0].processedAt },
    ]);
  });
});
