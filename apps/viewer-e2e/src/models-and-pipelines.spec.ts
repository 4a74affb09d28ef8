import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DicomwebClient } from '@triage/dicomweb';
import { generateChestStudies } from '@triage/sample-data';
import { VIEWPORTS, collectPageErrors, launchChromium, newViewportContext, screenshot } from '@triage/test-support';
import { startApi, type ApiProcess } from './test-support/api-process';
import { issueToken, requestJson, bearer } from './test-support/api-requests';
import { ADMIN_TOKEN } from './test-support/clinic';
import { eventually } from './test-support/eventually';
import { FIXTURE_GROUP, registerFixtureModels, type FixtureModels } from './test-support/model-fixture';
import { decide, shownHistory, shownVersions, versionPageLoaded } from './test-support/model-pages';
import { runFixturePipeline } from './test-support/pipeline-fixture';
import { signIn, worklistRows } from './test-support/viewer-pages';

const STUDIES = 6;

/** The worklist as the API orders it (priority first), with the model version that scored each item. */
async function scoredWorklist(apiUrl: string, token: string): Promise<{ imageSetId: string; modelVersion?: string }[]> {
  const answer = await requestJson(`${apiUrl}/api/worklist/search`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json' },
    body: JSON.stringify({ limit: 500 }),
  });
  if (answer.status !== 200) throw new Error(`worklist: ${answer.status}`);
  const items = (answer.body as { items: { imageSetId: string; prediction?: { modelVersion: string } }[] }).items;
  return items.map((i) => ({ imageSetId: i.imageSetId, modelVersion: i.prediction?.modelVersion }));
}

describe('models in the browser: approve, promote, roll back, and the worklist follows the promoted model', () => {
  let dataDir: string;
  let models: FixtureModels;
  let api: ApiProcess;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let adminToken: string;
  let executionId: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'triage-viewer-e2e-models-'));
    // Before the API opens the registry: two versions as a pipeline run leaves them, v1 serving.
    models = await registerFixtureModels(dataDir);
    // A person promotes here: with the default policy ('auto') the loop would promote v2 the moment it is approved.
    fs.writeFileSync(path.join(dataDir, 'mlops.json'), JSON.stringify({ promotion: { policy: 'manual' } }));
    executionId = await runFixturePipeline(dataDir);
    [api, browser] = await Promise.all([startApi({ dataDir, adminToken: ADMIN_TOKEN }), launchChromium()]);
    adminToken = await issueToken(api.url, ADMIN_TOKEN, 'ada', 'admin');
    const client = new DicomwebClient({ url: `${api.url}/dicomweb`, authorization: `Bearer ${ADMIN_TOKEN}` });
    const studies = [...generateChestStudies({ count: STUDIES, seed: 'viewer-e2e-models', size: 128 })];
    const stored = await client.store(studies.map((s) => s.bytes));
    if (stored.result.accepted.length !== STUDIES) throw new Error(`STOW-RS: ${JSON.stringify(stored.result.failed)}`);
    await eventually('the studies on the worklist', async () =>
      (await scoredWorklist(api.url, adminToken)).length === STUDIES ? true : undefined,
    );
    context = await newViewportContext(browser, VIEWPORTS.desktop);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
    await signIn(page, api.url, adminToken);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('an admin approves the pending version with a reason, promotes it, rolls back, and sees each step in the history', async () => {
    expect(await shownVersions(page, api.url, FIXTURE_GROUP)).toEqual([
      { version: 2, approval: 'PendingManualApproval', promoted: false, accuracy: '0.840 (0.800–0.880)' },
      { version: 1, approval: 'Approved', promoted: true, accuracy: '0.860 (0.820–0.900)' },
    ]);
    await page.locator('[data-testid=model-version-row][data-version="2"] [data-testid=model-version-open]').click();
    await versionPageLoaded(page, 2, { approval: 'PendingManualApproval', promoted: false });
    expect(await page.getByTestId('lineage-execution-link').getAttribute('href')).toBe('#/pipelines/fixture0002');

    // No reason, no request: the page asks for one.
    await page.getByTestId('action-approve').click();
    expect(await page.getByTestId('notice-error').textContent()).toBe('A reason is required.');

    await decide(page, 'approve', 'validated on the March holdout');
    await versionPageLoaded(page, 2, { approval: 'Approved', promoted: false });
    await decide(page, 'promote', 'better recall on small opacities');
    await versionPageLoaded(page, 2, { approval: 'Approved', promoted: true });
    await page.getByTestId('promoted-badge').waitFor();
    await screenshot(page, `model-promoted-${VIEWPORTS.desktop.name}`);
    await decide(page, 'rollback', 'false positives on portable films');
    await versionPageLoaded(page, 2, { approval: 'Approved', promoted: false });

    expect(await shownHistory(page)).toEqual([
      { version: 'v1', action: 'promoted', who: 'ada', why: 'false positives on portable films' },
      { version: 'v2', action: 'rolled-back', who: 'ada', why: 'false positives on portable films' },
      { version: 'v2', action: 'promoted', who: 'ada', why: 'better recall on small opacities' },
      { version: 'v1', action: 'demoted', who: 'ada', why: 'better recall on small opacities' },
      { version: 'v2', action: 'approved', who: 'ada', why: 'validated on the March holdout' },
      { version: 'v1', action: 'promoted', who: 'policy:model-registry', why: 'the first approved version' },
      { version: 'v2', action: 'registered', who: 'pipeline:fixture0002', why: '' },
      { version: 'v1', action: 'registered', who: 'pipeline:fixture0001', why: '' },
    ]);
    expect(await shownVersions(page, api.url, FIXTURE_GROUP)).toEqual([
      { version: 2, approval: 'Approved', promoted: false, accuracy: '0.840 (0.800–0.880)' },
      { version: 1, approval: 'Approved', promoted: true, accuracy: '0.860 (0.820–0.900)' },
    ]);
    // The monitoring panel renders whatever the monitor has (or "no data yet"), never an error.
    await page.goto(`${api.url}/#/models/${FIXTURE_GROUP}/1`);
    await versionPageLoaded(page, 1, { promoted: true });
    await page.locator('[data-testid=monitoring-panel][data-state=empty], [data-testid=monitoring-panel][data-state=loaded]').waitFor();
    // A 404 of a panel with no data yet logs a failed resource in the console; what must not happen is an uncaught error.
    expect(pageErrors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
  });

  it('shows a pipeline run: its steps with attempts and progress, a step log, the training curves per epoch, and the decision', async () => {
    await page.goto(`${api.url}/#/pipelines`);
    await page.locator('[data-testid=pipelines-page][data-state=loaded]').waitFor();
    const runs = await page.getByTestId('pipeline-run-row').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { id: r.getAttribute('data-execution-id'), status: r.getAttribute('data-status'), name: cells[0], by: cells[3] };
      }),
    );
    expect(runs).toEqual([{ id: executionId, status: 'Succeeded', name: 'fixture run', by: 'dana' }]);
    await page.locator(`[data-execution-id="${executionId}"] [data-testid=pipeline-run-open]`).click();
    await page.locator('[data-testid=pipeline-run-page][data-state=loaded][data-status=Succeeded]').waitFor();
    const steps = await page.getByTestId('pipeline-step-row').evaluateAll((rows) =>
      rows.map((r) => {
        const cells = [...r.querySelectorAll('td')].map((td) => td.textContent ?? '');
        return { step: cells[0], type: cells[1], status: r.getAttribute('data-status'), attempts: cells[3], progress: cells[6] };
      }),
    );
    expect(steps).toEqual([
      { step: 'Prepare', type: 'Processing', status: 'Succeeded', attempts: '1', progress: 'preprocess 8/8 · 8 images, 0 skipped' },
      { step: 'Train', type: 'Training', status: 'Succeeded', attempts: '1', progress: 'epoch 3/3 · loss 0.410' },
    ]);

    // The curves: one point per epoch for train and validation, loss falling (SVG y grows downwards), accuracy rising.
    await page.locator('[data-testid=training-curves][data-epochs="3"]').waitFor();
    const ys = (chart: string, series: string) =>
      page
        .locator(`[data-testid=${chart}] polyline[data-series=${series}]`)
        .evaluate((line) => (line.getAttribute('points') ?? '').split(' ').map((p) => Number(p.split(',')[1])));
    const rising = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);
    const loss = { train: await ys('loss-chart', 'train'), validation: await ys('loss-chart', 'validation') };
    const accuracy = { train: await ys('accuracy-chart', 'train'), validation: await ys('accuracy-chart', 'validation') };
    expect({
      points: [loss.train.length, loss.validation.length, accuracy.train.length, accuracy.validation.length],
      lossFalls: rising(loss.train) && rising(loss.validation),
      accuracyRises: rising(accuracy.train.map((y) => -y)) && rising(accuracy.validation.map((y) => -y)),
    }).toEqual({ points: [3, 3, 3, 3], lossFalls: true, accuracyRises: true });

    // The log of the step that ran last, then another step's, chosen with the keyboard.
    await page.locator('[data-testid=step-log-panel][data-step=Train][data-complete=true]').waitFor();
    const logLines = async () =>
      ((await page.getByTestId('step-log').textContent()) ?? '').split('\n').filter((l) => l && !l.startsWith('TRIAGE_PROGRESS'));
    expect(await logLines()).toEqual(['train starts', 'train done']);
    await page.locator('[data-testid=pipeline-step-row][data-step=Prepare] [data-testid=step-log-open]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=step-log-panel][data-step=Prepare][data-complete=true]').waitFor();
    expect(await logLines()).toEqual(['prepare starts']);

    expect(await page.getByTestId('decision').getAttribute('data-decision')).toBe('none');
    await screenshot(page, `pipeline-run-${VIEWPORTS.desktop.name}`);
  });

  it('draws the ROC curve and the confusion matrix from the version’s evaluation.json (needs objectPath passed to the model routes)', async () => {
    await page.goto(`${api.url}/#/models/${FIXTURE_GROUP}/1`);
    await versionPageLoaded(page, 1);
    await page.locator('[data-testid=evaluation-panel][data-state=loaded]').waitFor();
    const roc = await page.locator('[data-testid=roc-chart] polyline.series').getAttribute('data-points');
    const cells = await page
      .locator('[data-testid=confusion-matrix] rect.cell')
      .evaluateAll((rects) =>
        rects.map((r) => [r.getAttribute('data-actual'), r.getAttribute('data-predicted'), Number(r.getAttribute('data-count'))]),
      );
    expect({ roc, cells, note: await page.locator('[data-testid=roc-chart] text.note').textContent() }).toEqual({
      roc: '5',
      cells: [
        ['normal', 'normal', 36],
        ['normal', 'pneumonia', 4],
        ['pneumonia', 'normal', 7],
        ['pneumonia', 'pneumonia', 33],
      ],
      note: 'AUC 0.900 (0.860–0.940)',
    });
    await screenshot(page, `model-evaluation-${VIEWPORTS.desktop.name}`);
  });

  it('the worklist order follows the promoted model: reversed under v2 (its head is v1’s negated), back after the rollback (needs the loop wired)', async () => {
    const scoredBy = (arn: string) =>
      eventually(`every study scored by ${arn}`, async () => {
        const items = await scoredWorklist(api.url, adminToken);
        return items.length === STUDIES && items.every((i) => i.modelVersion === arn) ? items.map((i) => i.imageSetId) : undefined;
      });
    const worklist = await context.newPage();
    await worklist.goto(`${api.url}/#/worklist`);
    await worklist.getByTestId('worklist-page').waitFor();
    const shownOrder = (expected: string[]) =>
      eventually('the worklist page showing that order', async () => {
        const rows = (await worklistRows(worklist)).map((r) => r.imageSetId);
        return JSON.stringify(rows) === JSON.stringify(expected) ? rows : undefined;
      });

    const underV1 = await scoredBy(models.v1.arn);
    await shownOrder(underV1);

    await page.goto(`${api.url}/#/models/${FIXTURE_GROUP}/2`);
    await versionPageLoaded(page, 2, { approval: 'Approved', promoted: false });
    await decide(page, 'promote', 'second look');
    await versionPageLoaded(page, 2, { promoted: true });
    const underV2 = await scoredBy(models.v2.arn);
    expect(underV2).toEqual([...underV1].reverse());
    await shownOrder(underV2);
    await screenshot(worklist, `worklist-under-v2-${VIEWPORTS.desktop.name}`);

    await decide(page, 'rollback', 'back to v1');
    await versionPageLoaded(page, 2, { promoted: false });
    expect(await scoredBy(models.v1.arn)).toEqual(underV1);
    await shownOrder(underV1);
  });
});
