import type { BrowserContext, Page } from 'playwright-core';
import { VIEWPORTS, collectPageErrors, newViewportContext, screenshot } from '@triage/test-support';
import { issueToken, requestJson } from './test-support/api-requests';
import { canvasGrey, greySpread, matchCanvas, meanAbsDifference, windowFrame, type GreyImage } from './test-support/canvas-pixels';
import { ADMIN_TOKEN, openClinic, type Clinic } from './test-support/clinic';
import { CLINIC_WORKLIST, CT_SLICES } from './test-support/clinic-studies';
import { storedFrame } from './test-support/stored-frame';
import {
  afterRender,
  filterWorklist,
  imagesLoaded,
  openStudy,
  shownWindow,
  signIn,
  sliceIndicator,
  viewerStats,
  worklistLoaded,
  worklistLoads,
  worklistRows,
  type ShownFilters,
} from './test-support/viewer-pages';

/** A DICOM PN as the worklist shows it ("Family, Given"), and a DA as YYYY-MM-DD. */
const shownName = (pn: string) => pn.replace('^', ', ');
const shownDate = (da: string) => `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;

/** Every filter the worklist form offers, and exactly the patients it must show, in the default order (newest study first: nothing is scored). */
const FILTER_CASES: { name: string; filters: ShownFilters; patients: string[] }[] = [
  {
    name: 'no filter',
    filters: {},
    patients: ['SYNTHETIC^CHEST0002', 'SYNTHETIC^CT0000', 'SYNTHETIC^CHEST0003', 'SYNTHETIC^CHEST0001', 'SYNTHETIC^CHEST0000'],
  },
  { name: 'name, any part, any case', filters: { name: 'chest0001' }, patients: ['SYNTHETIC^CHEST0001'] },
  { name: 'modality CT', filters: { modality: 'CT' }, patients: ['SYNTHETIC^CT0000'] },
  {
    name: 'modality DX',
    filters: { modality: 'DX' },
    patients: ['SYNTHETIC^CHEST0002', 'SYNTHETIC^CHEST0003', 'SYNTHETIC^CHEST0001', 'SYNTHETIC^CHEST0000'],
  },
  {
    name: 'date range, both ends inclusive',
    filters: { dateFrom: '2023-04-26', dateTo: '2023-11-16' },
    patients: ['SYNTHETIC^CHEST0003', 'SYNTHETIC^CHEST0001'],
  },
  { name: 'from a date on', filters: { dateFrom: '2024-05-26' }, patients: ['SYNTHETIC^CHEST0002', 'SYNTHETIC^CT0000'] },
  {
    name: 'name, modality and date together',
    filters: { name: 'synthetic', modality: 'DX', dateTo: '2022-12-31' },
    patients: ['SYNTHETIC^CHEST0000'],
  },
  { name: 'nothing matches', filters: { modality: 'MR' }, patients: [] },
];

/** The rows the worklist must show for these patients (from the studies' own table). */
function expectedRows(patients: string[]) {
  return patients.map((name) => {
    const study = CLINIC_WORKLIST.find((s) => s.patientName === name);
    if (!study) throw new Error(`${name} is not in CLINIC_WORKLIST`);
    return { patient: shownName(name), studyDate: shownDate(study.studyDate), modality: study.modality, images: String(study.instances) };
  });
}

describe('a clinician in the browser: worklist, the 100-slice CT, window/level, verifying a label, signing out', () => {
  let clinic: Clinic;
  let clinicianToken: string;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  /** Slice 1 and slice 100 of the CT as the server serves them. */
  const ctFrames: Awaited<ReturnType<typeof storedFrame>>[] = [];

  beforeAll(async () => {
    clinic = await openClinic();
    clinicianToken = await issueToken(clinic.api.url, ADMIN_TOKEN, 'dr-grey', 'clinician');
    for (const slice of [clinic.studies.ct[0], clinic.studies.ct[CT_SLICES - 1]])
      ctFrames.push(await storedFrame(clinic.api.url, ADMIN_TOKEN, slice));
    context = await newViewportContext(clinic.browser, VIEWPORTS.desktop);
    page = await context.newPage();
    pageErrors = collectPageErrors(page);
  });
  afterAll(async () => {
    await context?.close();
    await clinic?.close();
  });

  it('signs in with a token an admin issued, and the worklist filters by name, modality and date range to exactly the expected rows', async () => {
    await signIn(page, clinic.api.url, clinicianToken);
    expect(await page.getByTestId('signed-in-as').textContent()).toBe('dr-grey (clinician)');
    await imagesLoaded(page);
    await screenshot(page, `worklist-${VIEWPORTS.desktop.name}`);
    const shown: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const { name, filters, patients } of FILTER_CASES) {
      const rows = await filterWorklist(page, filters);
      shown[name] = rows.map(({ patient, studyDate, modality, images }) => ({ patient, studyDate, modality, images }));
      expected[name] = expectedRows(patients);
    }
    expect(shown).toEqual(expected);
    expect((await worklistRows(page)).length).toBe(0); // the last case: nothing shown, the table is empty
  });

  it('opens the 100-slice CT, End and the arrow keys reach slice 100, and the canvas shows THAT slice', async () => {
    await filterWorklist(page, {});
    await openStudy(page, clinic.imageSetOf('SYNTHETIC^CT0000'));
    expect(await sliceIndicator(page)).toBe(`1 / ${CT_SLICES}`);
    const window = await shownWindow(page);
    expect(window).toEqual({ text: 'W 400 L 40', width: 400, center: 40 }); // the CT's own window
    const first = await canvasGrey(page);
    const slice1 = windowFrame(ctFrames[0], window);
    const slice100 = windowFrame(ctFrames[1], window);

    await afterRender(page, () => page.keyboard.press('End'), CT_SLICES - 1);
    expect(await sliceIndicator(page)).toBe(`${CT_SLICES} / ${CT_SLICES}`);
    await afterRender(page, () => page.keyboard.press('ArrowUp'), CT_SLICES - 2);
    expect(await sliceIndicator(page)).toBe(`${CT_SLICES - 1} / ${CT_SLICES}`);
    await afterRender(page, () => page.keyboard.press('ArrowDown'), CT_SLICES - 1);
    expect(await sliceIndicator(page)).toBe(`${CT_SLICES} / ${CT_SLICES}`);
    const last = await canvasGrey(page);

    const report = {
      firstVsSlice1: summary(first, slice1),
      lastVsSlice100: summary(last, slice100),
      lastVsSlice1: summary(last, slice1),
    };
    console.log(`canvas against the server's frames (grey levels): ${JSON.stringify(report)}`);
    // Not blank: the phantom's body, lungs and bone spread the grey levels widely.
    expect(greySpread(last)).toBeGreaterThan(30);
    // The canvas is slice 100 at the shown window: under 2 grey levels off on average (measured here: 0.3; 8-bit
    // rounding and the GPU's LUT make up to 1), and at least 97 % of pixels within NEAR (measured 99.5 %: the rest
    // are where air meets bone, whose texels differ by most of the range and a sample a tenth of a texel off
    // centre is off by a tenth of that). Slice 1 by the same measure is 15 grey levels off: 10 times at least.
    expect(report.firstVsSlice1.meanAbsDiff).toBeLessThan(2);
    expect(report.lastVsSlice100.meanAbsDiff).toBeLessThan(2);
    expect(report.lastVsSlice100.nearShare).toBeGreaterThan(0.97);
    expect(report.lastVsSlice1.meanAbsDiff).toBeGreaterThan(10 * Math.max(1, report.lastVsSlice100.meanAbsDiff));
    expect(meanAbsDifference(first, last)).toBeGreaterThan(10);
    await screenshot(page, `viewer-${VIEWPORTS.desktop.name}`);
  });

  it('changes window/level with the lung preset and with a drag: the readout and the pixels follow', async () => {
    const before = await canvasGrey(page);
    await afterRender(page, () => page.getByTestId('preset-lung').click());
    const lung = await shownWindow(page);
    expect(lung).toEqual({ text: 'W 1500 L -600', width: 1500, center: -600 });
    const lungCanvas = await canvasGrey(page);
    expect(matchCanvas(lungCanvas, windowFrame(ctFrames[1], lung)).meanAbsDiff).toBeLessThan(2);
    expect(meanAbsDifference(before, lungCanvas)).toBeGreaterThan(10);

    const box = await page.getByTestId('viewer-viewport').boundingBox();
    if (!box) throw new Error('no viewport on screen');
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await afterRender(page, async () => {
      await page.mouse.move(x, y);
      await page.mouse.down();
      await page.mouse.move(x + 80, y + 60, { steps: 8 });
      await page.mouse.up();
    });
    const dragged = await shownWindow(page);
    expect(dragged.text).not.toBe(lung.text);
    const draggedCanvas = await canvasGrey(page);
    expect(matchCanvas(draggedCanvas, windowFrame(ctFrames[1], dragged)).meanAbsDiff).toBeLessThan(2);
    expect(meanAbsDifference(lungCanvas, draggedCanvas)).toBeGreaterThan(1);
    await screenshot(page, `viewer-window-level-${VIEWPORTS.desktop.name}`);
  });

  it('verifies a chest radiograph (a first finding, then a correction with a note): the worklist and the history show both versions', async () => {
    const chest = clinic.imageSetOf('SYNTHETIC^CHEST0003');
    await page.getByTestId('back-to-worklist').click();
    await worklistLoaded(page, 1);
    await openStudy(page, chest);
    const panel = page.getByTestId('label-panel');
    await page.locator('[data-testid=label-panel][data-version="0"]').waitFor();
    // No model and no label yet: nothing to confirm, a finding to set.
    expect({
      prediction: await page.getByTestId('label-prediction').textContent(),
      current: await page.getByTestId('label-current').textContent(),
      confirm: await page.getByTestId('label-confirm').isDisabled(),
    }).toEqual({ prediction: 'no model yet', current: 'no label yet', confirm: true });

    await page.getByTestId('label-finding').selectOption('pneumonia');
    await page.getByTestId('label-correct').click();
    await page.locator('[data-testid=label-panel][data-version="1"]').waitFor();
    // Now the panel offers to confirm the finding shown, and a correction with a note.
    expect(await page.getByTestId('label-confirm').textContent()).toBe('Confirm pneumonia');
    await page.getByTestId('label-finding').selectOption('normal');
    await page.getByTestId('label-note').fill('no consolidation on second look');
    await page.getByTestId('label-correct').click();
    await page.locator('[data-testid=label-panel][data-version="2"]').waitFor();
    expect({
      state: await panel.getAttribute('data-state'),
      current: await page.getByTestId('label-current').textContent(),
      history: await page.getByTestId('label-history-item').evaluateAll((items) =>
        items.map((item) => ({
          version: item.getAttribute('data-version'),
          finding: item.getAttribute('data-finding'),
          note: item.querySelector('.note')?.textContent ?? null,
          by: /by (\S+ \(\S+\))/.exec(item.textContent ?? '')?.[1],
        })),
      ),
    }).toEqual({
      state: 'corrected',
      current: 'normal — corrected',
      history: [
        { version: '2', finding: 'normal', note: 'no consolidation on second look', by: 'dr-grey (clinician)' },
        { version: '1', finding: 'pneumonia', note: null, by: 'dr-grey (clinician)' },
      ],
    });
    await screenshot(page, `label-panel-${VIEWPORTS.desktop.name}`);

    await page.getByTestId('back-to-worklist').click();
    const loads = await worklistLoads(page);
    await worklistLoaded(page, Math.max(1, loads));
    const row = (await worklistRows(page)).find((r) => r.imageSetId === chest);
    expect(row?.verification).toBe('corrected: normal');
  });

  it('signs out: back at sign-in, and the old session cookie is refused', async () => {
    const [cookie] = (await context.cookies()).filter((c) => c.name === 'triage_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    await page.getByTestId('sign-out').click();
    await page.getByTestId('sign-in-form').waitFor();
    expect(await context.cookies()).toEqual([]);
    const headers = { cookie: `triage_session=${cookie.value}` };
    const after = {
      session: (await requestJson(`${clinic.api.url}/session`, { headers })).status,
      config: (await requestJson(`${clinic.api.url}/api/config`, { headers })).status,
    };
    expect(after).toEqual({ session: 401, config: 401 });
    // Leaving a page cancels its live-update stream and any frame still coming (ERR_ABORTED); the 401s are the
    // session probe before sign-in and after sign-out; the browser asks for a favicon the viewer does not have.
    // Nothing else may have gone wrong in the page.
    console.log(`page errors: ${JSON.stringify(pageErrors)}`);
    expect(pageErrors.filter((e) => !/net::ERR_ABORTED|status of 401|\/favicon\.ico\)$/.test(e))).toEqual([]);
  });

  it('at 1024x768 with touch: a one-finger swipe scrolls through the slices; screenshots of each page', async () => {
    const tablet = await newViewportContext(clinic.browser, VIEWPORTS.tablet);
    try {
      const touchPage = await tablet.newPage();
      await signIn(touchPage, clinic.api.url, clinicianToken);
      await imagesLoaded(touchPage);
      await screenshot(touchPage, `worklist-${VIEWPORTS.tablet.name}`);
      await openStudy(touchPage, clinic.imageSetOf('SYNTHETIC^CT0000'));
      const box = await touchPage.getByTestId('viewer-viewport').boundingBox();
      if (!box) throw new Error('no viewport on screen');
      const cdp = await tablet.newCDPSession(touchPage);
      const x = Math.round(box.x + box.width / 2);
      const y = Math.round(box.y + box.height * 0.3);
      await afterRender(touchPage, async () => {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
        for (let step = 1; step <= 10; step++)
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: y + step * 25 }] });
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      });
      const stats = await viewerStats(touchPage);
      expect(stats.currentSlice).not.toBe(0);
      expect(await sliceIndicator(touchPage)).toBe(`${stats.currentSlice + 1} / ${CT_SLICES}`);
      await screenshot(touchPage, `viewer-${VIEWPORTS.tablet.name}`);
      await touchPage.getByTestId('back-to-worklist').click();
      await worklistLoaded(touchPage, 1);
      await openStudy(touchPage, clinic.imageSetOf('SYNTHETIC^CHEST0003'));
      await touchPage.locator('[data-testid=label-panel][data-version="2"]').waitFor();
      await screenshot(touchPage, `label-panel-${VIEWPORTS.tablet.name}`);
    } finally {
      await tablet.close();
    }
  });
});

/** The canvas against one expected image: the match's figures, rounded for the log. */
function summary(canvas: GreyImage, expected: GreyImage) {
  const m = matchCanvas(canvas, expected);
  return { meanAbsDiff: Number(m.meanAbsDiff.toFixed(2)), nearShare: Number(m.nearShare.toFixed(4)), scale: Number(m.scale.toFixed(3)) };
}
